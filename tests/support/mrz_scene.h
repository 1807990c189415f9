#pragma once
// Test support: a scene (a card with an OCR-B MRZ, its pose in the frame,
// blur, noise, optional clutter) drawn at test time, where its MRZ cells were
// drawn, and the zone LocateMrz finds in it. For tests that need a real MrzZone.

#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/freetype.hpp>
#include <opencv2/imgproc.hpp>

#include "vision/locate.h"

namespace docintake::test {

constexpr double kPitchPerCap = 2.54 / 2.35;  // ICAO character pitch over cap height

inline const std::vector<std::string> kTd3 = {"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                                              "L898902C36UTO7408122F1204159ZE184226B<<<<<10"};
inline const std::vector<std::string> kTd2 = {"I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "D231458907UTO7408122F1204159<<<<<<<6"};
inline const std::vector<std::string> kTd1 = {"I<UTOD231458907<<<<<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<6",
                                              "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"};

inline cv::Ptr<cv::freetype::FreeType2> Font(const char* path) {
    static cv::Ptr<cv::freetype::FreeType2> ocrb, sans;
    cv::Ptr<cv::freetype::FreeType2>& f = std::string(path).find("OCRB") != std::string::npos ? ocrb : sans;
    if (!f) {
        f = cv::freetype::createFreeType2();
        f->loadFontData(path, 0);
    }
    return f;
}
inline cv::Ptr<cv::freetype::FreeType2> OcrB() { return Font("/usr/share/fonts/opentype/ocr-b/OCRB.otf"); }
inline cv::Ptr<cv::freetype::FreeType2> Sans() { return Font("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"); }

inline int FontHeight(cv::Ptr<cv::freetype::FreeType2>& ft, double cap) {
    int base = 0;
    const double ratio = ft->getTextSize("H", 200, -1, &base).height / 200.0;
    return static_cast<int>(std::lround(cap / ratio));
}

// Monospaced cells of pitch 1.08 cap, each glyph centred in its cell.
inline void DrawMrzLine(cv::Mat& img, const std::string& text, cv::Point2d left_baseline, double cap) {
    auto ft = OcrB();
    const int h = FontHeight(ft, cap);
    const double pitch = cap * kPitchPerCap;
    for (size_t i = 0; i < text.size(); ++i) {
        int base = 0;
        const cv::Size s = ft->getTextSize(std::string(1, text[i]), h, -1, &base);
        const double x = left_baseline.x + pitch * static_cast<double>(i) + 0.5 * (pitch - s.width);
        ft->putText(img, std::string(1, text[i]), cv::Point(static_cast<int>(std::lround(x)), static_cast<int>(std::lround(left_baseline.y))), h,
                    cv::Scalar::all(25), -1, cv::LINE_AA, true);
    }
}

inline void DrawText(cv::Mat& img, const std::string& text, cv::Point2d left_baseline, double cap, cv::Scalar color) {
    auto ft = Sans();
    ft->putText(img, text, cv::Point(static_cast<int>(left_baseline.x), static_cast<int>(left_baseline.y)), FontHeight(ft, cap), color, -1,
                cv::LINE_AA, true);
}

struct Scene {
    std::vector<std::string> mrz = kTd3;
    double cap = 22;               // MRZ cap height on the card (before the pose scales it)
    double angle_deg = 0;          // in-plane rotation of the card, counter-clockwise on screen
    double tilt = 0;               // perspective: the card's far edge shrinks by this fraction
    double side_tilt = 0;          // perspective along the lines: the card's left edge shrinks by this fraction
    double scale = 1;              // card pixels to frame pixels
    cv::Point2d centre{960, 540};  // where the card's centre lands
    cv::Size frame{1920, 1080};
    double blur = 0.7, noise = 3;
    bool clutter = false;          // guilloche, a dark photo, text, a busy table
    bool document = true;
};

struct Rendered {
    cv::Mat gray;
    std::array<cv::Point2f, 4> quad;  // drawn MRZ cells: TL, TR, BR, BL of the upright text
    double cap = 0;                   // in the frame
};

inline cv::Mat Table(cv::Size size, bool busy, cv::RNG& rng) {
    cv::Mat table(size, CV_8UC3, cv::Scalar::all(95));
    if (!busy) return table;
    // Coloured-table stripes and a printed page of ordinary text.
    for (int x = 0; x < size.width; x += 60) cv::rectangle(table, cv::Rect(x, 0, 30, size.height), cv::Scalar::all(60), cv::FILLED);
    cv::Mat page(360, 520, CV_8UC3, cv::Scalar::all(215));
    for (int i = 0; i < 12; ++i)
        DrawText(page, i % 2 ? "registration form, please sign here" : "Date of arrival: 12 05 2024, office A1", {12, 30.0 + 27 * i}, 11,
                 cv::Scalar::all(40));
    page.copyTo(table(cv::Rect(40, size.height - 400, page.cols, page.rows)));
    cv::Mat noise(size, CV_8UC3);
    rng.fill(noise, cv::RNG::UNIFORM, 0, 40);
    cv::GaussianBlur(noise, noise, {0, 0}, 3);
    table += noise;
    return table;
}

inline Rendered Render(const Scene& s) {
    cv::RNG rng(1234);
    Rendered out;
    cv::Mat bgr = Table(s.frame, s.clutter, rng);
    if (s.document) {
        const double pitch = s.cap * kPitchPerCap;
        const double line_pitch = s.cap * 2.0;
        const double chars = static_cast<double>(s.mrz.front().size());
        const double margin = 2.2 * pitch;
        const int w = static_cast<int>(chars * pitch + 2 * margin);
        const int h = static_cast<int>(w * 0.68);
        cv::Mat card(h, w, CV_8UC3, cv::Scalar::all(228));
        if (s.clutter) {
            for (int k = 0; k < 40; ++k) {  // guilloche: fine wavy lines all over the card
                std::vector<cv::Point> pts;
                for (int x = 0; x < w; x += 4)
                    pts.emplace_back(x, static_cast<int>(k * h / 40.0 + 9 * std::sin(x / 23.0 + k)));
                cv::polylines(card, pts, false, cv::Scalar::all(185), 1, cv::LINE_AA);
            }
        }
        cv::rectangle(card, cv::Rect(static_cast<int>(margin), static_cast<int>(margin), w / 4, h / 2), cv::Scalar::all(s.clutter ? 45 : 160),
                      cv::FILLED);
        const char* viz[] = {"PASSPORT  PASSEPORT", "Surname / Nom  ERIKSSON", "Given names  ANNA MARIA", "Date of birth  12 AUG 74"};
        for (int i = 0; i < 4; ++i) DrawText(card, viz[i], {w * 0.36, margin + s.cap * (1.2 + 2.1 * i)}, s.cap * 0.8, cv::Scalar::all(50));
        const double first_baseline = h - margin - line_pitch * static_cast<double>(s.mrz.size() - 1);
        for (size_t i = 0; i < s.mrz.size(); ++i) DrawMrzLine(card, s.mrz[i], {margin, first_baseline + line_pitch * static_cast<double>(i)}, s.cap);
        const std::array<cv::Point2f, 4> quad_card = {
            cv::Point2f(static_cast<float>(margin), static_cast<float>(first_baseline - s.cap)),
            cv::Point2f(static_cast<float>(margin + chars * pitch), static_cast<float>(first_baseline - s.cap)),
            cv::Point2f(static_cast<float>(margin + chars * pitch), static_cast<float>(first_baseline + line_pitch * static_cast<double>(s.mrz.size() - 1))),
            cv::Point2f(static_cast<float>(margin), static_cast<float>(first_baseline + line_pitch * static_cast<double>(s.mrz.size() - 1)))};

        // Pose: the top edge of the card is narrower by `tilt` (perspective),
        // then scale, rotate and place.
        const double t = s.tilt * w / 2;
        const double ts = s.side_tilt * h / 2;
        const std::array<cv::Point2f, 4> card_corners = {cv::Point2f(0, 0), cv::Point2f(static_cast<float>(w), 0),
                                                         cv::Point2f(static_cast<float>(w), static_cast<float>(h)), cv::Point2f(0, static_cast<float>(h))};
        const double a = -s.angle_deg * CV_PI / 180;  // screen y points down
        std::array<cv::Point2f, 4> placed;
        const cv::Point2d local[4] = {{-w / 2.0 + t, -h / 2.0 + ts}, {w / 2.0 - t, -h / 2.0}, {w / 2.0, h / 2.0}, {-w / 2.0, h / 2.0 - ts}};
        for (int i = 0; i < 4; ++i) {
            const cv::Point2d p = local[i] * s.scale;
            placed[static_cast<size_t>(i)] = cv::Point2f(static_cast<float>(s.centre.x + p.x * std::cos(a) - p.y * std::sin(a)),
                                                          static_cast<float>(s.centre.y + p.x * std::sin(a) + p.y * std::cos(a)));
        }
        const cv::Mat hm = cv::getPerspectiveTransform(card_corners.data(), placed.data());
        cv::warpPerspective(card, bgr, hm, s.frame, cv::INTER_LINEAR, cv::BORDER_TRANSPARENT);
        std::vector<cv::Point2f> in(quad_card.begin(), quad_card.end()), mapped;
        cv::perspectiveTransform(in, mapped, hm);
        std::copy(mapped.begin(), mapped.end(), out.quad.begin());
        out.cap = s.cap * s.scale;
    }
    cv::cvtColor(bgr, out.gray, cv::COLOR_BGR2GRAY);
    if (s.blur > 0) cv::GaussianBlur(out.gray, out.gray, {0, 0}, s.blur);
    if (s.noise > 0) {
        cv::Mat noise(out.gray.size(), CV_16SC1), f;
        rng.fill(noise, cv::RNG::NORMAL, 0, s.noise);
        out.gray.convertTo(f, CV_16SC1);
        f += noise;
        f.convertTo(out.gray, CV_8UC1);
    }
    return out;
}

inline vision::LocateResult Locate(const Rendered& f, const vision::LocateOptions& o = {}) { return vision::LocateMrz(f.gray, o); }

// The zone the locator finds in scene `s`, whose orientation it is sure of.
inline vision::MrzZone CertainZone(const Scene& s) {
    const vision::LocateResult r = Locate(Render(s));
    REQUIRE(!r.zones.empty());
    REQUIRE(r.zones.front().orientation_certain);
    return r.zones.front();
}

// The zone of an upright card with `mrz`, turned by angle_deg.
inline vision::MrzZone CertainZone(const std::vector<std::string>& mrz, double angle_deg) {
    Scene s;
    s.mrz = mrz;
    s.angle_deg = angle_deg;
    return CertainZone(s);
}

}  // namespace docintake::test
