#pragma once
// Test support: a camera-like frame of a document with an OCR-B MRZ, drawn at
// test time with OpenCV's freetype module and Debian's fonts-ocr-b. Small and
// deterministic; the benchmark's generator (bench/synth) is the thorough one.

#include <cmath>
#include <string>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/freetype.hpp>
#include <opencv2/imgproc.hpp>

namespace docintake::test {

inline const char* OcrBFontPath() { return "/usr/share/fonts/opentype/ocr-b/OCRB.otf"; }

struct FrameSpec {
    cv::Size frame{1920, 1080};
    double cap_px = 22;          // height of a capital in the frame
    double angle_deg = 0;        // rotation of the document in the frame
    double blur_sigma = 0.8;     // optics
    double noise_sigma = 4;      // sensor
    unsigned seed = 1;
    // When > 0: the MRZ from this cell on, to the card's right edge, lies in a
    // shadow that keeps `shadow_level` of the light.
    int shadow_from_cell = 0;
    double shadow_level = 0.5;
};

// Draws text with a fixed character pitch, as MRZs are printed (2.54 mm per
// character for a 2.35 mm cap height: pitch = 1.08 cap).
inline void DrawMonospaced(cv::Mat& bgr, cv::Ptr<cv::freetype::FreeType2>& ft, const std::string& text,
                           cv::Point2d left_baseline, double cap_px, const cv::Scalar& color) {
    int base = 0;
    const double cap_ratio = ft->getTextSize("H", 200, -1, &base).height / 200.0;
    const int font_height = static_cast<int>(std::lround(cap_px / cap_ratio));
    const double pitch = cap_px * 2.54 / 2.35;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const cv::Size s = ft->getTextSize(std::string(1, text[i]), font_height, -1, &base);
        // Centre each glyph in its cell.
        const double x = left_baseline.x + pitch * static_cast<double>(i) + 0.5 * (pitch - s.width);
        ft->putText(bgr, std::string(1, text[i]), cv::Point(static_cast<int>(std::lround(x)), static_cast<int>(std::lround(left_baseline.y))),
                    font_height, color, -1, cv::LINE_AA, true);
    }
}

// A light card with some printed text and the MRZ at its bottom, on a darker
// table, rotated, blurred and noisy. Empty when the font cannot be loaded.
inline cv::Mat RenderMrzFrame(const std::vector<std::string>& mrz, const FrameSpec& spec = {}) {
    cv::Ptr<cv::freetype::FreeType2> ft = cv::freetype::createFreeType2();
    try {
        ft->loadFontData(OcrBFontPath(), 0);
    } catch (const cv::Exception&) {
        return {};
    }
    const double pitch = spec.cap_px * 2.54 / 2.35;
    const double line_pitch = spec.cap_px * 2.0;
    const std::size_t chars = mrz.empty() ? 44 : mrz.front().size();
    const int margin = static_cast<int>(2 * pitch);
    const int card_w = static_cast<int>(pitch * static_cast<double>(chars) + 2 * margin);
    const int card_h = static_cast<int>(card_w * 0.63);
    cv::Mat card(card_h, card_w, CV_8UC3, cv::Scalar(225, 232, 236));
    // Printed, non-MRZ content above the zone: a few lines of smaller text.
    const double small = spec.cap_px * 0.8;
    const char* labels[] = {"SURNAME / NOM", "GIVEN NAMES / PRENOMS", "DATE OF BIRTH 12 AUG 1974", "AUTHORITY"};
    for (int i = 0; i < 4; ++i)
        DrawMonospaced(card, ft, labels[i], cv::Point2d(card_w * 0.35, margin + small * (2.2 * i + 1.5)), small,
                       cv::Scalar(90, 60, 40));
    cv::rectangle(card, cv::Rect(margin, margin, static_cast<int>(card_w * 0.25), static_cast<int>(card_h * 0.45)),
                  cv::Scalar(150, 160, 170), cv::FILLED);
    double y = card_h - margin - line_pitch * static_cast<double>(mrz.size() - 1);
    for (const std::string& line : mrz) {
        DrawMonospaced(card, ft, line, cv::Point2d(margin, y), spec.cap_px, cv::Scalar(20, 20, 20));
        y += line_pitch;
    }
    if (spec.shadow_from_cell > 0) {
        const int x0 = static_cast<int>(margin + pitch * (spec.shadow_from_cell - 0.3));
        const int y0 = static_cast<int>(card_h - margin - line_pitch * static_cast<double>(mrz.size() - 1) - 2 * spec.cap_px);
        const cv::Rect shadow = cv::Rect(x0, y0, card_w - x0, card_h - y0) & cv::Rect(0, 0, card_w, card_h);
        card(shadow).convertTo(card(shadow), -1, spec.shadow_level);
    }
    // Place on a table and rotate about the frame centre.
    cv::Mat frame(spec.frame, CV_8UC3, cv::Scalar(70, 95, 120));
    const cv::Point2f centre(spec.frame.width / 2.f, spec.frame.height / 2.f);
    cv::Mat m = cv::getRotationMatrix2D(cv::Point2f(card_w / 2.f, card_h / 2.f), spec.angle_deg, 1.0);
    m.at<double>(0, 2) += centre.x - card_w / 2.0;
    m.at<double>(1, 2) += centre.y - card_h / 2.0;
    cv::warpAffine(card, frame, m, spec.frame, cv::INTER_LINEAR, cv::BORDER_TRANSPARENT);
    if (spec.blur_sigma > 0) cv::GaussianBlur(frame, frame, cv::Size(), spec.blur_sigma);
    if (spec.noise_sigma > 0) {
        cv::Mat noise(frame.size(), CV_16SC3);
        cv::RNG rng(spec.seed);
        rng.fill(noise, cv::RNG::NORMAL, 0, spec.noise_sigma);
        cv::Mat f;
        frame.convertTo(f, CV_16SC3);
        f += noise;
        f.convertTo(frame, CV_8UC3);
    }
    return frame;
}

}  // namespace docintake::test
