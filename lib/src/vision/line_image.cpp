#include "vision/line_image.h"

#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>

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

double EstimatePitch(const cv::Mat& line) {
    std::vector<double> profile(static_cast<size_t>(line.cols), 0);
    for (int y = 0; y < line.rows; ++y) {
        const uchar* row = line.ptr<uchar>(y);
        for (int x = 0; x < line.cols; ++x) profile[static_cast<size_t>(x)] += 255 - row[x];
    }
    double mean = 0;
    for (double v : profile) mean += v;
    mean /= static_cast<double>(std::max<size_t>(1, profile.size()));
    for (double& v : profile) v -= mean;
    // OCR-B pitch is about 1.08 cap heights; allow for printing tolerances.
    const int lo = static_cast<int>(0.75 * kLineCapHeight), hi = static_cast<int>(1.5 * kLineCapHeight);
    std::vector<double> ac(static_cast<size_t>(hi + 2), 0);
    for (int lag = lo - 1; lag <= hi + 1; ++lag)
        for (size_t x = 0; x + static_cast<size_t>(lag) < profile.size(); ++x)
            ac[static_cast<size_t>(lag)] += profile[x] * profile[x + static_cast<size_t>(lag)];
    int best = -1;
    for (int lag = lo; lag <= hi; ++lag)
        if (ac[static_cast<size_t>(lag)] > ac[static_cast<size_t>(lag - 1)] && ac[static_cast<size_t>(lag)] >= ac[static_cast<size_t>(lag + 1)] &&
            (best < 0 || ac[static_cast<size_t>(lag)] > ac[static_cast<size_t>(best)]))
            best = lag;
    if (best < 0 || ac[static_cast<size_t>(best)] <= 0) return 0;
    const double a = ac[static_cast<size_t>(best - 1)], b = ac[static_cast<size_t>(best)], c = ac[static_cast<size_t>(best + 1)];
    const double denom = a - 2 * b + c;
    return best + (std::fabs(denom) > 1e-9 ? 0.5 * (a - c) / denom : 0);
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
        line.char_pitch_px = EstimatePitch(line.image);
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
    OrientationVote vote;
    if (abs_cubes <= 0) return vote;
    // Upright fillers: small rises, abrupt falls, so the cubes sum negative.
    vote.evidence = -cubes / abs_cubes;
    vote.upside_down = vote.evidence < 0;
    vote.certain = std::fabs(vote.evidence) > 0.35 && jumps >= 8;
    return vote;
}

}  // namespace docintake::vision
