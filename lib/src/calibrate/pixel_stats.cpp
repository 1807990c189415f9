#include "calibrate/pixel_stats.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include <opencv2/imgproc.hpp>

namespace docintake::calibrate {
namespace {

constexpr int kGlareLevel = 248;
constexpr double kMinGlareArea = 0.0005;  // of the image
// Rows sampled for noise: every 4th, each one's 3x3 neighbourhood, every 2nd column.
constexpr int kNoiseRowStep = 4;

}  // namespace

Exposure MeasureExposure(const cv::Mat& gray) {
    Exposure e;
    if (gray.empty()) return e;
    // Every second pixel of every second row: half a million samples of a 1080p
    // frame pin fractions down far below what a technician acts on, in a quarter of the time.
    const int step = gray.total() > 200000 ? 2 : 1;
    std::array<std::int64_t, 256> hist{};
    std::int64_t samples = 0;
    for (int y = 0; y < gray.rows; y += step) {
        const auto* p = gray.ptr<std::uint8_t>(y);
        for (int x = 0; x < gray.cols; x += step) ++hist[p[x]];
        samples += (gray.cols + step - 1) / step;
    }
    const double n = static_cast<double>(samples);
    double sum = 0;
    std::int64_t high = 0, low = 0;
    for (int v = 0; v < 256; ++v) {
        sum += static_cast<double>(hist[static_cast<std::size_t>(v)]) * v;
        if (v >= 250) high += hist[static_cast<std::size_t>(v)];
        if (v <= 5) low += hist[static_cast<std::size_t>(v)];
    }
    e.mean_level = sum / n;
    e.highlights = static_cast<double>(high) / n;
    e.shadows = static_cast<double>(low) / n;
    return e;
}

double NoiseSigma(const cv::Mat& gray) {
    if (gray.empty() || gray.rows < 3 || gray.cols < 3) return 0;
    // |response| histogram up to 4 * 255 * 4 (the mask's L1 norm is 16).
    std::vector<std::int64_t> hist(16 * 255 + 1, 0);
    std::int64_t count = 0;
    for (int y = 1; y < gray.rows - 1; y += kNoiseRowStep) {
        const auto* a = gray.ptr<std::uint8_t>(y - 1);
        const auto* b = gray.ptr<std::uint8_t>(y);
        const auto* c = gray.ptr<std::uint8_t>(y + 1);
        for (int x = 1; x < gray.cols - 1; x += 2) {
            if (b[x] <= 5 || b[x] >= 250) continue;
            // [1 -2 1; -2 4 -2; 1 -2 1]
            const int r = a[x - 1] - 2 * a[x] + a[x + 1] - 2 * (b[x - 1] - 2 * b[x] + b[x + 1]) + c[x - 1] - 2 * c[x] + c[x + 1];
            ++hist[static_cast<std::size_t>(std::abs(r))];
            ++count;
        }
    }
    if (count == 0) return 0;
    std::int64_t seen = 0;
    for (std::size_t v = 0; v < hist.size(); ++v) {
        seen += hist[v];
        if (2 * seen >= count) {
            // Interpolate within the integer bin so that low noise is not all 0 or 1.
            const double before = static_cast<double>(seen - hist[v]);
            const double within = hist[v] ? (0.5 * static_cast<double>(count) - before) / static_cast<double>(hist[v]) : 0.5;
            const double median = std::max(0.0, static_cast<double>(v) - 0.5 + within);
            // Gaussian: median |X| = 0.6745 sigma_X, and the mask's L2 norm is 6.
            return median / (0.6745 * 6.0);
        }
    }
    return 0;
}

GlareAreas FindGlare(const cv::Mat& gray) {
    GlareAreas out;
    if (gray.empty()) return out;
    cv::Mat bright, labels, stats, centroids;
    cv::threshold(gray, bright, kGlareLevel - 1, 255, cv::THRESH_BINARY);
    out.mask = cv::Mat::zeros(gray.size(), CV_8UC1);
    if (cv::countNonZero(bright) == 0) return out;
    const int n = cv::connectedComponentsWithStats(bright, labels, stats, centroids, 8, CV_32S);
    const int min_area = std::max(4, static_cast<int>(kMinGlareArea * static_cast<double>(gray.total())));
    int kept = 0;
    std::vector<std::uint8_t> keep(static_cast<std::size_t>(n), 0);
    for (int i = 1; i < n; ++i) {
        const int area = stats.at<int>(i, cv::CC_STAT_AREA);
        if (area < min_area) continue;
        kept += area;
        keep[static_cast<std::size_t>(i)] = 255;
        if (!out.largest || area > out.largest->area) {
            GlareArea g;
            g.box = {stats.at<int>(i, cv::CC_STAT_LEFT), stats.at<int>(i, cv::CC_STAT_TOP), stats.at<int>(i, cv::CC_STAT_WIDTH),
                     stats.at<int>(i, cv::CC_STAT_HEIGHT)};
            g.centroid = {centroids.at<double>(i, 0), centroids.at<double>(i, 1)};
            g.area = area;
            out.largest = g;
        }
    }
    if (kept > 0)
        for (int y = 0; y < labels.rows; ++y) {
            const int* l = labels.ptr<int>(y);
            auto* m = out.mask.ptr<std::uint8_t>(y);
            for (int x = 0; x < labels.cols; ++x) m[x] = keep[static_cast<std::size_t>(l[x])];
        }
    out.fraction = static_cast<double>(kept) / static_cast<double>(gray.total());
    return out;
}

double GlareFractionInside(const cv::Mat& mask, const std::array<cv::Point2f, 4>& quad, double scale) {
    if (mask.empty()) return 0;
    std::array<cv::Point, 4> pts;
    for (std::size_t i = 0; i < 4; ++i)
        pts[i] = cv::Point(static_cast<int>(std::lround(quad[i].x * scale)), static_cast<int>(std::lround(quad[i].y * scale)));
    cv::Mat inside = cv::Mat::zeros(mask.size(), CV_8UC1);
    cv::fillConvexPoly(inside, pts.data(), 4, cv::Scalar(255));
    const int total = cv::countNonZero(inside);
    if (total == 0) return 0;
    cv::Mat both;
    cv::bitwise_and(inside, mask, both);
    return static_cast<double>(cv::countNonZero(both)) / total;
}

}  // namespace docintake::calibrate
