#pragma once
// Stage 2: text lines along one direction, and groups of 2-3 lines that look
// like a machine-readable zone (long, equal length, aligned, evenly stacked).

#include <array>
#include <vector>

#include <opencv2/core.hpp>

#include "vision/components.h"

namespace docintake::vision {

// A text line in a frame rotated by `angle` (u along the text, v across it).
struct TextLine {
    double u0 = 0, u1 = 0;  // extent along the text
    double a = 0, b = 0;    // centre line v = a*u + b
    double height = 0;      // glyph height
    int members = 0;
    double V(double u) const { return a * u + b; }
    double Length() const { return u1 - u0; }
};

struct ZoneCandidate {
    double angle = 0;              // text direction (radians); may be upside down
    std::vector<TextLine> lines;   // ordered by v
    double score = 0;              // 0..1
    // Text block corners in working-image pixels: top-left, top-right,
    // bottom-right, bottom-left as seen in the rotated frame.
    std::array<cv::Point2d, 4> quad;
    double char_height = 0;        // working-image pixels
    bool partial = false;          // a line may be cut short (zones.cpp: Stackable)
};

std::vector<ZoneCandidate> FindZones(const InkMap& ink, const DirectionPeak& direction);

}  // namespace docintake::vision
