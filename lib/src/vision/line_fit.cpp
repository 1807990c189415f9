#include "vision/line_fit.h"

#include <algorithm>
#include <cmath>
#ifdef DOCINTAKE_VISION_DEBUG
#include <cstdio>
#endif
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

bool FitPatchLine(const cv::Mat& ink, PatchLine guess, double cap, PatchLine& out, double margin) {
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
    // The ink profile across a line is a plateau over the cap height on a floor
    // of noise: the edges are where it falls below a third of the way up.
    double peak = 0;
    for (double v : hist) peak = std::max(peak, v);
    std::vector<double> outer;
    const int band = static_cast<int>(0.6 * cap);
    for (int d = -half; d <= half; ++d)
        if (std::abs(d) > band) outer.push_back(hist[static_cast<size_t>(d + half)]);
    std::sort(outer.begin(), outer.end());
    const double floor = outer.empty() ? 0 : outer[outer.size() / 2];
    const double level = floor + 0.5 * (peak - floor);  // a blurred edge is half way up
    auto edge = [&](int step) {
        int d = 0;
        while (std::abs(d + step) <= half && hist[static_cast<size_t>(d + step + half)] >= level) d += step;
        // Sub-pixel: interpolate between the last row above the level and the next.
        const double inside = hist[static_cast<size_t>(d + half)];
        const double outside = std::abs(d + step) <= half ? hist[static_cast<size_t>(d + step + half)] : floor;
        const double t = inside > outside ? (inside - level) / (inside - outside) : 0.5;
        return d + step * (0.5 + std::clamp(t, 0.0, 1.0) - 0.5);
    };
    line.top = edge(-1) - 0.5;
    line.bottom = edge(1) + 0.5;
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
    // A column counts as ink when it holds more than a speck of noise.
    const double min_column = std::max(1.0, 0.1 * (line.bottom - line.top));
    for (int p = p_begin; p < p_end; ++p) {
        if (column[static_cast<size_t>(p)] < min_column) continue;
        // Inside the line seen on the small image, a glare spot or a shadow may
        // have washed out a few glyphs: wider gaps are bridged there.
        const bool inside = margin >= 0 && last >= guess.x0 + margin && p <= guess.x1 - margin;
        if (run_a >= 0 && p - last - 1 > (inside ? 4 * cap : max_gap)) close_run();
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
    line.column = std::move(column);
    out = line;
    return true;
}

namespace {

// Period of a profile window by autocorrelation, refined to sub-pixel.
double WindowPitch(const std::vector<double>& col, int a, int b, double lo, double hi) {
    a = std::max(a, 0);
    b = std::min(b, static_cast<int>(col.size()));
    if (b - a < 2 * hi) return 0;
    double mean = 0;
    for (int x = a; x < b; ++x) mean += col[static_cast<size_t>(x)];
    mean /= (b - a);
    const int l0 = static_cast<int>(std::floor(lo)), l1 = static_cast<int>(std::ceil(hi));
    std::vector<double> ac(static_cast<size_t>(l1 + 2), 0);
    for (int lag = l0 - 1; lag <= l1 + 1; ++lag)
        for (int x = a; x + lag < b; ++x)
            ac[static_cast<size_t>(lag)] += (col[static_cast<size_t>(x)] - mean) * (col[static_cast<size_t>(x + lag)] - mean);
    int best = -1;
    for (int lag = l0; lag <= l1; ++lag) {
        const double v = ac[static_cast<size_t>(lag)];
        if (v > ac[static_cast<size_t>(lag - 1)] && v >= ac[static_cast<size_t>(lag + 1)] && (best < 0 || v > ac[static_cast<size_t>(best)])) best = lag;
    }
    if (best < 0 || ac[static_cast<size_t>(best)] <= 0) return 0;
    const double y0 = ac[static_cast<size_t>(best - 1)], y1 = ac[static_cast<size_t>(best)], y2 = ac[static_cast<size_t>(best + 1)];
    const double d = y0 - 2 * y1 + y2;
    return best + (std::fabs(d) > 1e-12 ? 0.5 * (y0 - y2) / d : 0);
}

}  // namespace

namespace {

// Autocorrelation of col over [a, b) at a fractional lag, over its value at lag 0.
double Autocorrelation(const std::vector<double>& col, int a, int b, double pitch) {
    if (b - a < 2 * pitch || pitch < 2) return 0;
    double mean = 0;
    for (int x = a; x < b; ++x) mean += col[static_cast<size_t>(x)];
    mean /= (b - a);
    auto ac = [&](int lag) {
        double sum = 0;
        for (int x = a; x + lag < b; ++x) sum += (col[static_cast<size_t>(x)] - mean) * (col[static_cast<size_t>(x + lag)] - mean);
        return sum / (b - a - lag);
    };
    const double zero = ac(0);
    if (zero <= 0) return 0;
    const int lag = static_cast<int>(pitch);
    const double t = pitch - lag;
    return ((1 - t) * ac(lag) + t * ac(lag + 1)) / zero;
}

}  // namespace

double Periodicity(const PatchLine& line, const CellGrid& grid) {
    const auto& col = line.column;
    const int a = std::max(0, static_cast<int>(line.x0)), b = std::min(static_cast<int>(col.size()), static_cast<int>(line.x1));
    constexpr int kSegments = 3;
    double sum = 0;
    for (int k = 0; k < kSegments; ++k) {
        const int s0 = a + (b - a) * k / kSegments, s1 = a + (b - a) * (k + 1) / kSegments;
        const double t = (k + 0.5) / kSegments;
        sum += Autocorrelation(col, s0, s1, (1 - t) * grid.pitch_first + t * grid.pitch_last);
    }
    return sum / kSegments;
}

bool FitCellEdges(const PatchLine& line, double cap, CellGrid& grid) {
    const auto& col = line.column;
    const int x0 = std::max(0, static_cast<int>(line.x0));
    const int x1 = std::min(static_cast<int>(col.size()), static_cast<int>(line.x1));
    const double pitch = WindowPitch(col, x0, x1, 0.8 * cap, 1.5 * cap);
    if (pitch <= 0) return false;

    // Glyph centres: runs of ink columns, touching glyphs split evenly.
    const double min_column = std::max(1.0, 0.1 * line.Height());
    std::vector<std::pair<int, int>> runs;
    int start = -1;
    for (int p = x0; p <= x1; ++p) {
        const bool ink = p < x1 && col[static_cast<size_t>(p)] >= min_column;
        if (ink && start < 0) start = p;
        if (ink || start < 0) continue;
        // Thin diagonal strokes (X, K, V) can leave a gap inside one glyph.
        if (!runs.empty() && start - runs.back().second < 0.15 * pitch && p - runs.back().first < 1.0 * pitch)
            runs.back().second = p;
        else
            runs.emplace_back(start, p);
        start = -1;
    }
    // Glyph spans; the thin diagonals of K, X, M, W fade at low contrast and
    // split one glyph into two narrow runs: pieces that fit in one cell together
    // are one glyph.
    std::vector<std::pair<double, double>> spans;
    for (const auto& [begin, end] : runs) {
        const double w = end - begin;
        if (w < 0.12 * pitch) continue;
        const int parts = std::max(1, static_cast<int>(std::lround(w / pitch)));
        for (int k = 0; k < parts; ++k) {
            const double a = begin + k * w / parts, b = begin + (k + 1) * w / parts;
            if (parts == 1 && !spans.empty() && b - spans.back().first < 0.9 * pitch &&
                a - spans.back().second < 0.35 * pitch && (spans.back().second - spans.back().first) < 0.6 * pitch &&
                b - a < 0.6 * pitch)
                spans.back().second = b;
            else
                spans.emplace_back(a, b);
        }
    }
    std::vector<double> centres;
    for (const auto& [a, b] : spans) centres.push_back((a + b) / 2);
    if (centres.size() < 8) return false;

    // Cell index of each glyph (MRZ lines have no spaces, so steps are small),
    // then centre = a + b i + c i^2: perspective makes the pitch drift.
    std::vector<double> index(centres.size(), 0);
    for (size_t k = 1; k < centres.size(); ++k) {
        const double local = index[k - 1] >= 5 ? (centres[k - 1] - centres[0]) / index[k - 1] : pitch;
        index[k] = index[k - 1] + std::max(1.0, std::round((centres[k] - centres[k - 1]) / local));
    }
    double m[3][4] = {};
    for (size_t k = 0; k < centres.size(); ++k) {
        const double basis[3] = {1, index[k], index[k] * index[k]};
        for (int r = 0; r < 3; ++r) {
            for (int c = 0; c < 3; ++c) m[r][c] += basis[r] * basis[c];
            m[r][3] += basis[r] * centres[k];
        }
    }
    for (int r = 0; r < 3; ++r) {  // Gauss-Jordan on the 3x3 normal equations
        int piv = r;
        for (int i = r + 1; i < 3; ++i)
            if (std::fabs(m[i][r]) > std::fabs(m[piv][r])) piv = i;
        if (std::fabs(m[piv][r]) < 1e-12) return false;
        for (int c = 0; c < 4; ++c) std::swap(m[r][c], m[piv][c]);
        for (int i = 0; i < 3; ++i) {
            if (i == r) continue;
            const double f = m[i][r] / m[r][r];
            for (int c = 0; c < 4; ++c) m[i][c] -= f * m[r][c];
        }
    }
    const double a = m[0][3] / m[0][0], b = m[1][3] / m[1][1], c = m[2][3] / m[2][2];
    double residual = 0;
    for (size_t k = 0; k < centres.size(); ++k) {
        const double e = centres[k] - (a + b * index[k] + c * index[k] * index[k]);
        residual += e * e;
    }
    residual = std::sqrt(residual / static_cast<double>(centres.size()));
    const double last = index.back();
    const double pitch_first = b, pitch_last = b + 2 * c * last;
    if (pitch_first <= 0 || pitch_last <= 0) return false;
    grid.pitch_first = pitch_first;
    grid.pitch_last = pitch_last;
    grid.left = a - pitch_first / 2;
    grid.right = a + b * last + c * last * last + pitch_last / 2;
    grid.cells = last + 1;
    grid.pitch = (grid.right - grid.left) / grid.cells;
#ifdef DOCINTAKE_VISION_DEBUG
    std::fprintf(stderr, "cells %.0f: ink %.1f-%.1f edges %.1f-%.1f pitch %.2f..%.2f residual %.2f\n", grid.cells, line.x0, line.x1,
                 grid.left, grid.right, pitch_first, pitch_last, residual);
#endif
    // Glyphs off a regular grid: not printed at a fixed pitch.
    return residual < 0.2 * grid.pitch;
}

}  // namespace docintake::vision
