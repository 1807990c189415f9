#pragma once
// OCR-ready images of the lines of a located zone, and whether the zone is
// upside down.

#include <array>
#include <vector>

#include <opencv2/core.hpp>

#include "vision/locate.h"

namespace docintake::vision {

// quad: zone corners in the frame (cap top of the first line to baseline of the
// last); rect_size: the zone's size at kLineCapHeight; line_tops: y of each
// line's cap top in that rectangle.
std::vector<MrzLineImage> ExtractLineImages(const cv::Mat& frame, const std::array<cv::Point2f, 4>& quad,
                                            cv::Size2d rect_size, const std::vector<double>& line_tops);

// Flattens illumination: paper to ~255, darkest ink to ~0, grey levels kept.
cv::Mat FlattenBackground(const cv::Mat& line);

struct OrientationVote {
    bool upside_down = false;
    bool certain = false;
    double evidence = 0;  // signed, > 0 means upright
    double filler_side = 0;  // > 0: lighter (filler) ink on the right, as upright
};

// ICAO filler characters '<' open to the right: across a run of them the ink
// grows slowly from the tip and ends abruptly; upside down it is the reverse.
OrientationVote JudgeOrientation(const std::vector<MrzLineImage>& lines);

}  // namespace docintake::vision
