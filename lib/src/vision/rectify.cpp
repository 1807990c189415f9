#include "vision/rectify.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "vision/line_fit.h"
#include "vision/line_image.h"

#ifdef DOCINTAKE_VISION_DEBUG
#include <cstdio>
#endif

namespace docintake::vision {
namespace {

constexpr double kPi = 3.14159265358979323846;
// Geometry is measured on a patch at this cap height (cheaper than the final 32 px).
constexpr double kCap = 20;
constexpr double kSearchBeyond = 3;  // cap heights searched past the coarse line ends
// A line's end glyphs can be lost on the small image for longer than that where
// the contrast drops (a dark picture reaching under the zone, glare, a shadow's
// edge); the lines then measure short of every MRZ length. Such zones are
// fitted again, searching as far as a 44-character line could reach.
constexpr double kPitchPerCap = 2.54 / 2.35;
constexpr double kShortestRetried = 20;  // cells: fewer is not a cut-off MRZ line
constexpr double kDarkestPaper = 64;     // grey level below which relative ink contrast is not trusted

// Patch pixel (p, q) <-> frame point origin + (p / f) ex + (q / f) ey.
struct PatchFrame {
    cv::Point2d origin, ex, ey;
    double f = 1;
    cv::Point2d ToFrame(cv::Point2d pq) const { return origin + (pq.x / f) * ex + (pq.y / f) * ey; }
    cv::Point2d ToPatch(cv::Point2d xy) const {
        const cv::Point2d d = xy - origin;
        return {f * d.dot(ex), f * d.dot(ey)};
    }
    cv::Mat Affine() const {
        return (cv::Mat_<double>(2, 3) << f * ex.x, f * ex.y, -f * ex.dot(origin), f * ey.x, f * ey.y, -f * ey.dot(origin));
    }
};

// `relative`: stroke contrast as a fraction of the local paper's brightness,
// so that ink keeps its weight under a dark picture or in a shadow.
cv::Mat InkMask(const cv::Mat& patch, bool relative) {
    cv::Mat smooth, blackhat, mask;
    cv::GaussianBlur(patch, smooth, {3, 3}, 0);  // sensor noise would fray the line ends
    const cv::Mat kernel = cv::getStructuringElement(cv::MORPH_RECT, {9, 9});
    if (relative) {
        cv::Mat paper;
        cv::morphologyEx(smooth, paper, cv::MORPH_CLOSE, kernel);
        cv::subtract(paper, smooth, blackhat);
        // Near-black surfaces would turn their noise into ink.
        cv::max(paper, cv::Scalar::all(kDarkestPaper), paper);
        cv::divide(blackhat, paper, blackhat, 255.0);
    } else {
        cv::morphologyEx(smooth, blackhat, cv::MORPH_BLACKHAT, kernel);
    }
    const double otsu = cv::threshold(blackhat, mask, 0, 1, cv::THRESH_BINARY | cv::THRESH_OTSU);
    if (otsu < 15) cv::threshold(blackhat, mask, 15, 1, cv::THRESH_BINARY);
    return mask;
}

// Fits every line of the candidate inside the patch. Empty when one fails.
std::vector<PatchLine> FitLines(const cv::Mat& ink, const PatchFrame& pf, const ZoneCandidate& cand, double scale,
                                double beyond) {
    const double c = std::cos(cand.angle), s = std::sin(cand.angle);
    auto to_frame = [&](double u, double v) { return cv::Point2d(u * c - v * s, u * s + v * c) * (1.0 / scale); };
    std::vector<PatchLine> lines;
    for (const TextLine& tl : cand.lines) {
        const cv::Point2d a = pf.ToPatch(to_frame(tl.u0, tl.V(tl.u0)));
        const cv::Point2d b = pf.ToPatch(to_frame(tl.u1, tl.V(tl.u1)));
        PatchLine guess;
        guess.alpha = std::fabs(b.x - a.x) > 1 ? (b.y - a.y) / (b.x - a.x) : 0;
        guess.beta = a.y - guess.alpha * a.x;
        // Faint or shadowed end glyphs (fillers, check digits) are often lost
        // on the small image: look a few cells beyond; the ink run still ends
        // at the MRZ's clear margin.
        guess.x0 = std::min(a.x, b.x) - beyond * kCap;
        guess.x1 = std::max(a.x, b.x) + beyond * kCap;
        PatchLine fitted;
        if (!FitPatchLine(ink, guess, kCap, fitted, beyond * kCap)) return {};
        lines.push_back(fitted);
    }
    return lines;
}

bool ConsistentLines(const std::vector<PatchLine>& lines, double cap) {
    double lmin = 1e18, lmax = 0;
    for (const auto& l : lines) {
        lmin = std::min(lmin, l.Length());
        lmax = std::max(lmax, l.Length());
        if (l.Height() < 0.5 * cap || l.Height() > 1.8 * cap) return false;
    }
    if (lmin < 0.85 * lmax) return false;
    for (size_t i = 1; i < lines.size(); ++i) {
        const double mid = (lines[i].x0 + lines[i].x1) / 2;
        const double dv = lines[i].C(mid) - lines[i - 1].C(mid);
        if (dv < 1.2 * cap || dv > 3.3 * cap) return false;
        if (std::fabs(lines[i].x0 - lines[0].x0) > 2.5 * cap) return false;
    }
    return true;
}

// A TD1 zone whose third line was missed on the small image: look one line
// pitch above and below for a line of the same length and alignment.
void FindMissingLine(const cv::Mat& ink, std::vector<PatchLine>& lines, double cap) {
    if (lines.size() != 2) return;
    const double length = (lines[0].Length() + lines[1].Length()) / 2;
    if (length / cap > 37) return;  // two lines of 36 or 44 characters: TD2/TD3
    const double mid = (lines[0].x0 + lines[0].x1) / 2;
    const double pitch = lines[1].C(mid) - lines[0].C(mid);
    for (int side : {-1, 1}) {
        const PatchLine& ref = side < 0 ? lines[0] : lines[1];
        PatchLine guess = ref;
        guess.beta += side * pitch;
        guess.x0 = ref.x0 - cap;
        guess.x1 = ref.x1 + cap;
        PatchLine found;
        if (!FitPatchLine(ink, guess, cap, found)) continue;
        if (std::fabs(found.C(mid) - guess.C(mid)) > 0.3 * cap) continue;
        if (found.Length() < 0.88 * length || found.Length() > 1.12 * length) continue;
        if (std::fabs(found.x0 - ref.x0) > 1.5 * cap || found.ink < 0.5 * ref.ink) continue;
        if (side < 0)
            lines.insert(lines.begin(), found);
        else
            lines.push_back(found);
        return;
    }
}

double Percentile(std::vector<float>& v, double q) {
    if (v.empty()) return 0;
    const auto k = static_cast<size_t>(q * static_cast<double>(v.size() - 1));
    std::nth_element(v.begin(), v.begin() + static_cast<long>(k), v.end());
    return v[k];
}

// Sharpness: character height over edge width, from the steepest edges against
// the contrast. Glare: the share of character cells where no dark ink is left
// (a white scanned page is bright too, but its ink stays dark).
void MeasureQuality(const cv::Mat& patch, const std::vector<PatchLine>& lines, double cap, RectifiedZone& out) {
    std::vector<float> values, grads;
    cv::Mat gx, gy;
    cv::Sobel(patch, gx, CV_32F, 1, 0, 3, 1.0 / 8);
    cv::Sobel(patch, gy, CV_32F, 0, 1, 3, 1.0 / 8);
    const int cell = std::max(4, static_cast<int>(2 * cap));
    int cells = 0, washed_out = 0;
    for (const PatchLine& l : lines) {
        const int p_end = std::min(patch.cols - 1, static_cast<int>(l.x1));
        for (int c0 = std::max(1, static_cast<int>(l.x0)); c0 < p_end; c0 += cell) {
            int darkest = 255;
            double sum = 0;
            int n = 0;
            for (int p = c0; p < std::min(p_end, c0 + cell); ++p) {
                const int q0 = std::max(1, static_cast<int>(l.C(p) + l.top));
                const int q1 = std::min(patch.rows - 2, static_cast<int>(l.C(p) + l.bottom));
                for (int q = q0; q <= q1; ++q) {
                    const uchar v = patch.at<uchar>(q, p);
                    values.push_back(v);
                    const float x = gx.at<float>(q, p), y = gy.at<float>(q, p);
                    grads.push_back(std::sqrt(x * x + y * y));
                    darkest = std::min<int>(darkest, v);
                    sum += v;
                    ++n;
                }
            }
            if (n == 0) continue;
            ++cells;
            if (sum / n > 235 && darkest > 170) ++washed_out;
        }
    }
    if (values.empty()) return;
    const double contrast = std::max(8.0, Percentile(values, 0.9) - Percentile(values, 0.1));
    out.sharpness = Percentile(grads, 0.97) * cap / contrast;
    out.glare_fraction = cells ? static_cast<double>(washed_out) / cells : 0;
}


enum class Rejection { None, Geometry, LinesNotFitted, Consistency, NoCellGrid, CharCount, NotPeriodic };

struct Failure {
    Rejection reason = Rejection::None;
    double short_count = 0;  // lines shorter than any MRZ's: their length in cells
};

#ifdef DOCINTAKE_VISION_DEBUG
#define TRACE_REJECTION(what) std::fprintf(stderr, "rectify: %s\n", what)
#else
#define TRACE_REJECTION(what) ((void)0)
#endif
#define REJECT(why, what) do { TRACE_REJECTION(what); if (failure) failure->reason = Rejection::why; return std::nullopt; } while (0)

// `beyond`: cap heights searched past the coarse line ends.
std::optional<RectifiedZone> Rectify(const cv::Mat& frame, const ZoneCandidate& cand, double scale, double beyond,
                                     Failure* failure, bool relative = false) {
    if (cand.lines.size() < 2 || cand.char_height <= 0 || scale <= 0) REJECT(Geometry, "bad candidate");
    std::array<cv::Point2d, 4> q;
    for (size_t i = 0; i < 4; ++i) q[i] = cand.quad[i] * (1.0 / scale);
    cv::Point2d ex = (q[1] - q[0]) + (q[2] - q[3]);
    const double exn = std::hypot(ex.x, ex.y);
    if (exn < 1) REJECT(Geometry, "no direction");
    ex *= 1.0 / exn;
    const cv::Point2d ey(-ex.y, ex.x);
    double left = 1e18, right = -1e18, top = 1e18, bottom = -1e18;
    for (const auto& p : q) {
        left = std::min(left, (p - q[0]).dot(ex)); right = std::max(right, (p - q[0]).dot(ex));
        top = std::min(top, (p - q[0]).dot(ey)); bottom = std::max(bottom, (p - q[0]).dot(ey));
    }
    double char_h = cand.char_height / scale;
    const double pitch_guess = (bottom - top - char_h) / static_cast<double>(cand.lines.size() - 1);

    std::vector<PatchLine> lines;
    PatchFrame pf;
    cv::Mat patch, ink;
    for (int attempt = 0; attempt < 2; ++attempt) {
        pf.f = kCap / char_h;
        // Room above and below for a third line only when the lines are TD1-short.
        const double length_ratio = (right - left) / char_h;
        const double mx = (beyond + 1) * char_h;
        const double my = cand.lines.size() == 2 && length_ratio < 38 ? std::max(pitch_guess, char_h) + 0.5 * char_h : 0.8 * char_h;
        pf.ex = ex;
        pf.ey = ey;
        pf.origin = q[0] + (left - mx) * ex + (top - my) * ey;
        const int w = static_cast<int>((right - left + 2 * mx) * pf.f);
        const int h = static_cast<int>((bottom - top + 2 * my) * pf.f);
        if (w < 16 || h < 16 || w > 5000 || h > 1000) REJECT(Geometry, "patch size");
        cv::warpAffine(frame, patch, pf.Affine(), {w, h}, cv::INTER_LINEAR, cv::BORDER_REPLICATE);
        ink = InkMask(patch, relative);
        lines = FitLines(ink, pf, cand, scale, beyond);
        if (lines.empty()) REJECT(LinesNotFitted, "lines not fitted");
        std::vector<double> heights;
        for (const auto& l : lines) heights.push_back(l.Height());
        std::sort(heights.begin(), heights.end());
        const double measured = heights[heights.size() / 2];
        if (std::fabs(measured / kCap - 1) < 0.2) break;
        char_h *= measured / kCap;  // the coarse height was off: warp again at the right scale
    }
    FindMissingLine(ink, lines, kCap);
    if (!ConsistentLines(lines, kCap)) REJECT(Consistency, "consistency");

    // Zone corners: the outer edges of the first and last character cells,
    // from the cell grid of each line; cap top and baseline across.
    std::vector<std::pair<double, double>> edges;
    double counts = 0, periodicity = 1, max_gap = 0;
    for (const PatchLine& l : lines) {
        CellGrid grid;
        if (!FitCellEdges(l, kCap, grid)) REJECT(NoCellGrid, "no cell grid");
        edges.emplace_back(grid.left, grid.right);
        counts += grid.cells;
        periodicity = std::min(periodicity, Periodicity(l, grid));
        max_gap = std::max(max_gap, l.max_gap / kCap);
    }
    // Every MRZ position is printed (fillers included) at a fixed pitch, so the
    // length in pitches is the format's character count: 30 (three lines), 36 or 44.
    const double count = counts / static_cast<double>(lines.size());
    const int chars = lines.size() == 3 ? 30 : count < 40 ? 36 : 44;
#ifdef DOCINTAKE_VISION_DEBUG
    std::fprintf(stderr, "count %.2f expected %d periodicity %.3f max_gap %.2f\n", count, chars, periodicity, max_gap);
#endif
    if (std::fabs(count - chars) > 0.8) {
        if (failure && count < chars) failure->short_count = count;
        REJECT(CharCount, "char count");
    }
    // Monospaced without spaces: on synthetic frames MRZ lines measure >= 0.36,
    // forms and proportional text <= 0.2.
    if (periodicity < 0.28) REJECT(NotPeriodic, "not periodic");
    const PatchLine& first = lines.front();
    const PatchLine& last = lines.back();
    const double lx0 = edges.front().first, rx0 = edges.front().second;
    const double lx1 = edges.back().first, rx1 = edges.back().second;
    const std::array<cv::Point2d, 4> patch_quad = {cv::Point2d(lx0, first.C(lx0) + first.top),
                                                   cv::Point2d(rx0, first.C(rx0) + first.top),
                                                   cv::Point2d(rx1, last.C(rx1) + last.bottom),
                                                   cv::Point2d(lx1, last.C(lx1) + last.bottom)};
    RectifiedZone out;
    MrzZone& zone = out.zone;
    for (size_t i = 0; i < 4; ++i) {
        const cv::Point2d p = pf.ToFrame(patch_quad[i]);
        zone.quad[i] = cv::Point2f(static_cast<float>(p.x), static_cast<float>(p.y));
    }
    zone.line_count = static_cast<int>(lines.size());
    double heights = 0;
    for (const auto& l : lines) heights += l.Height();
    zone.char_height_px = heights / static_cast<double>(lines.size()) / pf.f;
    MeasureQuality(patch, lines, kCap, out);

    // The zone at kLineCapHeight and exactly kLinePitch per character, whatever
    // the perspective did to the aspect ratio: character i of every line sits in
    // columns [pad + i * kLinePitch, pad + (i + 1) * kLinePitch).
    const double k = kLineCapHeight / (heights / static_cast<double>(lines.size()));
    const cv::Size2d rect_size(chars * kLinePitch,
                               ((patch_quad[3].y - patch_quad[0].y) + (patch_quad[2].y - patch_quad[1].y)) / 2 * k);
    std::vector<double> tops;
    const double mid = (first.x0 + first.x1) / 2;
    for (const auto& l : lines) tops.push_back((l.C(mid) + l.top - first.C(mid) - first.top) * k);
    zone.lines = ExtractLineImages(frame, zone.quad, rect_size, tops);
    if (zone.lines.size() != lines.size()) REJECT(Geometry, "line images");
    zone.cut = {zone.quad, rect_size, tops, chars, false};
    for (auto& l : zone.lines) l.char_pitch_px = kLinePitch;
    for (const auto& l : lines) out.max_gap = std::max(out.max_gap, l.max_gap / kCap);
    out.char_count = count;
    const OrientationVote vote = JudgeOrientation(zone.lines);
    if (vote.upside_down) {
        for (auto& l : zone.lines) cv::rotate(l.image, l.image, cv::ROTATE_180);
        std::reverse(zone.lines.begin(), zone.lines.end());
        zone.quad = {zone.quad[2], zone.quad[3], zone.quad[0], zone.quad[1]};
        zone.cut.turned = true;
    }
    zone.orientation_certain = vote.certain;
    const cv::Point2f d = (zone.quad[1] - zone.quad[0]) + (zone.quad[2] - zone.quad[3]);
    zone.angle_deg = std::atan2(-d.y, d.x) * 180 / kPi;
    zone.score = static_cast<float>(cand.score);
    return out;
}

}  // namespace

std::optional<RectifiedZone> RectifyZone(const cv::Mat& frame, const ZoneCandidate& cand, double scale) {
    Failure first;
    std::optional<RectifiedZone> out = Rectify(frame, cand, scale, kSearchBeyond, &first);
    if (out) return out;
    const bool measured_short = first.short_count >= kShortestRetried;
    const double beyond = measured_short ? std::max(kSearchBeyond, (44 - first.short_count) * kPitchPerCap + 1) : kSearchBeyond;
    Failure last = first;  // why the latest fit was rejected
    if (measured_short) out = Rectify(frame, cand, scale, beyond, &last);
    if (out) return out;
    // Ink under a dark picture or a shadow's edge can fall below the patch's
    // one threshold on blackhat contrast, and relative to the local paper it
    // does not. What that loses is line ends (a count short of the format's) or
    // a line's extent (lines that disagree); the other rejections are not about
    // faint ink, and refitting them only costs time on frames without an MRZ
    // (dev seeds 600000-600299: every refit that succeeded was one of these two).
    if (last.reason == Rejection::CharCount || last.reason == Rejection::Consistency) out = Rectify(frame, cand, scale, beyond, nullptr, true);
    return out;
}

}  // namespace docintake::vision
