#pragma once
// Internal pieces of the renderer: the flat document, the scene behind it and
// the camera. Only synth.cpp puts them together.

#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "synth/rng.h"
#include "synth/synth.h"

namespace docintake::synth {

// A flat document rendered at px_per_mm, with where its MRZ glyphs are.
struct CardImage {
    cv::Mat image;       // CV_8UC3 BGR
    cv::Mat mask;        // CV_8UC1, 255 inside the document (rounded corners, booklet)
    cv::Rect2d page;     // the card or data page within image (the booklet can show more)
    cv::Point2d mrz_origin;  // left edge of the first cell, at the cap top of line 1
    double pitch_px = 0;     // character pitch (ICAO: 2.54 mm)
    double cap_px = 0;       // cap height of the OCR-B glyphs
    double line_pitch_px = 0;
    int chars = 0, lines = 0;
};

CardImage RenderCard(MrzFormat format, const std::vector<std::string>& lines, double px_per_mm, Rng& rng);

// Size of the document in mm (width, height) and the typical MRZ cap height.
cv::Size2d DocumentSizeMm(MrzFormat format);
constexpr double kMrzPitchMm = 2.54;
constexpr double kMrzCapMm = 2.35;

// A busy table-top scene: wood, cloth, plain desks, papers, pens, a phone.
cv::Mat RenderBackground(cv::Size size, Rng& rng);

// Light, optics, sensor and compression, in the order a camera applies them.
// mrz_center is where glare_over_mrz aims (ignored when there is no MRZ).
void ApplyCamera(cv::Mat& frame, const Effects& effects, cv::Point2f mrz_center, double mrz_size_px, Rng& rng);

// Text drawing with the Debian fonts; cached per thread.
enum class Font { OcrB, Sans, SansBold, Serif, Mono };
void DrawText(cv::Mat& img, const std::string& text, cv::Point2d baseline_left, double cap_px,
              const cv::Scalar& color, Font font);
double TextWidth(const std::string& text, double cap_px, Font font);

}  // namespace docintake::synth
