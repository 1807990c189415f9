#pragma once
// A cheap look at a frame for the staff screen (is the camera in focus, lit,
// blinded?). Numbers only: no pixels are kept.

#include <opencv2/core/mat.hpp>

namespace docintake::kiosk {

struct FrameQuality {
    double sharpness = 0;         // variance of the Laplacian of a 320 px wide gray copy
    double mean_level = 0;        // mean gray level, 0..255
    double clipped_fraction = 0;  // share of pixels at 0-2 or 253-255
    double glare_fraction = 0;    // share of pixels at 250 or more
};

FrameQuality MeasureQuality(const cv::Mat& frame);

}  // namespace docintake::kiosk
