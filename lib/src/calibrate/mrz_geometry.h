#pragma once
// The MRZ's geometry in a frame, from a reading: its cells' quad, characters
// per line, and from those the scale at the document plane.

#include <array>
#include <optional>

#include <opencv2/core.hpp>

#include "docintake/read_mrz.h"

namespace docintake::calibrate {

struct MrzGeometry {
    std::array<cv::Point2f, 4> quad;  // TL, TR, BR, BL of the upright zone's cells
    int chars = 0;                    // per line: 30, 36 or 44; 0 when the reading has no text
    double char_height_px = 0;
    double px_per_mm = 0;             // 0 when chars is unknown
};

// Absent when the reading has no zone, or its quad is degenerate or far outside the frame.
std::optional<MrzGeometry> MrzGeometryOf(const MrzReadResult& reading, cv::Size frame);

// The zone warped upright with characters kRectifiedCapPx high.
constexpr double kRectifiedCapPx = 20;
cv::Mat RectifyMrz(const cv::Mat& gray, const MrzGeometry& geometry);

}  // namespace docintake::calibrate
