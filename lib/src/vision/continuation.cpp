#include "vision/continuation.h"

#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>

#include "vision/line_image.h"
#include "vision/rectify.h"

namespace docintake::vision {
namespace {

// A cell holds ink when this share of its cap band is dark in the flattened
// image: a filler '<' covers about 15% at 32 px cap height, blank paper none.
constexpr double kInkedShare = 0.05;
// A cell is glared when its median is this much brighter than the paper
// between the zone's own last characters.
constexpr int kGlareAbovePaper = 15;

cv::Rect CellRect(int cell, const cv::Mat& line) {
    const int x0 = kLinePadding + static_cast<int>(std::lround(cell * kLinePitch));
    const int x1 = kLinePadding + static_cast<int>(std::lround((cell + 1) * kLinePitch));
    return cv::Rect(x0, kLinePadding, x1 - x0, kLineCapHeight) & cv::Rect(0, 0, line.cols, line.rows);
}

bool Inked(const cv::Mat& flat, const cv::Rect& cell) {
    if (cell.area() == 0) return false;
    cv::Mat dark;
    cv::compare(flat(cell), 128, dark, cv::CMP_LT);
    return cv::countNonZero(dark) >= kInkedShare * cell.area();
}

// The q-quantile of the pixel values in `area`.
int Quantile(const cv::Mat& gray, const cv::Rect& area, double q) {
    if (area.area() == 0) return 0;
    cv::Mat hist;
    const int channels[] = {0}, bins[] = {256};
    const float range[] = {0, 256};
    const float* ranges[] = {range};
    const cv::Mat roi = gray(area);
    cv::calcHist(&roi, 1, channels, cv::Mat(), hist, 1, bins, ranges);
    const double want = q * area.area();
    double seen = 0;
    for (int v = 0; v < 256; ++v)
        if ((seen += hist.at<float>(v)) >= want) return v;
    return 255;
}

}  // namespace

Continuation ExtractContinuation(const cv::Mat& frame_gray, const MrzZone& zone, int cells, bool turned) {
    Continuation out;
    const MrzZone::Cut& cut = zone.cut;
    if (frame_gray.empty() || cells <= 0 || cut.chars <= 0 || cut.line_tops.empty() || cut.rect_size.width < 8)
        return out;
    // Past the reading's end is past the rectangle's right side unless the
    // lines were read turned (by the rectifier or by the reader, not both).
    const bool right = turned == cut.turned;
    const double w = cut.rect_size.width, h = cut.rect_size.height;
    const double cell_w = w / cut.chars, extra = cells * cell_w;
    const std::array<cv::Point2f, 4> rect = {cv::Point2f(0, 0), cv::Point2f(static_cast<float>(w), 0),
                                             cv::Point2f(static_cast<float>(w), static_cast<float>(h)),
                                             cv::Point2f(0, static_cast<float>(h))};
    // The cells' own perspective, carried on past the rectangle's side.
    const cv::Mat to_frame = cv::getPerspectiveTransform(rect.data(), cut.quad.data());
    auto outward = [&](double k) { return static_cast<float>(right ? w + k * cell_w : -k * cell_w); };
    std::vector<cv::Point2f> edges, mapped;
    for (int k = 1; k <= cells; ++k) {
        edges.emplace_back(outward(k), 0.0f);
        edges.emplace_back(outward(k), static_cast<float>(h));
    }
    cv::perspectiveTransform(edges, mapped, to_frame);
    const cv::Rect2f frame_area(0, 0, static_cast<float>(frame_gray.cols - 1), static_cast<float>(frame_gray.rows - 1));
    while (out.visible_cells < cells && frame_area.contains(mapped[2 * out.visible_cells]) &&
           frame_area.contains(mapped[2 * out.visible_cells + 1]))
        ++out.visible_cells;
    std::array<cv::Point2f, 4> quad = cut.quad;
    if (right) {
        quad[1] = mapped[mapped.size() - 2];
        quad[2] = mapped.back();
    } else {
        quad[0] = mapped[mapped.size() - 2];
        quad[3] = mapped.back();
    }
    // The whole widened line is cut and flattened, so that the new cells keep
    // the contrast of the zone's own ink rather than stretch their own noise.
    std::vector<cv::Mat> raw;
    std::vector<MrzLineImage> wide = ExtractLineImages(frame_gray, quad, cv::Size2d(w + extra, h), cut.line_tops, &raw);
    const int extra_px = static_cast<int>(std::lround(extra));
    const int keep = extra_px + 2 * kLinePadding;
    for (std::size_t k = 0; k < wide.size(); ++k) {
        cv::Mat flat = wide[k].image, line_raw = raw[k];
        // Reading order, the zone's end on the left: the zone's last cells, then the new ones.
        if (!right) {
            cv::rotate(flat, flat, cv::ROTATE_180);
            cv::rotate(line_raw, line_raw, cv::ROTATE_180);
        }
        const int start = flat.cols - keep;  // in reading order the new cells are at the right
        const cv::Mat cells_flat = flat.colRange(start, flat.cols), cells_raw = line_raw.colRange(start, line_raw.cols);
        int inked = 0;
        while (inked < out.visible_cells && Inked(cells_flat, CellRect(inked, cells_flat))) ++inked;
        bool glared = false;
        if (inked < out.visible_cells) {
            // The paper between the zone's own last two characters.
            const cv::Rect own = CellRect(cut.chars - 2, flat) | CellRect(cut.chars - 1, flat);
            const int paper = Quantile(line_raw, own, 0.9);
            glared = Quantile(cells_raw, CellRect(inked, cells_raw), 0.5) > paper + kGlareAbovePaper;
        }
        out.lines.push_back(cells_flat.clone());
        out.inked_cells.push_back(inked);
        out.blank_glared.push_back(glared);
    }
    // Lines top to bottom in reading order.
    if (!right) {
        std::reverse(out.lines.begin(), out.lines.end());
        std::reverse(out.inked_cells.begin(), out.inked_cells.end());
        std::reverse(out.blank_glared.begin(), out.blank_glared.end());
    }
    return out;
}

}  // namespace docintake::vision
