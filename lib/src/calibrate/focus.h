#pragma once
// Focus measure shared by the frame and the MRZ: how steep the steepest edges
// are per unit of their own contrast.

#include <opencv2/core.hpp>

namespace docintake::calibrate {

// gray: CV_8UC1. About 1 for a one-pixel step edge, falling as 1/blur; 0 when
// nothing in the image has enough contrast to judge (a blank wall).
double EdgeSharpness(const cv::Mat& gray);

}  // namespace docintake::calibrate
