#include "vision/line_fit.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace docintake::vision {
namespace {

struct StripPoint {
    double p, q, w;
};

// Weighted least squares q = alpha p + beta, dropping points far from the fit.
bool FitCentre(std::vector<StripPoint> pts, double max_residual, double& alpha, double& beta) {
    for (int round = 0; round < 2; ++round) {
        double sw = 0, sp = 0, sq = 0, spp = 0, spq = 0;
        for (const auto& s : pts) {
            sw += s.w; sp += s.w * s.p; sq += s.w * s.q; spp += s.w * s.p * s.p; spq += s.w * s.p * s.q;
        }
        if (sw <= 0) return false;
        const double det = sw * spp - sp * sp;
        if (pts.size() >= 2 && det > 1e-9 * sw * sw) {
            alpha = (sw * spq - sp * sq) / det;
            beta = (sq - alpha * sp) / sw;
        } else {
            alpha = 0;
            beta = sq / sw;
        }
        std::vector<StripPoint> kept;
        for (const auto& s : pts)
            if (std::fabs(s.q - (alpha * s.p + beta)) <= max_residual) kept.push_back(s);
        if (kept.size() == pts.size() || kept.size() < 2) break;
        pts = std::move(kept);
    }
    return true;
}

}  // namespace

bool FitPatchLine(const cv::Mat& ink, PatchLine guess, double cap, PatchLine& out) {
    const int p_begin = std::max(0, static_cast<int>(guess.x0));
    const int p_end = std::min(ink.cols, static_cast<int>(guess.x1) + 1);
    if (p_end - p_begin < 8) return false;
    PatchLine line = guess;
    const int strip = std::max(8, static_cast<int>(3 * cap));

    for (double half : {0.8 * cap, 0.6 * cap}) {
        std::vector<StripPoint> pts;
        for (int s0 = p_begin; s0 < p_end; s0 += strip) {
            const int s1 = std::min(p_end, s0 + strip);
            double w = 0, wp = 0, wq = 0;
            for (int p = s0; p < s1; ++p) {
                const double c = line.C(p);
                const int q0 = std::max(0, static_cast<int>(std::floor(c - half)));
                const int q1 = std::min(ink.rows - 1, static_cast<int>(std::ceil(c + half)));
                for (int q = q0; q <= q1; ++q) {
                    if (!ink.at<uchar>(q, p)) continue;
                    w += 1; wp += p; wq += q;
                }
            }
            if (w >= 0.02 * cap * (s1 - s0)) pts.push_back({wp / w, wq / w, w});
        }
        if (pts.size() < 2) return false;
        if (!FitCentre(pts, 0.15 * cap, line.alpha, line.beta)) return false;
    }

    // Ink extent across the line from the distribution of ink offsets.
    const int half = static_cast<int>(0.75 * cap);
    std::vector<double> hist(static_cast<size_t>(2 * half + 1), 0);
    std::vector<double> column(static_cast<size_t>(ink.cols), 0);
    double total = 0;
    for (int p = p_begin; p < p_end; ++p) {
        const double c = line.C(p);
        const int ci = static_cast<int>(std::lround(c));
        for (int d = -half; d <= half; ++d) {
            const int q = ci + d;
            if (q < 0 || q >= ink.rows || !ink.at<uchar>(q, p)) continue;
            hist[static_cast<size_t>(d + half)] += 1;
            total += 1;
        }
    }
    if (total < cap) return false;
    double acc = 0;
    int lo = -half, hi = half;
    for (int d = -half; d <= half; ++d) {
        acc += hist[static_cast<size_t>(d + half)];
        if (acc < 0.02 * total) lo = d + 1;
        if (acc <= 0.98 * total) hi = d + 1;
    }
    line.top = lo - 0.5;
    line.bottom = hi + 0.5;

    // Column ink inside the band, then the heaviest run of columns whose gaps
    // are shorter than any gap inside an MRZ line.
    for (int p = p_begin; p < p_end; ++p) {
        const double c = line.C(p);
        const int q0 = std::max(0, static_cast<int>(std::floor(c + line.top)));
        const int q1 = std::min(ink.rows - 1, static_cast<int>(std::ceil(c + line.bottom)));
        for (int q = q0; q <= q1; ++q) column[static_cast<size_t>(p)] += ink.at<uchar>(q, p) ? 1 : 0;
    }
    const double max_gap = 1.2 * cap;
    int best_a = -1, best_b = -1, run_a = -1, last = -1;
    double best_mass = 0, run_mass = 0, best_gap = 0, run_gap = 0;
    auto close_run = [&]() {
        if (run_a >= 0 && run_mass > best_mass) {
            best_mass = run_mass; best_a = run_a; best_b = last; best_gap = run_gap;
        }
        run_a = -1;
    };
    for (int p = p_begin; p < p_end; ++p) {
        if (column[static_cast<size_t>(p)] <= 0) continue;
        if (run_a >= 0 && p - last - 1 > max_gap) close_run();
        if (run_a < 0) {
            run_a = p; run_mass = 0; run_gap = 0;
        } else {
            run_gap = std::max(run_gap, static_cast<double>(p - last - 1));
        }
        run_mass += column[static_cast<size_t>(p)];
        last = p;
    }
    close_run();
    if (best_a < 0) return false;
    line.x0 = best_a;
    line.x1 = best_b + 1;
    line.ink = best_mass;
    line.max_gap = best_gap;
    out = line;
    return true;
}

}  // namespace docintake::vision
