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
    std::vector<MrzLineImage> wide = ExtractLineImages(frame_gray, quad, cv::Size2d(w + extra, h), cut.line_tops);
    const int extra_px = static_cast<int>(std::lround(extra));
    const int keep = extra_px + 2 * kLinePadding;
    for (std::size_t k = 0; k < wide.size(); ++k) {
        cv::Mat flat = wide[k].image;
        // Reading order, the zone's end on the left: the zone's last cells, then the new ones.
        if (!right) cv::rotate(flat, flat, cv::ROTATE_180);
        const int start = flat.cols - keep;  // in reading order the new cells are at the right
        const cv::Mat cells_flat = flat.colRange(start, flat.cols);
        int inked = 0;
        while (inked < out.visible_cells && Inked(cells_flat, CellRect(inked, cells_flat))) ++inked;
        out.lines.push_back(cells_flat.clone());
        out.inked_cells.push_back(inked);
    }
    // Lines top to bottom in reading order.
    if (!right) {
        std::reverse(out.lines.begin(), out.lines.end());
        std::reverse(out.inked_cells.begin(), out.inked_cells.end());
    }
    return out;
}

}  // namespace docintake::vision
