#pragma once
// Convenience for OpenCV users: an ImageView of a cv::Mat (8-bit, 1, 3 or 4
// channels, BGR order as OpenCV uses). The Mat must outlive the view.

#include <opencv2/core/mat.hpp>

#include "docintake/image_view.h"

namespace docintake {

inline ImageView ViewOf(const cv::Mat& mat) {
    if (mat.empty() || mat.depth() != CV_8U) return {};
    PixelFormat f;
    switch (mat.channels()) {
        case 1: f = PixelFormat::Gray; break;
        case 3: f = PixelFormat::BGR; break;
        case 4: f = PixelFormat::BGRA; break;
        default: return {};
    }
    return ImageView(mat.data, mat.cols, mat.rows, f, static_cast<int>(mat.step[0]));
}

}  // namespace docintake
