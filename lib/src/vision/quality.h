#pragma once
// Frame-level checks a kiosk can act on.

#include <opencv2/core.hpp>

namespace docintake::vision {

// Mean grey level of the (working) frame, 0..255.
double MeanBrightness(const cv::Mat& gray);

// True when the quad is not fully inside the frame with a margin of `margin` px.
bool TouchesBorder(const cv::Point2f* quad, cv::Size frame, double margin);

}  // namespace docintake::vision
