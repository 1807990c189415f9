#pragma once
// Exposure, noise and glare statistics of a grey frame.

#include <array>
#include <optional>

#include <opencv2/core.hpp>

namespace docintake::calibrate {

struct Exposure {
    double mean_level = 0;
    double highlights = 0;  // fraction >= 250
    double shadows = 0;     // fraction <= 5
};
Exposure MeasureExposure(const cv::Mat& gray);

// Sensor noise sigma in grey levels: the median absolute response of a
// zero-sum second-difference mask (Immerkaer's), which flat areas and straight
// ramps do not answer, over rows spread through the frame; clipped pixels are
// left out (they have no noise left).
double NoiseSigma(const cv::Mat& gray);

struct GlareArea {
    cv::Rect box;          // in the image given to FindGlare
    cv::Point2d centroid;
    int area = 0;
};
struct GlareAreas {
    double fraction = 0;              // kept areas over the image
    std::optional<GlareArea> largest;
    cv::Mat mask;                     // CV_8UC1, 255 on kept areas
};
// Near-saturated (>= 248) connected areas of at least 0.05% of the image.
GlareAreas FindGlare(const cv::Mat& gray);

// Fraction of the quad (frame coordinates, times `scale` to the mask's) that
// the glare mask covers. 0 for an empty quad.
double GlareFractionInside(const cv::Mat& mask, const std::array<cv::Point2f, 4>& quad, double scale);

}  // namespace docintake::calibrate
