#include "vision/quality.h"

namespace docintake::vision {

double MeanBrightness(const cv::Mat& gray) { return gray.empty() ? 0 : cv::mean(gray)[0]; }

bool TouchesBorder(const cv::Point2f* quad, cv::Size frame, double margin) {
    for (int i = 0; i < 4; ++i) {
        const cv::Point2f& p = quad[i];
        if (p.x < margin || p.y < margin || p.x > frame.width - 1 - margin || p.y > frame.height - 1 - margin) return true;
    }
    return false;
}

}  // namespace docintake::vision
