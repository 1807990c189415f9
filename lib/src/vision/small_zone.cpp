#include "vision/small_zone.h"

#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>

namespace docintake::vision {
namespace {

constexpr double kPi = 3.14159265358979323846;
// Characters in the upsampled copy: the rectifier measures a zone's geometry
// at a 20 px cap height (rectify.cpp), so the copy is sampled about 1:1 there.
constexpr double kUpsampledCharHeight = 20;
// At most this factor: what 4 px characters hold is not made readable by more.
constexpr double kMaxFactor = 5;
// Room kept around what the candidate covers, in (coarse) character heights:
// a whole 44-character line's length from either end of what was seen (the
// rectifier searches that far for a line cut short on the small image), a few
// cells beyond, and a line's pitch above and below (a TD1 line it missed).
constexpr double kLongestLineCaps = 44 * 2.54 / 2.35;
constexpr double kEndMarginCaps = 3;
constexpr double kSideMarginCaps = 3;
// Bounds the copy's memory and time (a 44-character zone of 6 px characters
// makes about 0.2 million).
constexpr double kMaxCopyPixels = 4e6;

}  // namespace

std::optional<RectifiedZone> RectifyUpsampled(const cv::Mat& frame, const ZoneCandidate& cand, double scale,
                                              double char_height_px) {
    if (frame.empty() || cand.lines.size() < 2 || scale <= 0 || char_height_px <= 0 || cand.char_height <= 0)
        return std::nullopt;
    const double f = std::clamp(kUpsampledCharHeight / char_height_px, 1.0, kMaxFactor);
    const double k = f / scale;  // working-image pixels to copy pixels
    const double c = std::cos(cand.angle), s = std::sin(cand.angle);
    // The candidate in its own coordinates: u along the text, v across it
    // (zones.cpp: working point = (u c - v s, u s + v c)).
    double u_min = 1e18, u_max = -1e18, v_min = 1e18, v_max = -1e18;
    for (const cv::Point2d& p : cand.quad) {
        const double u = p.x * c + p.y * s, v = -p.x * s + p.y * c;
        u_min = std::min(u_min, u);
        u_max = std::max(u_max, u);
        v_min = std::min(v_min, v);
        v_max = std::max(v_max, v);
    }
    const double ch = cand.char_height;
    const double end_margin = (std::max(0.0, kLongestLineCaps * ch - (u_max - u_min)) + kEndMarginCaps * ch);
    const double u0 = u_min - end_margin, v0 = v_min - kSideMarginCaps * ch;
    const double width = (u_max - u_min + 2 * end_margin) * k, height = (v_max - v_min + 2 * kSideMarginCaps * ch) * k;
    if (width < 16 || height < 16 || width * height > kMaxCopyPixels) return std::nullopt;

    // Copy pixel (x, y) <- frame point: upright along the text, f times larger.
    const cv::Matx23d to_frame(c / f, -s / f, (u0 * c - v0 * s) / scale,  //
                               s / f, c / f, (u0 * s + v0 * c) / scale);
    cv::Mat copy;
    cv::warpAffine(frame, copy, cv::Mat(to_frame), cv::Size(static_cast<int>(width), static_cast<int>(height)),
                   cv::INTER_CUBIC | cv::WARP_INVERSE_MAP, cv::BORDER_REPLICATE);

    ZoneCandidate up = cand;
    up.angle = 0;
    up.char_height = cand.char_height * k;
    for (TextLine& l : up.lines) {
        l.b = k * (l.a * u0 + l.b - v0);
        l.u0 = k * (l.u0 - u0);
        l.u1 = k * (l.u1 - u0);
        l.height *= k;
    }
    for (cv::Point2d& p : up.quad) {
        const double u = p.x * c + p.y * s, v = -p.x * s + p.y * c;
        p = {k * (u - u0), k * (v - v0)};
    }
    std::optional<RectifiedZone> out = RectifyZone(copy, up, 1.0);
    if (!out) return out;

    MrzZone& zone = out->zone;
    auto back = [&](cv::Point2f& p) {
        const double x = to_frame(0, 0) * p.x + to_frame(0, 1) * p.y + to_frame(0, 2);
        const double y = to_frame(1, 0) * p.x + to_frame(1, 1) * p.y + to_frame(1, 2);
        p = cv::Point2f(static_cast<float>(x), static_cast<float>(y));
    };
    for (cv::Point2f& p : zone.quad) back(p);
    for (cv::Point2f& p : zone.cut.quad) back(p);
    zone.char_height_px /= f;
    zone.upsampled = true;
    const cv::Point2f d = (zone.quad[1] - zone.quad[0]) + (zone.quad[2] - zone.quad[3]);
    zone.angle_deg = std::atan2(-d.y, d.x) * 180 / kPi;
    return out;
}

}  // namespace docintake::vision
