// Busy scenes behind the document: table tops (wood, laminate, cloth, dark
// desk mats) with papers, pens and phones lying around. The typed papers are
// deliberate decoys: lines of text that are not an MRZ.

#include <cmath>

#include <opencv2/imgproc.hpp>

#include "synth/render.h"

namespace docintake::synth {
namespace {

// Smooth random field in [-1, 1] with features about `cell` pixels wide.
cv::Mat SmoothNoise(cv::Size size, double cell, Rng& rng) {
    const int w = std::max(2, static_cast<int>(size.width / cell) + 2);
    const int h = std::max(2, static_cast<int>(size.height / cell) + 2);
    cv::Mat small(h, w, CV_32F);
    cv::RNG cvrng(rng.seed());
    cvrng.fill(small, cv::RNG::UNIFORM, -1.0, 1.0);
    cv::Mat big;
    cv::resize(small, big, size, 0, 0, cv::INTER_CUBIC);
    return big;
}

cv::Mat Wood(cv::Size size, Rng& rng) {
    const cv::Vec3f base(static_cast<float>(rng.uniform(40, 90)), static_cast<float>(rng.uniform(80, 130)),
                         static_cast<float>(rng.uniform(120, 190)));
    cv::Mat grain = SmoothNoise(cv::Size(size.width, size.height / 8 + 2), 6, rng);
    cv::resize(grain, grain, size, 0, 0, cv::INTER_LINEAR);  // streaks along x
    cv::Mat warp = SmoothNoise(size, 200, rng);
    const double freq = rng.uniform(0.02, 0.08);
    cv::Mat out(size, CV_8UC3);
    for (int y = 0; y < size.height; ++y)
        for (int x = 0; x < size.width; ++x) {
            const float rings = static_cast<float>(0.5 + 0.5 * std::sin(freq * (y + 60.0 * warp.at<float>(y, x))));
            const float g = 1.0f + 0.12f * grain.at<float>(y, x) - 0.18f * rings;
            out.at<cv::Vec3b>(y, x) = cv::Vec3b(cv::saturate_cast<uchar>(base[0] * g), cv::saturate_cast<uchar>(base[1] * g),
                                                cv::saturate_cast<uchar>(base[2] * g));
        }
    if (rng.chance(0.5)) {  // grain along y instead
        cv::Mat t;
        cv::transpose(out, t);
        cv::resize(t, out, size);
    }
    return out;
}

cv::Mat Plain(cv::Size size, Rng& rng) {
    const cv::Scalar color(rng.uniform(20, 230), rng.uniform(20, 230), rng.uniform(20, 230));
    cv::Mat out(size, CV_8UC3, color);
    cv::Mat coarse = SmoothNoise(size, 300, rng), fine(size, CV_32F);
    cv::RNG cvrng(rng.seed());
    cvrng.fill(fine, cv::RNG::NORMAL, 0, 1);
    cv::Mat field = coarse * 12 + fine * rng.uniform(2, 8);
    cv::Mat field3;
    cv::merge(std::vector<cv::Mat>{field, field, field}, field3);
    out.convertTo(out, CV_32FC3);
    out += field3;
    out.convertTo(out, CV_8UC3);
    return out;
}

cv::Mat Cloth(cv::Size size, Rng& rng) {
    cv::Mat out = Plain(size, rng);
    const int step = rng.integer(4, 30);
    const cv::Scalar stripe(rng.uniform(0, 255), rng.uniform(0, 255), rng.uniform(0, 255));
    cv::Mat overlay = out.clone();
    for (int x = 0; x < size.width; x += step * 2) cv::rectangle(overlay, cv::Rect(x, 0, step, size.height), stripe, -1);
    if (rng.chance(0.6))
        for (int y = 0; y < size.height; y += step * 2) cv::rectangle(overlay, cv::Rect(0, y, size.width, step), stripe, -1);
    cv::addWeighted(overlay, rng.uniform(0.15, 0.5), out, 1, 0, out);
    cv::Mat rot = cv::getRotationMatrix2D(cv::Point2f(size / 2), rng.uniform(0, 180), 1.5);
    cv::warpAffine(out, out, rot, size, cv::INTER_LINEAR, cv::BORDER_REFLECT);
    return out;
}

void RotatedRect(cv::Mat& img, cv::RotatedRect r, const cv::Scalar& color) {
    cv::Point2f p[4];
    r.points(p);
    std::vector<cv::Point> pts(p, p + 4);
    cv::fillConvexPoly(img, pts, color, cv::LINE_AA);
}

// A sheet of paper with typed lines on it, rotated; sometimes monospaced.
void Paper(cv::Mat& img, Rng& rng) {
    const double w = rng.uniform(0.25, 0.6) * img.cols, h = w * 1.414;
    cv::Mat sheet(static_cast<int>(h), static_cast<int>(w), CV_8UC3, cv::Scalar::all(rng.uniform(200, 250)));
    const Font font = rng.pick(std::vector<Font>{Font::Sans, Font::Serif, Font::Mono});
    const double cap = rng.uniform(0.008, 0.02) * w;
    const char* words[] = {"APPLICATION", "REGISTRATION", "NAME", "DATE", "ADDRESS", "SIGNATURE", "OFFICE",
                           "CASE", "NUMBER", "<<", "FORM", "A1", "2024", "PLEASE", "COMPLETE", "IN", "CAPITALS"};
    for (double y = 0.08 * h; y < 0.92 * h; y += cap * rng.uniform(2.2, 3.5)) {
        std::string line;
        const int n = rng.integer(2, 9);
        for (int i = 0; i < n; ++i) line += std::string(words[rng.integer(0, 16)]) + " ";
        DrawText(sheet, line, {0.08 * w, y}, cap, cv::Scalar::all(rng.uniform(20, 90)), font);
    }
    const cv::Point2f c(static_cast<float>(rng.uniform(0, img.cols)), static_cast<float>(rng.uniform(0, img.rows)));
    const double angle = rng.uniform(-180, 180);
    cv::Mat m = cv::getRotationMatrix2D(cv::Point2f(static_cast<float>(w / 2), static_cast<float>(h / 2)), angle, 1.0);
    m.at<double>(0, 2) += c.x - w / 2;
    m.at<double>(1, 2) += c.y - h / 2;
    cv::Mat mask(sheet.size(), CV_8UC1, cv::Scalar(255)), warped, wmask;
    cv::warpAffine(sheet, warped, m, img.size(), cv::INTER_LINEAR);
    cv::warpAffine(mask, wmask, m, img.size(), cv::INTER_LINEAR);
    warped.copyTo(img, wmask > 128);
}

}  // namespace

cv::Mat RenderBackground(cv::Size size, Rng& rng) {
    cv::Mat out;
    const double u = rng.uniform();
    if (u < 0.35) out = Wood(size, rng);
    else if (u < 0.7) out = Plain(size, rng);
    else out = Cloth(size, rng);

    const int papers = rng.integer(0, 2);
    for (int i = 0; i < papers; ++i) Paper(out, rng);
    const int pens = rng.integer(0, 2);
    for (int i = 0; i < pens; ++i) {
        const cv::RotatedRect r(cv::Point2f(static_cast<float>(rng.uniform(0, size.width)), static_cast<float>(rng.uniform(0, size.height))),
                                cv::Size2f(static_cast<float>(size.width * rng.uniform(0.1, 0.2)), static_cast<float>(size.width * 0.008)),
                                static_cast<float>(rng.uniform(0, 180)));
        RotatedRect(out, r, cv::Scalar(rng.uniform(0, 255), rng.uniform(0, 255), rng.uniform(0, 255)));
    }
    if (rng.chance(0.25)) {  // a phone: dark rounded slab with a faint screen
        const cv::RotatedRect r(cv::Point2f(static_cast<float>(rng.uniform(0, size.width)), static_cast<float>(rng.uniform(0, size.height))),
                                cv::Size2f(static_cast<float>(size.width * 0.09), static_cast<float>(size.width * 0.18)),
                                static_cast<float>(rng.uniform(0, 180)));
        RotatedRect(out, r, cv::Scalar::all(25));
        RotatedRect(out, cv::RotatedRect(r.center, r.size * 0.9f, r.angle), cv::Scalar(60, 45, 40));
    }
    return out;
}

}  // namespace docintake::synth
