#include "calibrate/focus.h"

#include <algorithm>
#include <array>
#include <cmath>

#include <opencv2/imgproc.hpp>

namespace docintake::calibrate {
namespace {

// Edges with less local contrast than this (grey levels) are left out: noise
// and texture would make any frame look sharp.
constexpr int kMinEdgeContrast = 24;
// The window that must span an edge's whole contrast: 7 px holds an edge
// blurred up to sigma ~2 px at the working scale; blurrier edges are
// under-credited for contrast, which only makes them score a little higher,
// never higher than a sharper edge.
constexpr int kContrastWindow = 7;
// Which of the edge pixels sets the measure: the steepest ones are the edge
// centres; this high a percentile is not moved by a few noisy pixels.
constexpr double kPercentile = 0.95;
constexpr int kBins = 512;

}  // namespace

double EdgeSharpness(const cv::Mat& gray) {
    if (gray.empty() || gray.type() != CV_8UC1 || gray.cols < 8 || gray.rows < 8) return 0;
    cv::Mat gx, gy, hi, lo;
    cv::Sobel(gray, gx, CV_16S, 1, 0, 3);
    cv::Sobel(gray, gy, CV_16S, 0, 1, 3);
    const cv::Mat kernel = cv::getStructuringElement(cv::MORPH_RECT, {kContrastWindow, kContrastWindow});
    cv::dilate(gray, hi, kernel);
    cv::erode(gray, lo, kernel);
    // A Sobel response to a step of contrast C is 4 C; the slope of a step one
    // pixel wide per unit contrast is then 1.
    std::array<int, kBins> hist{};
    int count = 0;
    for (int y = 1; y < gray.rows - 1; ++y) {
        const auto* px = gx.ptr<short>(y);
        const auto* py = gy.ptr<short>(y);
        const auto* ph = hi.ptr<std::uint8_t>(y);
        const auto* pl = lo.ptr<std::uint8_t>(y);
        for (int x = 1; x < gray.cols - 1; ++x) {
            const int contrast = ph[x] - pl[x];
            if (contrast < kMinEdgeContrast) continue;
            const float g = std::sqrt(static_cast<float>(px[x] * px[x] + py[x] * py[x]));
            const float r = std::min(g / static_cast<float>(4 * contrast), 1.4999f);
            ++hist[static_cast<std::size_t>(r * (kBins / 1.5f))];
            ++count;
        }
    }
    // Too few edges to judge: under ~0.1% of the image.
    if (count < std::max(32, gray.rows * gray.cols / 1000)) return 0;
    const int wanted = static_cast<int>(kPercentile * count);
    int seen = 0;
    for (int b = 0; b < kBins; ++b) {
        seen += hist[static_cast<std::size_t>(b)];
        if (seen > wanted) return (b + 0.5) * 1.5 / kBins;
    }
    return 1.5;
}

}  // namespace docintake::calibrate
