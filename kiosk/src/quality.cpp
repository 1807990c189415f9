#include "quality.h"

#include <opencv2/imgproc.hpp>

namespace docintake::kiosk {

FrameQuality MeasureQuality(const cv::Mat& frame) {
    FrameQuality q;
    if (frame.empty()) return q;
    cv::Mat gray;
    if (frame.channels() == 3) cv::cvtColor(frame, gray, cv::COLOR_BGR2GRAY);
    else if (frame.channels() == 4) cv::cvtColor(frame, gray, cv::COLOR_BGRA2GRAY);
    else gray = frame;
    if (gray.cols > 320) {
        const double scale = 320.0 / gray.cols;
        cv::resize(gray, gray, cv::Size(), scale, scale, cv::INTER_AREA);
    }
    cv::Mat lap;
    cv::Laplacian(gray, lap, CV_32F);
    cv::Scalar mean, stddev;
    cv::meanStdDev(lap, mean, stddev);
    q.sharpness = stddev[0] * stddev[0];
    q.mean_level = cv::mean(gray)[0];
    const double total = static_cast<double>(gray.total());
    q.clipped_fraction = (cv::countNonZero(gray <= 2) + cv::countNonZero(gray >= 253)) / total;
    q.glare_fraction = cv::countNonZero(gray >= 250) / total;
    return q;
}

}  // namespace docintake::kiosk
