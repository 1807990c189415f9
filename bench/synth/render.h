#pragma once
// Internal pieces of the renderer: the flat document, the scene behind it and
// the camera. Only synth.cpp puts them together.

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "synth/rng.h"
#include "synth/synth.h"

namespace docintake::synth {

// Streams of the seed (any distinct numbers): every random choice comes from
// its own stream, so that changing one effect does not change the rest.
enum Stream : std::uint64_t { kSpec = 1, kCard = 2, kScene = 3, kPlace = 4, kCamera = 5, kCorrupt = 6, kTest = 7, kHand = 8, kJitter = 100 };

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

// The sealed test set's scenes and light (test_scenes.cpp); never called for
// the development profiles.
void DrawTestConditions(TestConditions& test, Rng& rng);  // what MakeSpec draws for Profile::Test
cv::Mat RenderTestBackdrop(cv::Size size, Backdrop backdrop, Rng& rng);  // backdrop != Desk
// Multiplies the linear-light frame (CV_32FC3, 0-1) by the test light; lighting != Standard.
void ApplyTestLighting(cv::Mat& frame, const TestConditions& test, Rng& rng);
// Thumbs of the hand holding the document (Backdrop::Room), on its side edges and
// never over the MRZ; quads in reading order as in SynthDocument.
void DrawHoldingThumbs(cv::Mat& frame, const std::array<cv::Point2f, 4>& document_quad,
                       const std::array<cv::Point2f, 4>& mrz_quad, Rng& rng);

// Light, optics, sensor and compression, in the order a camera applies them.
// mrz_center is where glare_over_mrz aims (ignored when there is no MRZ).
void ApplyCamera(cv::Mat& frame, const Effects& effects, cv::Point2f mrz_center, double mrz_size_px, Rng& rng);

// Text drawing with the Debian fonts; cached per thread.
enum class Font { OcrB, Sans, SansBold, Serif, Mono };
void DrawText(cv::Mat& img, const std::string& text, cv::Point2d baseline_left, double cap_px,
              const cv::Scalar& color, Font font);
double TextWidth(const std::string& text, double cap_px, Font font);

}  // namespace docintake::synth
