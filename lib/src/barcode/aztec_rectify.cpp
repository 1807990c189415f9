// Bullseye search and rectification for Aztec symbols (see aztec_rectify.h).
//
// Module coordinates: the bullseye's centre module spans [-0.5, 0.5] in x and
// y. Its rings are square outlines at Chebyshev distance 1, 2, 3, ... modules,
// dark at even distances. In a binarised image (dark = foreground) this gives
// nested contours: the white ring 1 is the hole of dark ring 2 (outline 3x3
// modules), dark ring 2's outline is 5x5, and the white ring 3 is a hole of
// dark ring 4 whose outline is 7x7. Dark ring 4 may touch the mode message
// (compact symbols), so the chain stops there. All three outlines are
// measured, so one tilted or blurred ring does not decide the fit alone.

#include "barcode/aztec_rectify.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <opencv2/imgproc.hpp>

#include "barcode/aztec_grid.h"

namespace docintake::barcode {
namespace {

struct Bullseye {
    std::array<int, 3> rings{};  // contour indices: hole 3x3, dark 5x5, hole 7x7
    double module = 0;           // pixels per module, from the ring sizes
};

int Depth(const std::vector<cv::Vec4i>& hierarchy, int i) {
    int d = 0;
    while (i >= 0 && d < 64) {
        i = hierarchy[static_cast<std::size_t>(i)][3];
        ++d;
    }
    return d - 1;
}

// A closed outline of a ring: one child at most (the next ring inwards), and
// not far from square (perspective and tilt keep the filled share high).
bool SquareOutline(const std::vector<cv::Point>& contour, double& side) {
    const double area = cv::contourArea(contour);
    if (area < 4) return false;
    const cv::RotatedRect r = cv::minAreaRect(contour);
    const double lo = std::min(r.size.width, r.size.height), hi = std::max(r.size.width, r.size.height);
    if (lo < 2 || hi > 1.5 * lo || area < 0.7 * r.size.area()) return false;
    side = std::sqrt(area);
    return true;
}

bool Concentric(const std::vector<cv::Point>& a, const std::vector<cv::Point>& b, double tolerance) {
    const cv::Moments ma = cv::moments(a), mb = cv::moments(b);
    if (ma.m00 <= 0 || mb.m00 <= 0) return false;
    const double dx = ma.m10 / ma.m00 - mb.m10 / mb.m00, dy = ma.m01 / ma.m00 - mb.m01 / mb.m00;
    return dx * dx + dy * dy <= tolerance * tolerance;
}

// The four corners of a ring outline: the points farthest along the diagonals
// of its minimum-area box. Order follows the box angle, the same for every
// ring, so corners correspond across rings (and no mirroring is introduced).
std::array<cv::Point2f, 4> Corners(const std::vector<cv::Point>& contour, float angle_deg, cv::Point2f centre) {
    std::array<cv::Point2f, 4> out{};
    const float a = (angle_deg + 45.0f) * static_cast<float>(CV_PI) / 180.0f;
    for (int k = 0; k < 4; ++k) {
        const float t = a + static_cast<float>(k) * static_cast<float>(CV_PI) / 2;
        const cv::Point2f d(std::cos(t), std::sin(t));
        float best = -1e9f;
        for (const cv::Point& p : contour) {
            const cv::Point2f q(static_cast<float>(p.x) - centre.x, static_cast<float>(p.y) - centre.y);
            const float v = q.dot(d);
            if (v > best) {
                best = v;
                out[static_cast<std::size_t>(k)] = cv::Point2f(static_cast<float>(p.x), static_cast<float>(p.y));
            }
        }
    }
    return out;
}

// Least-squares affine map from module to image points, its scale then set to
// `module` pixels: ring corners are rounded by blur, which shrinks a corner
// fit, while the ring areas measure the module size without that bias.
cv::Mat FitRough(const std::vector<cv::Point2f>& from, const std::vector<cv::Point2f>& to, double module) {
    const int n = static_cast<int>(from.size());
    cv::Mat A(2 * n, 6, CV_64F, cv::Scalar(0)), b(2 * n, 1, CV_64F), h;
    for (int i = 0; i < n; ++i) {
        const double x = from[static_cast<std::size_t>(i)].x, y = from[static_cast<std::size_t>(i)].y;
        double* r0 = A.ptr<double>(2 * i);
        double* r1 = A.ptr<double>(2 * i + 1);
        r0[0] = x, r0[1] = y, r0[2] = 1;
        r1[3] = x, r1[4] = y, r1[5] = 1;
        b.at<double>(2 * i) = to[static_cast<std::size_t>(i)].x;
        b.at<double>(2 * i + 1) = to[static_cast<std::size_t>(i)].y;
    }
    if (!cv::solve(A, b, h, cv::DECOMP_SVD)) return {};
    const double det = h.at<double>(0) * h.at<double>(4) - h.at<double>(1) * h.at<double>(3);
    if (std::abs(det) < 1e-6) return {};
    const double f = module > 0 ? module / std::sqrt(std::abs(det)) : 1.0;
    cv::Mat H(3, 3, CV_64F, cv::Scalar(0));
    H.at<double>(0, 0) = f * h.at<double>(0), H.at<double>(0, 1) = f * h.at<double>(1), H.at<double>(0, 2) = h.at<double>(2);
    H.at<double>(1, 0) = f * h.at<double>(3), H.at<double>(1, 1) = f * h.at<double>(4), H.at<double>(1, 2) = h.at<double>(5);
    H.at<double>(2, 2) = 1;
    return H;
}

// Midpoints of a ring outline's four sides (module coordinates (h,0), (0,h),
// (-h,0), (0,-h) through `rough`): the mean of the outline points in the
// middle half of each side. Blur rounds corners, never the middle of sides.
bool SideMidpoints(const std::vector<cv::Point>& outline, const cv::Mat& rough, float h,
                   std::vector<cv::Point2f>& module_points, std::vector<cv::Point2f>& image_points) {
    cv::Mat inverse;
    cv::invert(rough, inverse);
    cv::Point2d sum[4];
    int count[4] = {0, 0, 0, 0};
    for (const cv::Point& p : outline) {
        const cv::Point2d m = ApplyHomography(inverse, cv::Point2d(p.x, p.y));
        for (int s = 0; s < 4; ++s) {
            const double along = s == 0 ? m.x : s == 1 ? m.y : s == 2 ? -m.x : -m.y;
            const double across = s % 2 == 0 ? m.y : m.x;
            if (along > 0 && std::abs(across) < 0.5 * along) {
                sum[s] += cv::Point2d(p.x, p.y);
                ++count[s];
            }
        }
    }
    const cv::Point2f ideal[4] = {{h, 0}, {0, h}, {-h, 0}, {0, -h}};
    for (int s = 0; s < 4; ++s) {
        if (count[s] < 2) return false;
        module_points.push_back(ideal[s]);
        image_points.emplace_back(static_cast<float>(sum[s].x / count[s]), static_cast<float>(sum[s].y / count[s]));
    }
    return true;
}

// Valid symbol sizes within `tolerance` modules of `modules`, nearest first:
// compact 1-4 layers, then full 1-32 layers (4 per layer plus two for each
// further pair of reference grid lines).
std::vector<int> SymbolSizesNear(double modules, double tolerance) {
    std::vector<int> sizes;
    for (int layers = 1; layers <= 32; ++layers) {
        const int compact = layers <= 4 ? 4 * layers + 11 : 0;
        const int full = 4 * layers + 2 * ((2 * layers + 6) / 15) + 15;
        for (int n : {compact, full})
            if (n > 0 && std::abs(n - modules) <= tolerance && std::find(sizes.begin(), sizes.end(), n) == sizes.end())
                sizes.push_back(n);
    }
    std::sort(sizes.begin(), sizes.end(),
              [&](int a, int b) { return std::abs(a - modules) < std::abs(b - modules); });
    return sizes;
}

// Side s of the symbol in module coordinates: 0 right (+x), 1 bottom (+y), 2 left, 3 top.
double Along(const cv::Point2d& m, int side) { return side == 0 ? m.x : side == 1 ? m.y : side == 2 ? -m.x : -m.y; }
double Across(const cv::Point2d& m, int side) { return side % 2 == 0 ? m.y : m.x; }

// The symbol's side in modules, from its outline: the blob around the
// bullseye, taken to module coordinates through `to_image`; each side's
// extent near its 90th percentile, so spurs and dents from white edge
// modules drop out. Text touching the symbol still adds a module or two.
// 0 when there is no blob around the bullseye.
double MeasureSymbol(const cv::Mat& blob, const cv::Mat& to_image) {
    std::vector<std::vector<cv::Point>> contours;
    cv::findContours(blob, contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_NONE);
    const cv::Point2d centre = ApplyHomography(to_image, {0, 0});
    const std::vector<cv::Point>* symbol = nullptr;
    for (const auto& c : contours)
        if (cv::pointPolygonTest(c, cv::Point2f(static_cast<float>(centre.x), static_cast<float>(centre.y)), false) > 0)
            symbol = &c;
    if (!symbol) return 0;
    cv::Mat inverse;
    if (!cv::invert(to_image, inverse)) return 0;
    double sum = 0;
    for (int s = 0; s < 4; ++s) {
        std::vector<double> along;
        for (const cv::Point& p : *symbol) {
            const cv::Point2d m = ApplyHomography(inverse, cv::Point2d(p.x, p.y));
            if (std::abs(Across(m, s)) < Along(m, s)) along.push_back(Along(m, s));
        }
        if (along.size() < 8) return 0;
        std::nth_element(along.begin(), along.begin() + static_cast<long>(along.size() * 9 / 10), along.end());
        sum += along[along.size() * 9 / 10];
    }
    return sum / 2;
}

// Candidate bullseyes in `gray`: chains hole 3x3 -> dark 5x5 -> hole 7x7.
std::vector<Bullseye> FindBullseyes(const std::vector<std::vector<cv::Point>>& contours,
                                    const std::vector<cv::Vec4i>& hierarchy) {
    std::vector<Bullseye> found;
    for (int i = 0; i < static_cast<int>(contours.size()); ++i) {
        const int dark = hierarchy[static_cast<std::size_t>(i)][3];
        if (dark < 0) continue;
        const int outer = hierarchy[static_cast<std::size_t>(dark)][3];
        if (outer < 0 || Depth(hierarchy, i) % 2 == 0) continue;  // i must be a hole
        double s1 = 0, s2 = 0, s3 = 0;
        if (!SquareOutline(contours[static_cast<std::size_t>(i)], s1) ||
            !SquareOutline(contours[static_cast<std::size_t>(dark)], s2) ||
            !SquareOutline(contours[static_cast<std::size_t>(outer)], s3))
            continue;
        // Outlines 3, 5 and 7 modules across. Thresholding and blur move every
        // dark/light boundary by about the same amount d (holes grow by 2d
        // when dark outlines shrink by 2d), so judge the sums, which cancel d.
        const double m = (s2 + s3) / 12, inner = (s1 + s2) / 8, d = (s1 - 3 * m) / 2;
        if (m < 1.2 || std::abs(inner - m) > 0.25 * m || std::abs(d) > 0.45 * m) continue;
        if (!Concentric(contours[static_cast<std::size_t>(i)], contours[static_cast<std::size_t>(outer)], m)) continue;
        Bullseye b;
        b.rings = {i, dark, outer};
        b.module = m;
        found.push_back(b);
    }
    // Larger first: a symbol's bullseye is larger than any ring pattern in its data.
    std::sort(found.begin(), found.end(), [](const Bullseye& a, const Bullseye& b) { return a.module > b.module; });
    return found;
}

// Affine module -> image map from the three ring outlines: corners first (to
// know which side is which), then the sides' midpoints, which blur leaves in
// place.
cv::Mat RingFit(const std::vector<std::vector<cv::Point>>& contours, const Bullseye& b) {
    const auto& outline = contours[static_cast<std::size_t>(b.rings[2])];
    const cv::RotatedRect box = cv::minAreaRect(outline);
    std::vector<cv::Point2f> image_points, module_points;
    const float half[3] = {1.5f, 2.5f, 3.5f};
    for (std::size_t r = 0; r < 3; ++r) {
        const auto corners = Corners(contours[static_cast<std::size_t>(b.rings[r])], box.angle, box.center);
        const float h = half[r];
        // Direction k of Corners is (1,1) turned by k quarter turns.
        const cv::Point2f m[4] = {{h, h}, {-h, h}, {-h, -h}, {h, -h}};
        for (int c = 0; c < 4; ++c) {
            image_points.push_back(corners[static_cast<std::size_t>(c)]);
            module_points.push_back(m[c]);
        }
    }
    const cv::Mat rough = FitRough(module_points, image_points, b.module);
    if (rough.empty()) return {};
    std::vector<cv::Point2f> mid_modules, mid_image;
    for (std::size_t r = 0; r < 3; ++r)
        if (!SideMidpoints(contours[static_cast<std::size_t>(b.rings[r])], rough, half[r], mid_modules, mid_image))
            return {};
    const cv::Mat better = FitRough(mid_modules, mid_image, 0);
    return better.empty() ? rough : better;
}

// Mean grey of the bullseye's dark rings (0, 2) and light rings (1, 3) through H.
bool RingLevels(const cv::Mat& gray, const cv::Mat& H, double& dark, double& light) {
    double level[2] = {0, 0};
    int count[2] = {0, 0};
    for (int y = -3; y <= 3; ++y)
        for (int x = -3; x <= 3; ++x) {
            const int ring = std::max(std::abs(x), std::abs(y));
            if (ring == 0) continue;  // the centre module is tiny and blurs most
            const cv::Point2d p = ApplyHomography(H, cv::Point2d(x, y));
            const long px = std::lround(p.x), py = std::lround(p.y);
            if (px < 0 || py < 0 || px >= gray.cols || py >= gray.rows) continue;
            level[ring % 2] += gray.at<uchar>(static_cast<int>(py), static_cast<int>(px));
            ++count[ring % 2];
        }
    if (count[0] == 0 || count[1] == 0) return false;
    dark = level[0] / count[0];
    light = level[1] / count[1];
    return light - dark >= 20;
}

// The view: module samples thresholded at Otsu's level, drawn k pixels per
// module inside a quiet zone; to_crop maps view pixels back through H.
// Before the threshold, each sample is pushed away from the mean of its four
// neighbours: at 2-3 px per module, blur mixes neighbouring modules, and a
// light module between dark ones samples mid-grey (bench-like frames at
// 2.5-3 px per module: 9 -> 17 of 20 read; none lost at 4-6).
AztecView Render(const cv::Mat& samples, const cv::Mat& H, int size, int k) {
    const int quiet = 3, n = size + 2 * quiet;
    constexpr float kAlpha = 0.6f;
    cv::Mat kernel(3, 3, CV_32F, cv::Scalar(0));
    kernel.at<float>(0, 1) = kernel.at<float>(1, 0) = kernel.at<float>(1, 2) = kernel.at<float>(2, 1) = 0.25f;
    cv::Mat neighbours, sharp, levels, bits;
    cv::filter2D(samples, neighbours, CV_32F, kernel, cv::Point(-1, -1), 0, cv::BORDER_REPLICATE);
    cv::addWeighted(samples, 1 + kAlpha, neighbours, -kAlpha, 0, sharp);
    sharp.convertTo(levels, CV_8U);
    cv::threshold(levels, bits, 0, 255, cv::THRESH_BINARY | cv::THRESH_OTSU);
    cv::Mat framed(n, n, CV_8UC1, cv::Scalar(255));
    bits.copyTo(framed(cv::Rect(quiet, quiet, size, size)));
    AztecView view;
    cv::resize(framed, view.image, cv::Size(n * k, n * k), 0, 0, cv::INTER_NEAREST);
    // View pixel u (centre convention) lies at module coordinate (u + 0.5) / k - quiet - size / 2.
    const double offset = 0.5 / k - quiet - size / 2.0;
    cv::Mat A(3, 3, CV_64F, cv::Scalar(0));
    A.at<double>(0, 0) = A.at<double>(1, 1) = 1.0 / k;
    A.at<double>(0, 2) = A.at<double>(1, 2) = offset;
    A.at<double>(2, 2) = 1.0;
    cv::gemm(H, A, 1.0, cv::noArray(), 0.0, view.to_crop);
    return view;
}

}  // namespace

std::vector<AztecView> FindAztecViews(const cv::Mat& gray, const AztecOptions& options) {
    std::vector<AztecView> views;
    if (gray.empty() || gray.type() != CV_8UC1 || gray.cols < 16 || gray.rows < 16) return views;
    // A block a few modules wide at 3-8 px per module; dark must be clearly
    // below the local mean so flat paper and noise stay white.
    const int block = std::max(11, (std::min(gray.cols, gray.rows) / 8) | 1);
    cv::Mat bin;
    cv::adaptiveThreshold(gray, bin, 255, cv::ADAPTIVE_THRESH_MEAN_C, cv::THRESH_BINARY_INV, block, 6);
    std::vector<std::vector<cv::Point>> contours;
    std::vector<cv::Vec4i> hierarchy;
    cv::findContours(bin, contours, hierarchy, cv::RETR_TREE, cv::CHAIN_APPROX_NONE);
    const std::vector<Bullseye> found = FindBullseyes(contours, hierarchy);
    if (found.empty()) return views;

    // Samples come from a lightly smoothed float copy: JPEG and sensor noise
    // would otherwise pull single samples across the threshold.
    cv::Mat smooth;
    gray.convertTo(smooth, CV_32F);
    cv::GaussianBlur(smooth, smooth, cv::Size(3, 3), 0);
    const int k = std::max(2, options.module_px);
    // Ring patterns in data or print that pass every check cost a grid fit
    // each: a bounded number of them per image.
    int tried = 0, rectified = 0;
    for (const Bullseye& b : found) {
        if (rectified >= options.max_views || tried++ >= 2 * options.max_views) break;
        cv::Mat H = RingFit(contours, b);
        double dark = 0, light = 0;
        if (H.empty() || !RingLevels(gray, H, dark, light)) continue;
        // The symbol's size from its outline: the blob around the bullseye,
        // thresholded halfway between the rings' levels and closed a few
        // modules wide so that the symbol is one blob.
        const int close = std::max(3, static_cast<int>(2 * b.module) | 1);
        cv::Mat blob;
        cv::threshold(gray, blob, (dark + light) / 2, 255, cv::THRESH_BINARY_INV);
        cv::morphologyEx(blob, blob, cv::MORPH_CLOSE, cv::getStructuringElement(cv::MORPH_RECT, cv::Size(close, close)));
        const double measured = MeasureSymbol(blob, H);
        const std::vector<int> sizes = SymbolSizesNear(measured, 3.5);
        if (sizes.empty() || *std::max_element(sizes.begin(), sizes.end()) / 2 > options.max_radius_modules) continue;
        // Grow the grid from the bullseye to the edge of the smaller candidate
        // size, then on to the larger one: a view for each, nearest first.
        const double threshold = (dark + light) / 2;
        std::vector<int> ascending = sizes;
        std::sort(ascending.begin(), ascending.end());
        std::vector<AztecView> mine(sizes.size());
        bool fitted = true;
        int radius = 3;
        for (int size : ascending) {
            while (fitted && radius <= size / 2) {
                fitted = RefineGrid(smooth, threshold, radius, H);
                radius = radius == size / 2 ? radius + 1 : std::min(size / 2, radius + std::max(2, radius / 2));
            }
            if (!fitted) break;
            const auto at = static_cast<std::size_t>(std::find(sizes.begin(), sizes.end(), size) - sizes.begin());
            mine[at] = Render(SampleModules(smooth, H, size), H, size, k);
        }
        rectified += fitted;
        for (AztecView& v : mine)
            if (!v.image.empty()) views.push_back(std::move(v));
    }
    return views;
}

}  // namespace docintake::barcode
