#include "vision/components.h"

#ifdef DOCINTAKE_VISION_DEBUG
#include <cstdio>
#endif

#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>

#include "vision/spatial_grid.h"

namespace docintake::vision {
namespace {

constexpr double kPi = 3.14159265358979323846;

// Glyph-sized components vote with the direction to their nearest similar
// neighbour; whole words or lines merged into one component vote with their
// own axis, weighted by how many glyphs they are long.
struct Vote {
    double angle;
    double weight;
    double length;
};

void FillAxes(InkComponent& c) {
    const double tr = c.cxx + c.cyy;
    const double det = c.cxx * c.cyy - c.cxy * c.cxy;
    const double disc = std::sqrt(std::max(0.0, tr * tr / 4 - det));
    const double l1 = tr / 2 + disc, l2 = std::max(0.0, tr / 2 - disc);
    // A uniform bar of length L has variance L^2/12; +1 accounts for pixel size.
    c.major = std::sqrt(12 * l1 + 1);
    c.minor = std::sqrt(12 * l2 + 1);
    double a = 0.5 * std::atan2(2 * c.cxy, c.cxx - c.cyy);
    if (a < 0) a += kPi;
    if (a >= kPi) a -= kPi;
    c.angle = a;
}

}  // namespace

double InkComponent::ExtentAlong(double dx, double dy) const {
    const double var = dx * dx * cxx + 2 * dx * dy * cxy + dy * dy * cyy;
    return std::sqrt(12 * std::max(0.0, var) + 1);
}

InkMap ExtractInk(const cv::Mat& gray, int work_long_side, InkBuffers* buffers) {
    InkMap out;
    InkBuffers local;
    InkBuffers& b = buffers ? *buffers : local;
    const int long_side = std::max(gray.cols, gray.rows);
    out.scale = long_side > work_long_side ? static_cast<double>(work_long_side) / long_side : 1.0;
    if (out.scale < 1) {
        cv::resize(gray, b.work, cv::Size(), out.scale, out.scale, cv::INTER_AREA);
        out.work = b.work;
    } else {
        out.work = gray;
    }

    // Dark strokes narrower than the kernel, on whatever background: the text.
    cv::Mat& blackhat = b.blackhat;
    cv::Mat& mask = b.mask;
    cv::morphologyEx(out.work, blackhat, cv::MORPH_BLACKHAT, cv::getStructuringElement(cv::MORPH_RECT, {9, 9}));
    const double otsu = cv::threshold(blackhat, mask, 0, 255, cv::THRESH_BINARY | cv::THRESH_OTSU);
    // Otsu on a nearly empty blackhat picks noise; printed text is rarely this faint.
    constexpr double kMinInk = 18;
    out.threshold = static_cast<int>(std::max(otsu, kMinInk));
    if (otsu < kMinInk) cv::threshold(blackhat, mask, kMinInk, 255, cv::THRESH_BINARY);

    cv::Mat& labels = b.labels;
    cv::Mat& stats = b.stats;
    cv::Mat& centroids = b.centroids;
    const int n = cv::connectedComponentsWithStats(mask, labels, stats, centroids, 8, CV_32S);
    std::vector<double> sxx(static_cast<size_t>(n), 0), sxy(sxx), syy(sxx);
    for (int y = 0; y < labels.rows; ++y) {
        const int* row = labels.ptr<int>(y);
        for (int x = 0; x < labels.cols; ++x) {
            const int l = row[x];
            if (l == 0) continue;
            const auto i = static_cast<size_t>(l);
            const double dx = x - centroids.at<double>(l, 0), dy = y - centroids.at<double>(l, 1);
            sxx[i] += dx * dx;
            sxy[i] += dx * dy;
            syy[i] += dy * dy;
        }
    }
    const int max_side = std::max(out.work.cols, out.work.rows) / 2;
    out.components.reserve(static_cast<size_t>(n));
    for (int l = 1; l < n; ++l) {
        const int area = stats.at<int>(l, cv::CC_STAT_AREA);
        const int w = stats.at<int>(l, cv::CC_STAT_WIDTH), h = stats.at<int>(l, cv::CC_STAT_HEIGHT);
        if (area < 3 || std::max(w, h) > max_side) continue;
        InkComponent c;
        const auto i = static_cast<size_t>(l);
        c.centre = {centroids.at<double>(l, 0), centroids.at<double>(l, 1)};
        c.area = area;
        c.cxx = sxx[i] / area;
        c.cxy = sxy[i] / area;
        c.cyy = syy[i] / area;
        FillAxes(c);
        out.components.push_back(c);
    }
    return out;
}

std::vector<DirectionPeak> TextDirections(const InkMap& ink, int max_peaks) {
    const auto& comps = ink.components;
    std::vector<Vote> votes;
    votes.reserve(comps.size());
    SpatialGrid grid(ink.work.size(), 24);
    for (size_t i = 0; i < comps.size(); ++i) grid.Insert(comps[i].centre, static_cast<int>(i));

    for (size_t i = 0; i < comps.size(); ++i) {
        const InkComponent& c = comps[i];
        if (c.major >= 15 && c.major > 4 * std::max(c.minor, 1.5)) {
            votes.push_back({c.angle, std::min(c.major / std::max(c.minor, 2.0), 60.0), 0});
            continue;
        }
        if (c.major > 45 || c.major < 2.5) continue;
        const double size = std::max(c.major, 3.0);
        const double radius = 2.2 * size;
        double best = radius * radius;
        int best_j = -1;
        grid.ForEachNear(c.centre, radius, [&](int j) {
            if (static_cast<size_t>(j) == i) return;
            const InkComponent& o = comps[static_cast<size_t>(j)];
            const double ratio = o.major / size;
            if (ratio < 0.4 || ratio > 2.5) return;
            const double dx = o.centre.x - c.centre.x, dy = o.centre.y - c.centre.y;
            const double d2 = dx * dx + dy * dy;
            if (d2 < best) {
                best = d2;
                best_j = j;
            }
        });
        if (best_j < 0) continue;
        const InkComponent& o = comps[static_cast<size_t>(best_j)];
        double a = std::atan2(o.centre.y - c.centre.y, o.centre.x - c.centre.x);
        if (a < 0) a += kPi;
        if (a >= kPi) a -= kPi;
        votes.push_back({a, 1.0, std::sqrt(best)});
    }

    constexpr int kBins = 180;
    // smooth: every vote; pairs: only neighbouring glyphs' (see the end).
    std::vector<double> hist(kBins, 0), pair_hist(kBins, 0);
    for (const Vote& v : votes) {
        const auto b = static_cast<size_t>(static_cast<int>(v.angle / kPi * kBins) % kBins);
        hist[b] += v.weight;
        if (v.length > 0) pair_hist[b] += v.weight;
    }
    const double kernel[] = {1, 2, 3, 4, 3, 2, 1};
    constexpr double kKernelSum = 16;  // a smoothed bin holds about this many times its votes
    auto smoothed = [&](const std::vector<double>& h) {
        std::vector<double> out(kBins, 0);
        for (int b = 0; b < kBins; ++b)
            for (int k = -3; k <= 3; ++k) out[static_cast<size_t>(b)] += kernel[k + 3] * h[static_cast<size_t>((b + k + kBins) % kBins)];
        return out;
    };
    const std::vector<double> smooth = smoothed(hist), pairs = smoothed(pair_hist);

    std::vector<DirectionPeak> peaks;
    std::vector<bool> taken(kBins, false);
    auto add_peak = [&](int best) {
        for (int k = -8; k <= 8; ++k) taken[static_cast<size_t>((best + k + kBins) % kBins)] = true;
        // Sub-bin angle from the votes near the peak (circular mean on doubled angles).
        double sx = 0, sy = 0;
        std::vector<double> lengths;
        const double centre = (best + 0.5) * kPi / kBins;
        for (const Vote& v : votes) {
            double d = std::fabs(v.angle - centre);
            d = std::min(d, kPi - d);
            if (d > 4 * kPi / kBins) continue;
            sx += v.weight * std::cos(2 * v.angle);
            sy += v.weight * std::sin(2 * v.angle);
            if (v.length > 0) lengths.push_back(v.length);
        }
        double a = 0.5 * std::atan2(sy, sx);
        if (a < 0) a += kPi;
        DirectionPeak peak{a, smooth[static_cast<size_t>(best)], 0};
        if (!lengths.empty()) {
            std::nth_element(lengths.begin(), lengths.begin() + static_cast<long>(lengths.size() / 2), lengths.end());
            peak.link_length = lengths[lengths.size() / 2];
        }
        peaks.push_back(peak);
    };
    const double top = *std::max_element(smooth.begin(), smooth.end());
    // An MRZ's 60-130 glyphs beside a page of print in a large frame weigh a
    // tenth of the page's peak or less.
    constexpr double kLeastPeakShare = 0.06;
    // A bin no higher than a neighbour is a hump's shoulder: text many degrees
    // wide (a page of print under perspective) would otherwise fill every peak
    // with its own flanks and crowd out a second text direction such as the MRZ's.
    auto local_max = [&](int b) {
        for (int k = -4; k <= 4; ++k)
            if (k != 0 && smooth[static_cast<size_t>((b + k + kBins) % kBins)] > smooth[static_cast<size_t>(b)]) return false;
        return true;
    };
    for (int p = 0; p < max_peaks && top > 0; ++p) {
        int best = -1;
        for (const bool shoulders : {false, true}) {
            for (int b = 0; b < kBins; ++b)
                if (!taken[static_cast<size_t>(b)] && (shoulders || local_max(b)) &&
                    smooth[static_cast<size_t>(b)] >= kLeastPeakShare * top &&
                    (best < 0 || smooth[static_cast<size_t>(b)] > smooth[static_cast<size_t>(best)]))
                    best = b;
            if (best >= 0) break;
        }
        if (best < 0) break;
        add_peak(best);
    }
    // Long straight ink (table stripes, ruled lines) votes with its length and can
    // outweigh every glyph in the frame; the direction most neighbouring glyphs
    // agree on is then searched too, in place of the weakest peak.
    int best_pair = -1;
    for (int b = 0; b < kBins; ++b)
        if (best_pair < 0 || pairs[static_cast<size_t>(b)] > pairs[static_cast<size_t>(best_pair)]) best_pair = b;
    constexpr double kLeastPairVotes = 15;
#ifdef DOCINTAKE_VISION_DEBUG
    std::fprintf(stderr, "directions: most glyph pairs at %d deg (%.0f votes)%s\n", best_pair,
                 best_pair >= 0 ? pairs[static_cast<size_t>(best_pair)] / kKernelSum : 0.0,
                 best_pair >= 0 && taken[static_cast<size_t>(best_pair)] ? ", already searched" : "");
#endif
    if (best_pair >= 0 && !taken[static_cast<size_t>(best_pair)] && pairs[static_cast<size_t>(best_pair)] >= kLeastPairVotes * kKernelSum) {
        if (static_cast<int>(peaks.size()) >= max_peaks) peaks.pop_back();
        add_peak(best_pair);
    }
    return peaks;
}

}  // namespace docintake::vision
