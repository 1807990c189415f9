#include "vision/line_image.h"

#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>
#ifdef DOCINTAKE_VISION_DEBUG
#include <cstdio>
#endif

#include "vision/rectify.h"

namespace docintake::vision {

cv::Mat FlattenBackground(const cv::Mat& line) {
    cv::Mat background;
    // Closing removes strokes (about 5 px wide at 32 px cap height) and keeps paper.
    cv::morphologyEx(line, background, cv::MORPH_CLOSE, cv::getStructuringElement(cv::MORPH_RECT, {15, 15}));
    cv::blur(background, background, {9, 9});
    cv::Mat ratio;
    line.convertTo(ratio, CV_32F);
    cv::Mat bg32;
    background.convertTo(bg32, CV_32F);
    cv::max(bg32, 1.0, bg32);
    cv::divide(ratio, bg32, ratio);  // 1 = paper
    // Stretch so that the darkest ink (1st percentile) becomes black.
    std::vector<float> values(ratio.begin<float>(), ratio.end<float>());
    const auto k = values.size() / 100;
    std::nth_element(values.begin(), values.begin() + static_cast<long>(k), values.end());
    const double dark = std::min(0.9, static_cast<double>(values[k]));
    cv::Mat out;
    ratio.convertTo(out, CV_8U, 255.0 / (1.0 - dark), -255.0 * dark / (1.0 - dark));
    return out;
}

std::vector<MrzLineImage> ExtractLineImages(const cv::Mat& frame, const std::array<cv::Point2f, 4>& quad,
                                            cv::Size2d rect_size, const std::vector<double>& line_tops) {
    std::vector<MrzLineImage> out;
    if (rect_size.width < 8 || rect_size.height < 8) return out;
    const std::array<cv::Point2f, 4> rect = {cv::Point2f(0, 0), cv::Point2f(static_cast<float>(rect_size.width), 0),
                                             cv::Point2f(static_cast<float>(rect_size.width), static_cast<float>(rect_size.height)),
                                             cv::Point2f(0, static_cast<float>(rect_size.height))};
    const cv::Mat h = cv::getPerspectiveTransform(quad.data(), rect.data());
    const int width = static_cast<int>(std::lround(rect_size.width)) + 2 * kLinePadding;
    const int height = kLineCapHeight + 2 * kLinePadding;
    for (double top : line_tops) {
        const cv::Mat shift = (cv::Mat_<double>(3, 3) << 1, 0, kLinePadding, 0, 1, kLinePadding - top, 0, 0, 1);
        cv::Mat raw;
        cv::warpPerspective(frame, raw, shift * h, {width, height}, cv::INTER_LINEAR, cv::BORDER_REPLICATE);
        MrzLineImage line;
        line.image = FlattenBackground(raw);
        out.push_back(std::move(line));
    }
    return out;
}

OrientationVote JudgeOrientation(const std::vector<MrzLineImage>& lines) {
    double cubes = 0, abs_cubes = 0;
    int jumps = 0;
    const double cap = kLineCapHeight;
    for (const MrzLineImage& l : lines) {
        const cv::Mat& img = l.image;
        const int q0 = std::max(0, kLinePadding - 2), q1 = std::min(img.rows, kLinePadding + kLineCapHeight + 2);
        const double centre = kLinePadding + cap / 2;
        double prev = -1;  // extent of the previous usable column, -1: none
        for (int x = 0; x < img.cols; ++x) {
            int first = -1, last = -1;
            double sum = 0;
            int n = 0;
            for (int y = q0; y < q1; ++y) {
                if (img.at<uchar>(y, x) >= 128) continue;
                if (first < 0) first = y;
                last = y;
                sum += y;
                ++n;
            }
            double extent = 0;
            bool usable = true;
            if (n > 0) {
                extent = last - first + 1;
                // Only the middle band, like the fillers: no full-height stems,
                // no ink hanging at the top or the bottom.
                usable = std::fabs(sum / n - centre) < 0.12 * cap && extent < 0.8 * cap;
            }
            if (usable && prev >= 0 && (extent > 0 || prev > 0)) {
                const double d = (extent - prev) / cap;
                cubes += d * d * d;
                abs_cubes += std::fabs(d * d * d);
                if (std::fabs(d) > 0.3) ++jumps;
            }
            prev = usable ? extent : -1;
        }
    }
    // Second cue: fillers (light glyphs) gather at the right end of MRZ lines.
    double left_ink = 0, right_ink = 0;
    for (const MrzLineImage& l : lines) {
        const int third = (l.image.cols - 2 * kLinePadding) / 3;
        for (int y = kLinePadding; y < l.image.rows - kLinePadding; ++y) {
            const uchar* row = l.image.ptr<uchar>(y);
            for (int x = kLinePadding; x < kLinePadding + third; ++x) left_ink += 255 - row[x];
            for (int x = l.image.cols - kLinePadding - third; x < l.image.cols - kLinePadding; ++x) right_ink += 255 - row[x];
        }
    }
    OrientationVote vote;
    vote.filler_side = left_ink + right_ink > 0 ? (left_ink - right_ink) / (left_ink + right_ink) : 0;
#ifdef DOCINTAKE_VISION_DEBUG
    std::fprintf(stderr, "orientation: chevrons %.3f (jumps %d) fillers %.3f\n", abs_cubes > 0 ? -cubes / abs_cubes : 0.0, jumps, vote.filler_side);
#endif
    // Upright fillers: small rises, abrupt falls, so the cubes sum negative.
    const double chevrons = abs_cubes > 0 && jumps >= 8 ? -cubes / abs_cubes : 0;
    // Weights and the threshold from synthetic OCR-B frames (no certain vote
    // was wrong there); both cues must agree before the reader skips the flip.
    vote.evidence = chevrons + 3 * vote.filler_side;
    vote.upside_down = vote.evidence < 0;
    vote.certain = std::fabs(vote.evidence) > 0.45 && chevrons * vote.filler_side > 0;
    return vote;
}

}  // namespace docintake::vision
