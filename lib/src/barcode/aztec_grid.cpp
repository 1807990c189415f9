// Grid refinement for Aztec symbols (see aztec_grid.h): coordinate descent on
// the image positions of four control points, the corners of the refined
// square, scored by how far the module samples lie from the threshold.

#include "barcode/aztec_grid.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <opencv2/imgproc.hpp>
#include <vector>

namespace docintake::barcode {
namespace {

// Bilinear sample; false outside the image (the grid has left it).
bool Bilinear(const cv::Mat& img, double x, double y, float& out) {
    if (!(x >= 0 && y >= 0 && x <= img.cols - 1.001 && y <= img.rows - 1.001)) return false;
    const int x0 = static_cast<int>(x), y0 = static_cast<int>(y);
    const float fx = static_cast<float>(x - x0), fy = static_cast<float>(y - y0);
    const float* r0 = img.ptr<float>(y0) + x0;
    const float* r1 = img.ptr<float>(y0 + 1) + x0;
    out = (r0[0] * (1 - fx) + r0[1] * fx) * (1 - fy) + (r1[0] * (1 - fx) + r1[1] * fx) * fy;
    return true;
}

// The grid's fit on the modules within `radius`: the summed distance of the
// samples from the threshold. -inf when a sample falls outside the image.
double Score(const cv::Mat& smooth, const cv::Mat& H, double threshold, int radius) {
    const double* h = H.ptr<double>(0);
    double sum = 0;
    // Large grids are scored on every stride-th row and column (at most
    // about 40 x 40 samples): enough to place them, at a bounded cost.
    const int stride = std::max(1, (2 * radius + 1) / 40);
    for (int y = -radius; y <= radius; y += stride)
        for (int x = -radius; x <= radius; x += stride) {
            const double w = h[6] * x + h[7] * y + h[8];
            if (!(w > 1e-9)) return -std::numeric_limits<double>::infinity();
            float v = 0;
            if (!Bilinear(smooth, (h[0] * x + h[1] * y + h[2]) / w, (h[3] * x + h[4] * y + h[5]) / w, v))
                return -std::numeric_limits<double>::infinity();
            sum += std::abs(v - threshold);
        }
    return sum;
}

cv::Mat FromCorners(const std::array<cv::Point2f, 4>& image, float r) {
    const std::vector<cv::Point2f> square = {{-r, -r}, {r, -r}, {r, r}, {-r, r}};
    return cv::getPerspectiveTransform(square, std::vector<cv::Point2f>(image.begin(), image.end()));
}

}  // namespace

cv::Point2d ApplyHomography(const cv::Mat& H, cv::Point2d p) {
    const double* h = H.ptr<double>(0);
    const double w = h[6] * p.x + h[7] * p.y + h[8];
    if (std::abs(w) < 1e-12) return {-1e9, -1e9};
    return {(h[0] * p.x + h[1] * p.y + h[2]) / w, (h[3] * p.x + h[4] * p.y + h[5]) / w};
}

bool RefineGrid(const cv::Mat& smooth, double threshold, int radius, cv::Mat& H) {
    if (smooth.empty() || smooth.type() != CV_32FC1 || H.rows != 3 || H.cols != 3 || H.type() != CV_64F ||
        radius < 1)
        return false;
    // Control points at the corners of the refined square: moving one moves
    // the grid most where the samples are.
    const auto r = static_cast<float>(radius);
    std::array<cv::Point2f, 4> corners{};
    const cv::Point2d square[4] = {{-r, -r}, {r, -r}, {r, r}, {-r, r}};
    for (int i = 0; i < 4; ++i) {
        const cv::Point2d p = ApplyHomography(H, square[i]);
        if (!std::isfinite(p.x) || !std::isfinite(p.y)) return false;
        corners[static_cast<std::size_t>(i)] = cv::Point2f(static_cast<float>(p.x), static_cast<float>(p.y));
    }
    // Pixels per module, from the square's extent.
    const double module = (cv::norm(corners[2] - corners[0]) + cv::norm(corners[3] - corners[1])) / (2 * 2.83 * r);
    if (!(module > 0.5) || module > 200) return false;
    cv::Mat best_h;
    try {
        best_h = FromCorners(corners, r);
    } catch (const cv::Exception&) {
        return false;
    }
    double best = Score(smooth, best_h, threshold, radius);
    if (!std::isfinite(best)) return false;
    // Steps from a third of a module down to a thirtieth; the extrapolation
    // from the previous radius is within about half a module.
    for (double step = module / 3; step > module / 30; step /= 2) {
        for (int round = 0; round < 8; ++round) {
            bool moved = false;
            for (int c = 0; c < 8; ++c) {
                for (double d : {step, -step}) {
                    std::array<cv::Point2f, 4> trial = corners;
                    cv::Point2f& p = trial[static_cast<std::size_t>(c / 2)];
                    (c % 2 ? p.y : p.x) += static_cast<float>(d);
                    cv::Mat h;
                    try {
                        h = FromCorners(trial, r);
                    } catch (const cv::Exception&) {
                        continue;  // the trial square folded over
                    }
                    const double s = Score(smooth, h, threshold, radius);
                    if (s > best) {
                        best = s;
                        best_h = h;
                        corners = trial;
                        moved = true;
                        break;
                    }
                }
            }
            if (!moved) break;
        }
    }
    H = best_h;
    return true;
}

cv::Mat SampleModules(const cv::Mat& smooth, const cv::Mat& H, int size) {
    cv::Mat out(size, size, CV_32F, cv::Scalar(0));
    const double half = size / 2.0;
    for (int y = 0; y < size; ++y)
        for (int x = 0; x < size; ++x) {
            const cv::Point2d p = ApplyHomography(H, {x + 0.5 - half, y + 0.5 - half});
            float v = 0;
            out.at<float>(y, x) = Bilinear(smooth, p.x, p.y, v) ? v : 255.0f;
        }
    return out;
}

}  // namespace docintake::barcode
