#include "vision/locate.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <optional>
#include <utility>
#include <vector>

#include <opencv2/imgproc.hpp>
#ifdef DOCINTAKE_VISION_DEBUG
#include <cstdio>
#endif

#include "vision/components.h"
#include "vision/quality.h"
#include "vision/rectify.h"
#include "vision/small_zone.h"
#include "vision/zones.h"

namespace docintake::vision {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr int kWorkLongSide = 960;   // 1080p frames are searched at half size
constexpr int kCoarseLongSide = 480;  // second look for very large text
constexpr int kMaxWorkLongSide = 1632; // half of a 3264 x 2448 still
constexpr double kBlurredBelow = 3.0;  // sharpness: character height / edge width
constexpr double kGlareAbove = 0.03;
constexpr double kDarkBelow = 40;
constexpr int kMaxRectifyAttempts = 8;  // bounds the time spent on look-alikes
// Per direction: striped tables and pages of print give many look-alikes along
// one direction, which would otherwise use every attempt before the MRZ's.
constexpr int kMaxAttemptsPerDirection = 4;
constexpr int kMaxPartialAttempts = 2;
constexpr double kCoarseHeightShare = 0.75;
// Candidates whose characters are small enough to be read from an upsampled
// copy (small_zone.h) come after all others, only when those gave no zone,
// and with their own attempts: a frame with a readable zone is searched as
// before, and one without pays for at most these.
constexpr int kMaxSmallAttempts = 3;
// A page of print can take three directions by itself (a hump with bumps); the
// MRZ's then comes fourth or fifth. Against three, five cost 0.3-1.2 ms (median
// CPU) on the benchmark's frames without a document, in alternating runs.
constexpr int kTextDirections = 5;

struct Upsampling {
    ZoneCandidate candidate;
    double scale = 1;           // of the search image it was found in
    double char_height_px = 0;  // in the frame
};

bool Overlaps(const ZoneCandidate& a, const ZoneCandidate& b) {
    cv::Point2d ca(0, 0), cb(0, 0);
    for (int i = 0; i < 4; ++i) {
        ca += a.quad[static_cast<size_t>(i)] * 0.25;
        cb += b.quad[static_cast<size_t>(i)] * 0.25;
    }
    const double d = std::hypot(ca.x - cb.x, ca.y - cb.y);
    return d < 4 * std::max(a.char_height, b.char_height);
}

// The same, for candidates found at different search scales: in the frame.
bool Overlaps(const Upsampling& a, const Upsampling& b) {
    cv::Point2d ca(0, 0), cb(0, 0);
    for (int i = 0; i < 4; ++i) {
        ca += a.candidate.quad[static_cast<size_t>(i)] * (0.25 / a.scale);
        cb += b.candidate.quad[static_cast<size_t>(i)] * (0.25 / b.scale);
    }
    return std::hypot(ca.x - cb.x, ca.y - cb.y) < 4 * std::max(a.char_height_px, b.char_height_px);
}

std::vector<ZoneCandidate> Candidates(const InkMap& ink, const LocateOptions& options) {
    std::vector<ZoneCandidate> all;
    for (const DirectionPeak& peak : TextDirections(ink, kTextDirections)) {
        if (!options.try_all_orientations) {
            const double off = std::min(peak.angle, kPi - peak.angle);
            if (off > 20 * kPi / 180) continue;
        }
        for (auto& z : FindZones(ink, peak)) all.push_back(std::move(z));
    }
    // The same zone is often found along two directions or with a line more or
    // less; the best is kept after rectification (see LocateMrz).
    std::sort(all.begin(), all.end(), [](const ZoneCandidate& p, const ZoneCandidate& q) { return p.score > q.score; });
    return all;
}

}  // namespace

const char* ToString(FrameIssue issue) {
    switch (issue) {
        case FrameIssue::None: return "none";
        case FrameIssue::NoDocument: return "no_document";
        case FrameIssue::TooSmall: return "too_small";
        case FrameIssue::Blurred: return "blurred";
        case FrameIssue::Glare: return "glare";
        case FrameIssue::TooDark: return "too_dark";
        case FrameIssue::PartiallyVisible: return "partially_visible";
    }
    return "unknown";
}

LocateResult LocateMrz(const cv::Mat& frame_in, const LocateOptions& options, LocateBuffers* buffers) {
    const auto start = std::chrono::steady_clock::now();
    LocateResult result;
    auto finish = [&]() {
        result.locate_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
        return result;
    };
    result.issue = FrameIssue::NoDocument;
    if (frame_in.empty() || frame_in.cols < 32 || frame_in.rows < 32 || frame_in.depth() != CV_8U) return finish();
    cv::Mat frame = frame_in;
    if (frame.channels() == 3)
        cv::cvtColor(frame_in, frame, cv::COLOR_BGR2GRAY);
    else if (frame.channels() == 4)
        cv::cvtColor(frame_in, frame, cv::COLOR_BGRA2GRAY);
    else if (frame.channels() != 1)
        return finish();

    const int max_zones = std::max(1, options.max_zones);
    // Zones to read from an upsampled copy when no search scale gave a zone:
    // those rectified directly at under kUpsampleBelowCharHeight (with their
    // measured height) first, then small candidates (with an estimate).
    std::vector<Upsampling> to_upsample;
    bool too_small = false;
    double brightness = 0;
    const int frame_long_side = std::max(frame.cols, frame.rows);
    // Frames larger than 1080p are searched at half size too, not at 1080p's:
    // at a third or less, 14-px text shrinks to 5 px and is lost.
    const int work_long_side = std::clamp(frame_long_side / 2, kWorkLongSide, kMaxWorkLongSide);
    for (int pass = 0; pass < 2; ++pass) {
        const int long_side = pass == 0 ? work_long_side : kCoarseLongSide;
        if (pass == 1 && frame_long_side <= 2 * kCoarseLongSide) break;
        const InkMap ink = ExtractInk(frame, long_side, buffers ? &buffers->ink[pass] : nullptr);
        if (pass == 0) brightness = MeanBrightness(ink.work);
        std::vector<ZoneCandidate> candidates = Candidates(ink, options);
#ifdef DOCINTAKE_VISION_DEBUG
        std::fprintf(stderr, "locate: pass %d long side %d scale %.3f components %zu candidates %zu\n", pass, long_side, ink.scale,
                     ink.components.size(), candidates.size());
        for (size_t k = 0; k < candidates.size() && k < 30; ++k)
            std::fprintf(stderr, "  candidate score %.2f height %.1f lines %zu angle %.1f\n", candidates[k].score,
                         candidates[k].char_height, candidates[k].lines.size(), candidates[k].angle * 180 / kPi);
#endif
        std::vector<const ZoneCandidate*> accepted;
        int attempts = 0;
        // (angle, attempts): a candidate carries its direction's angle exactly.
        std::vector<std::pair<double, int>> per_direction;
        // Partial candidates (a line cut short by a shadow's edge or glare) come
        // after whole ones, and only when no whole one gave a zone: ordinary
        // text stacks that way far more often than an MRZ does. Small ones
        // (kMaxSmallAttempts) come last. The coarse height (median glyph
        // extent) runs ~20% under the cap height; the exact one is checked
        // after rectification.
        auto coarse_px = [&](const ZoneCandidate& c) { return c.char_height / ink.scale; };
        auto is_small = [&](const ZoneCandidate& c) { return coarse_px(c) < kCoarseHeightShare * kUpsampleBelowCharHeight; };
        auto rank = [&](const ZoneCandidate& c) { return is_small(c) ? 2 : c.partial ? 1 : 0; };
        std::stable_sort(candidates.begin(), candidates.end(),
                         [&](const ZoneCandidate& p, const ZoneCandidate& q) { return rank(p) < rank(q); });
        int partial_attempts = 0;
        std::vector<Upsampling> small_candidates;
        for (const ZoneCandidate& cand : candidates) {
            if (static_cast<int>(result.zones.size()) >= max_zones) break;
            const bool small = is_small(cand);
            if (!small && attempts >= kMaxRectifyAttempts) continue;
            if (!small && cand.partial && (!result.zones.empty() || partial_attempts >= kMaxPartialAttempts)) continue;
            if (coarse_px(cand) < kCoarseHeightShare * options.min_char_height_px) {
                too_small = true;
                continue;
            }
            if (small) {
                small_candidates.push_back({cand, ink.scale, coarse_px(cand) / kCoarseHeightShare});
                continue;
            }
            bool duplicate = false;
            for (const ZoneCandidate* a : accepted) duplicate = duplicate || Overlaps(cand, *a);
            if (duplicate) continue;
            auto direction = std::find_if(per_direction.begin(), per_direction.end(),
                                          [&](const auto& d) { return d.first == cand.angle; });
            if (direction == per_direction.end()) direction = per_direction.insert(per_direction.end(), {cand.angle, 0});
            if (direction->second >= kMaxAttemptsPerDirection) continue;
            ++direction->second;
            ++attempts;
            if (cand.partial) ++partial_attempts;
            auto rect = RectifyZone(frame, cand, ink.scale);
            if (!rect) continue;
            accepted.push_back(&cand);
            if (rect->zone.char_height_px < std::max(options.min_char_height_px, kUpsampleBelowCharHeight)) {
                too_small = true;
                if (rect->zone.char_height_px >= options.min_char_height_px)
                    to_upsample.push_back({cand, ink.scale, rect->zone.char_height_px});
                continue;
            }
            if (result.zones.empty()) {
                result.sharpness = rect->sharpness;
                result.glare_fraction = rect->glare_fraction;
            }
            result.zones.push_back(std::move(rect->zone));
        }
        to_upsample.insert(to_upsample.end(), small_candidates.begin(), small_candidates.end());
        if (!result.zones.empty()) break;
    }
    // Only when neither search scale gave a zone of readable size.
    if (result.zones.empty()) {
        if (!to_upsample.empty()) too_small = true;  // a person could bring it closer
        std::vector<const Upsampling*> upsampled;
        int small_attempts = 0;
        for (const Upsampling& u : to_upsample) {
            if (static_cast<int>(result.zones.size()) >= max_zones || small_attempts >= kMaxSmallAttempts) break;
            bool duplicate = false;
            for (const Upsampling* a : upsampled) duplicate = duplicate || Overlaps(u, *a);
            if (duplicate) continue;
            ++small_attempts;
            auto rect = RectifyUpsampled(frame, u.candidate, u.scale, u.char_height_px);
            if (!rect) continue;
            upsampled.push_back(&u);
            if (rect->zone.char_height_px < options.min_char_height_px) continue;
            if (result.zones.empty()) {
                result.sharpness = rect->sharpness;
                result.glare_fraction = rect->glare_fraction;
            }
            result.zones.push_back(std::move(rect->zone));
        }
    }

    if (result.zones.empty()) {
        result.issue = too_small ? FrameIssue::TooSmall
                       : brightness < kDarkBelow ? FrameIssue::TooDark
                                                 : FrameIssue::NoDocument;
        return finish();
    }
    const MrzZone& best = result.zones.front();
    const double margin = 0.5 * best.char_height_px;
    if (TouchesBorder(best.quad.data(), frame.size(), margin))
        result.issue = FrameIssue::PartiallyVisible;
    else if (result.glare_fraction > kGlareAbove)
        result.issue = FrameIssue::Glare;
    else if (result.sharpness < kBlurredBelow)
        result.issue = FrameIssue::Blurred;
    else if (brightness < kDarkBelow)
        result.issue = FrameIssue::TooDark;
    else
        result.issue = FrameIssue::None;
    return finish();
}

}  // namespace docintake::vision
