// Candidate regions: edge density in x and y on a downscaled copy -> mask of
// dense regions -> blobs whose minimum-area rectangle is well filled and not
// too elongated. Two scales, so that large modules (a symbol close to the
// camera) are as dense at the coarse scale as small modules are at the fine one.

#include "barcode/candidates.h"

#include <algorithm>
#include <opencv2/imgproc.hpp>

namespace docintake::barcode {
namespace {

constexpr float kThirdRoundMinSide = 250;  // full-resolution pixels

// Blobs of the dense mask that are shaped like a symbol become candidates. A
// blob that is not (a symbol touching a text line, say) is eroded harder and
// its pieces are tried again: symbols are thicker than text lines. Up to three
// times: a symbol just above an MRZ, whose two lines bridge to it through
// its last rows, stays joined to them after two.
void Collect(const cv::Mat& mask, cv::Point offset, int eroded, float scale, const CandidateOptions& options,
             std::vector<Candidate>& out) {
    std::vector<std::vector<cv::Point>> contours;
    cv::findContours(mask, contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_SIMPLE, offset);
    const float min_side = options.min_side_px * scale;
    for (const auto& contour : contours) {
        cv::RotatedRect r = cv::minAreaRect(contour);
        // Undo the erosion: the region is `eroded` pixels larger on every side.
        r.size.width += 2.0f * static_cast<float>(eroded);
        r.size.height += 2.0f * static_cast<float>(eroded);
        const float lo = std::min(r.size.width, r.size.height), hi = std::max(r.size.width, r.size.height);
        if (lo < min_side) continue;
        const double area = cv::contourArea(contour);
        const double fill = area / std::max(1.0f, (r.size.width - 2.0f * static_cast<float>(eroded)) *
                                                      (r.size.height - 2.0f * static_cast<float>(eroded)));
        if (hi > options.max_aspect * lo || fill < 0.6) {
            // The third round only for blobs thick enough to hold a large
            // symbol: thinner ones are text, and their pieces cost decodes.
            if (eroded >= 9 || (eroded >= 6 && lo < kThirdRoundMinSide * scale)) continue;
            const cv::Rect box = cv::boundingRect(contour) - offset;
            cv::Mat piece(box.size(), CV_8UC1, cv::Scalar(0));
            cv::drawContours(piece, std::vector<std::vector<cv::Point>>{contour}, 0, cv::Scalar(255), cv::FILLED,
                             cv::LINE_8, cv::noArray(), 0, -(box.tl() + offset));
            cv::bitwise_and(piece, mask(box), piece);
            const int more = 3;
            cv::erode(piece, piece, cv::getStructuringElement(cv::MORPH_RECT, cv::Size(2 * more + 1, 2 * more + 1)));
            Collect(piece, box.tl() + offset, eroded + more, scale, options, out);
            continue;
        }
        Candidate c;
        c.box = cv::RotatedRect(r.center / scale, cv::Size2f(r.size.width / scale, r.size.height / scale), r.angle);
        c.score = static_cast<float>(area / (scale * scale) * fill);
        out.push_back(c);
    }
}

void FindAtScale(const cv::Mat& gray, int work_width, const CandidateOptions& options, std::vector<Candidate>& out) {
    const double scale = gray.cols > work_width ? static_cast<double>(work_width) / gray.cols : 1.0;
    cv::Mat small;
    if (scale < 1.0) cv::resize(gray, small, cv::Size(), scale, scale, cv::INTER_AREA);
    else small = gray;

    // Edges in x and y separately: symbols have both everywhere, text strokes
    // and document edges mostly one at a time over a few pixels.
    cv::Mat gx, gy;
    cv::Sobel(small, gx, CV_16S, 1, 0, 3);
    cv::Sobel(small, gy, CV_16S, 0, 1, 3);
    cv::convertScaleAbs(gx, gx);
    cv::convertScaleAbs(gy, gy);
    cv::Mat ex, ey;
    cv::threshold(gx, ex, options.edge_threshold, 255, cv::THRESH_BINARY);
    cv::threshold(gy, ey, options.edge_threshold, 255, cv::THRESH_BINARY);
    // Density of each direction over a window about a few modules wide.
    const cv::Size window(options.window_px, options.window_px);
    cv::Mat dx, dy;
    cv::boxFilter(ex, dx, CV_8U, window);
    cv::boxFilter(ey, dy, CV_8U, window);
    // Dense in one direction (PDF417 at 0 degrees has few horizontal edges),
    // and not empty in the other (rules, stripes and table borders are).
    // (Explicit outputs, no matrix expressions: those dispatch through OpenCV's
    // MatOp, which sanitizer builds cannot check inside the sandboxed worker.)
    cv::Mat denser, sparser, dense, crossed, mask;
    cv::max(dx, dy, denser);
    cv::min(dx, dy, sparser);
    cv::threshold(denser, dense, options.density_threshold, 255, cv::THRESH_BINARY);
    cv::threshold(sparser, crossed, options.cross_density_threshold, 255, cv::THRESH_BINARY);
    cv::bitwise_and(dense, crossed, mask);
    // Opening removes thin text strokes; no closing, it would glue symbols to text lines.
    cv::morphologyEx(mask, mask, cv::MORPH_OPEN, cv::getStructuringElement(cv::MORPH_RECT, cv::Size(5, 5)));

    Collect(mask, cv::Point(0, 0), 0, static_cast<float>(scale), options, out);
}

// The same region seen at both scales: a's centre inside b, similar areas. A
// coarse region that swallowed a symbol and the text next to it is not the
// same as the symbol's own region, and both are kept.
bool Same(const Candidate& a, const Candidate& b) {
    cv::Point2f v[4];
    b.box.points(v);
    const std::vector<cv::Point2f> poly(v, v + 4);
    const double ratio = a.box.size.area() / std::max(1.0f, b.box.size.area());
    return ratio > 0.6 && ratio < 1.6 && cv::pointPolygonTest(poly, a.box.center, false) >= 0;
}

}  // namespace

std::vector<Candidate> FindCandidates(const cv::Mat& gray, const CandidateOptions& options) {
    std::vector<Candidate> found;
    if (gray.empty() || gray.type() != CV_8UC1) return found;
    FindAtScale(gray, options.work_width, options, found);
    if (options.coarse_work_width > 0) FindAtScale(gray, options.coarse_work_width, options, found);
    std::stable_sort(found.begin(), found.end(), [](const Candidate& a, const Candidate& b) { return a.score > b.score; });
    // The same symbol seen at both scales: keep the better-scored region.
    std::vector<Candidate> out;
    for (const Candidate& c : found) {
        const bool duplicate =
            std::any_of(out.begin(), out.end(), [&](const Candidate& k) { return Same(c, k); });
        if (!duplicate) out.push_back(c);
        if (static_cast<int>(out.size()) >= options.max_candidates) break;
    }
    return out;
}

cv::Size2f CropSize(const Candidate& c, float margin) {
    // Keep the long side horizontal: PDF417 rows then run along x.
    const float lo = std::min(c.box.size.width, c.box.size.height);
    const float hi = std::max(c.box.size.width, c.box.size.height);
    // Quiet zones are a few modules: pad by the short side, so a long PDF417
    // does not drag in a tall strip of document that slows its decoder.
    const float pad = margin * lo / 2 + 8.0f;
    return {hi + 2 * pad, lo + 2 * pad};
}

cv::Mat CropCandidate(const cv::Mat& gray, const Candidate& c, float margin, cv::Mat* to_frame) {
    float angle = c.box.angle;
    if (c.box.size.height > c.box.size.width) angle += 90.0f;
    const cv::Size2f size = CropSize(c, margin);
    const int w = static_cast<int>(size.width), h = static_cast<int>(size.height);
    if (w < 8 || h < 8 || w > 4 * gray.cols || h > 4 * gray.rows) return {};
    cv::Mat m = cv::getRotationMatrix2D(c.box.center, angle, 1.0);
    m.at<double>(0, 2) += w / 2.0 - c.box.center.x;
    m.at<double>(1, 2) += h / 2.0 - c.box.center.y;
    cv::Mat crop;
    cv::warpAffine(gray, crop, m, cv::Size(w, h), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
    if (to_frame) cv::invertAffineTransform(m, *to_frame);
    return crop;
}

}  // namespace docintake::barcode
