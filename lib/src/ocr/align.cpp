#include "ocr/align.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <opencv2/imgproc.hpp>

namespace docintake::ocr {
namespace {

// Costs of the alignment, in units where a symbol half a pitch off its cell costs 1.
constexpr double kDistanceWeight = 4.0;
constexpr double kSkipSymbol = 1.0;
constexpr double kEmptyCell = 1.0;
constexpr double kMaxOffset = 0.8;  // in pitches: farther than this never matches

double Center(const OcrSymbol& s) { return 0.5 * (s.x0 + s.x1); }

// assignment[j] = symbol index for cell j, or -1.
std::vector<int> Assign(const std::vector<OcrSymbol>& symbols, const CellLayout& cells) {
    const std::size_t m = symbols.size();
    const std::size_t n = static_cast<std::size_t>(cells.length);
    const double inf = std::numeric_limits<double>::infinity();
    // cost[i][j]: best cost having consumed i symbols and j cells; move 0 match, 1 skip symbol, 2 empty cell.
    std::vector<std::vector<double>> cost(m + 1, std::vector<double>(n + 1, inf));
    std::vector<std::vector<char>> move(m + 1, std::vector<char>(n + 1, 0));
    cost[0][0] = 0;
    for (std::size_t i = 0; i <= m; ++i) {
        for (std::size_t j = 0; j <= n; ++j) {
            const double c = cost[i][j];
            if (c == inf) continue;
            if (i < m && j < n) {
                const double d = std::abs(Center(symbols[i]) - (cells.first_center + cells.pitch * static_cast<double>(j))) / cells.pitch;
                if (d <= kMaxOffset && c + kDistanceWeight * d * d < cost[i + 1][j + 1]) {
                    cost[i + 1][j + 1] = c + kDistanceWeight * d * d;
                    move[i + 1][j + 1] = 0;
                }
            }
            if (i < m && c + kSkipSymbol < cost[i + 1][j]) {
                cost[i + 1][j] = c + kSkipSymbol;
                move[i + 1][j] = 1;
            }
            if (j < n && c + kEmptyCell < cost[i][j + 1]) {
                cost[i][j + 1] = c + kEmptyCell;
                move[i][j + 1] = 2;
            }
        }
    }
    std::vector<int> assignment(n, -1);
    std::size_t i = m, j = n;
    while (i > 0 || j > 0) {
        const char mv = move[i][j];
        if (mv == 0) {
            assignment[j - 1] = static_cast<int>(i - 1);
            --i;
            --j;
        } else if (mv == 1) {
            --i;
        } else {
            --j;
        }
    }
    return assignment;
}

// Least-squares line through (cell index, symbol centre) of the matched pairs.
bool Refit(const std::vector<OcrSymbol>& symbols, const std::vector<int>& assignment, CellLayout& cells) {
    double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (std::size_t j = 0; j < assignment.size(); ++j) {
        if (assignment[j] < 0) continue;
        const double x = static_cast<double>(j);
        const double y = Center(symbols[static_cast<std::size_t>(assignment[j])]);
        n += 1;
        sx += x;
        sy += y;
        sxx += x * x;
        sxy += x * y;
    }
    const double det = n * sxx - sx * sx;
    if (n < 0.5 * cells.length || det <= 0) return false;
    const double pitch = (n * sxy - sx * sy) / det;
    // A fit far from the expected pitch means the assignment went wrong: keep the old cells.
    if (!(pitch > 0.8 * cells.pitch && pitch < 1.25 * cells.pitch)) return false;
    cells.pitch = pitch;
    cells.first_center = (sy - pitch * sx) / n;
    return true;
}

}  // namespace

CellLayout EstimateCells(const cv::Mat& gray_line, int length, double pitch_hint) {
    CellLayout cells;
    cells.length = length;
    if (gray_line.empty() || length <= 0) return cells;
    cv::Mat ink;
    cv::threshold(gray_line, ink, 0, 255, cv::THRESH_BINARY_INV | cv::THRESH_OTSU);
    cv::Mat columns;
    cv::reduce(ink, columns, 0, cv::REDUCE_SUM, CV_32S);
    int left = -1, right = -1;
    for (int x = 0; x < columns.cols; ++x)
        if (columns.at<int>(0, x) > 0) {
            if (left < 0) left = x;
            right = x;
        }
    if (left < 0) {
        left = 0;
        right = gray_line.cols - 1;
    }
    const double extent = right - left + 1;
    // OCR-B glyphs leave a little side bearing in each cell: the ink spans
    // slightly less than length pitches.
    cells.pitch = pitch_hint > 0 ? pitch_hint : extent / (length - 0.25);
    cells.first_center = 0.5 * (left + right) - 0.5 * cells.pitch * (length - 1);
    return cells;
}

std::vector<std::vector<MrzCharCandidate>> AlignToCells(const std::vector<OcrSymbol>& symbols, CellLayout cells) {
    std::vector<std::vector<MrzCharCandidate>> out(static_cast<std::size_t>(std::max(cells.length, 0)));
    if (cells.length <= 0 || cells.pitch <= 0) return out;
    std::vector<int> assignment;
    if (symbols.size() == static_cast<std::size_t>(cells.length)) {
        // The usual case: one symbol per cell. Fit the cells to them, so a poor
        // ink estimate cannot shift the alignment.
        assignment.resize(symbols.size());
        for (std::size_t j = 0; j < symbols.size(); ++j) assignment[j] = static_cast<int>(j);
        Refit(symbols, assignment, cells);
    }
    for (int round = 0; round < 2; ++round) {
        assignment = Assign(symbols, cells);
        if (!Refit(symbols, assignment, cells)) break;
    }
    assignment = Assign(symbols, cells);
    for (std::size_t j = 0; j < out.size(); ++j)
        if (assignment[j] >= 0) out[j] = symbols[static_cast<std::size_t>(assignment[j])].alternatives;
    return out;
}

std::string TopText(const std::vector<std::vector<MrzCharCandidate>>& cells) {
    std::string s;
    for (const auto& c : cells) s.push_back(c.empty() ? '?' : c.front().c);
    return s;
}

}  // namespace docintake::ocr
