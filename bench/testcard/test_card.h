#pragma once
// The self-test card (docintake/selftest.h: TestCardMrzs) drawn at any scale,
// and camera frames of it with known scale, blur, glare and noise. Header-only:
// the card generator (testcard_main.cpp) and the tests draw the same card.
// Needs OpenCV's freetype module, ZXing-C++'s writer and Debian's fonts-ocr-b and fonts-dejavu-core.

#include <cmath>
#include <string>
#include <vector>

#include <ZXing/BarcodeFormat.h>
#include <ZXing/BitMatrix.h>
#include <ZXing/CharacterSet.h>
#include <ZXing/MultiFormatWriter.h>
#include <opencv2/core.hpp>
#include <opencv2/freetype.hpp>
#include <opencv2/imgproc.hpp>

#include <docintake/mrz.h>
#include <docintake/selftest.h>

namespace docintake::testcard {

// The card in millimetres: a TD3 line (44 x 2.54 = 111.8 mm) with its label
// beside it, the five MRZs, the barcodes and a scale bar; 150 x 106 mm, about a
// passport data page (125 x 88 mm) and a margin, so a kiosk camera set up for
// passports sees it whole (at 8 px/mm it takes 1200 x 848 px of a 1080p frame).
constexpr double kCardWidthMm = 150;
constexpr double kCardHeightMm = 106;
// From one MRZ's last baseline to the next one's cap top: over twice the gap
// between a zone's own lines, so the reader does not take two zones for one.
constexpr double kBlockGapMm = 5.5;
constexpr double kMarginMm = 9;
// ICAO 9303: OCR-B size 1, 2.54 mm pitch; capitals about 2.35 mm high. Lines
// 4.7 mm apart, as the project's scene generators draw them.
constexpr double kPitchMm = 2.54;
constexpr double kCapMm = 2.35;
constexpr double kLinePitchMm = 4.7;

inline const char* OcrBPath() { return "/usr/share/fonts/opentype/ocr-b/OCRB.otf"; }
inline const char* SansPath() { return "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"; }

inline int FontHeightFor(cv::Ptr<cv::freetype::FreeType2>& ft, double cap_px) {
    int base = 0;
    const double ratio = ft->getTextSize("H", 200, -1, &base).height / 200.0;
    return std::max(1, static_cast<int>(std::lround(cap_px / ratio)));
}

// Module sizes: 0.5 mm for the 2D symbols (4 px at 8 px/mm), 0.35 mm for PDF417's narrow bars.
constexpr double kModuleMm = 0.5;
constexpr double kPdf417ModuleMm = 0.35;

inline ZXing::BarcodeFormat ZXingFormat(BarcodeFormat f) {
    switch (f) {
        case BarcodeFormat::PDF417: return ZXing::BarcodeFormat::PDF417;
        case BarcodeFormat::DataMatrix: return ZXing::BarcodeFormat::DataMatrix;
        case BarcodeFormat::QRCode: return ZXing::BarcodeFormat::QRCode;
        case BarcodeFormat::Aztec: return ZXing::BarcodeFormat::Aztec;
    }
    return ZXing::BarcodeFormat::QRCode;
}

// One symbol, one pixel per module (black 0, white 255), no quiet zone.
inline cv::Mat SymbolModules(const TestCardBarcode& b) {
    std::wstring w(b.text.begin(), b.text.end());
    ZXing::MultiFormatWriter writer(ZXingFormat(b.format));
    writer.setEncoding(ZXing::CharacterSet::ISO8859_1).setMargin(0);
    const ZXing::BitMatrix bits = writer.encode(w, 0, 0);
    cv::Mat m(bits.height(), bits.width(), CV_8UC1);
    for (int y = 0; y < bits.height(); ++y)
        for (int x = 0; x < bits.width(); ++x) m.at<uchar>(y, x) = bits.get(x, y) ? 0 : 255;
    return m;
}

// Draws the card (CV_8UC1), dark on white, at `px_per_mm`. Empty when a font is missing.
inline cv::Mat RenderCard(double px_per_mm) {
    cv::Ptr<cv::freetype::FreeType2> ocrb = cv::freetype::createFreeType2();
    cv::Ptr<cv::freetype::FreeType2> sans = cv::freetype::createFreeType2();
    try {
        ocrb->loadFontData(OcrBPath(), 0);
        sans->loadFontData(SansPath(), 0);
    } catch (const cv::Exception&) {
        return {};
    }
    auto px = [px_per_mm](double mm) { return mm * px_per_mm; };
    auto pt = [&](double x_mm, double y_mm) { return cv::Point(static_cast<int>(std::lround(px(x_mm))), static_cast<int>(std::lround(px(y_mm)))); };
    cv::Mat card(static_cast<int>(std::lround(px(kCardHeightMm))), static_cast<int>(std::lround(px(kCardWidthMm))), CV_8UC3, cv::Scalar::all(250));
    const cv::Scalar ink = cv::Scalar::all(20);
    auto text = [&](const std::string& s, double x_mm, double baseline_mm, double cap_mm) {
        sans->putText(card, s, pt(x_mm, baseline_mm), FontHeightFor(sans, px(cap_mm)), cv::Scalar::all(60), -1, cv::LINE_AA, true);
    };
    cv::rectangle(card, cv::Rect(0, 0, card.cols, card.rows), cv::Scalar::all(120), std::max(1, static_cast<int>(px(0.3))));
    text("docintake self-test card   SPECIMEN - not an identity document", kMarginMm, 7, 2.2);
    double y = 11;  // cap top of the next block, mm
    for (const TestCardMrz& m : TestCardMrzs()) {
        // The format's name beside its first line.
        text(std::string(ToString(m.format)), kMarginMm + kPitchMm * static_cast<double>(m.lines.front().size()) + 3, y + 2.2, 1.8);
        double baseline = y + kCapMm;
        const int font = FontHeightFor(ocrb, px(kCapMm));
        for (const std::string& line : m.lines) {
            for (std::size_t i = 0; i < line.size(); ++i) {
                int base = 0;
                const cv::Size s = ocrb->getTextSize(std::string(1, line[i]), font, -1, &base);
                // Each glyph centred in its 2.54 mm cell.
                const double x = px(kMarginMm + kPitchMm * static_cast<double>(i)) + 0.5 * (px(kPitchMm) - s.width);
                ocrb->putText(card, std::string(1, line[i]), cv::Point(static_cast<int>(std::lround(x)), static_cast<int>(std::lround(px(baseline)))),
                              font, ink, -1, cv::LINE_AA, true);
            }
            baseline += kLinePitchMm;
        }
        y = baseline - kLinePitchMm + kBlockGapMm;
    }
    // The barcodes in a row under the MRZs, each with a quiet zone of the card's white.
    double x_mm = kMarginMm;
    const double row_top = y + 2;
    for (const TestCardBarcode& b : TestCardBarcodes()) {
        const cv::Mat modules = SymbolModules(b);
        const double module_mm = b.format == BarcodeFormat::PDF417 ? kPdf417ModuleMm : kModuleMm;
        const cv::Size size(static_cast<int>(std::lround(px(modules.cols * module_mm))), static_cast<int>(std::lround(px(modules.rows * module_mm))));
        cv::Mat symbol, bgr;
        cv::resize(modules, symbol, size, 0, 0, px(module_mm) >= 3 ? cv::INTER_NEAREST : cv::INTER_AREA);
        cv::cvtColor(symbol, bgr, cv::COLOR_GRAY2BGR);
        const cv::Rect at(pt(x_mm, row_top).x, pt(x_mm, row_top).y, size.width, size.height);
        if ((at & cv::Rect(0, 0, card.cols, card.rows)) == at) bgr.copyTo(card(at));
        x_mm += modules.cols * module_mm + 6;
    }
    // A 100 mm scale bar: the print is right when it measures 100 mm.
    const double bar_y = kCardHeightMm - 8;
    cv::line(card, pt(kMarginMm, bar_y), pt(kMarginMm + 100, bar_y), ink, std::max(1, static_cast<int>(px(0.3))));
    for (int t = 0; t <= 10; ++t)
        cv::line(card, pt(kMarginMm + 10 * t, bar_y - (t % 5 ? 1.0 : 2.0)), pt(kMarginMm + 10 * t, bar_y), ink,
                 std::max(1, static_cast<int>(px(0.3))));
    text("100 mm: print at actual size (100%, no fit to page)", kMarginMm, bar_y + 4.5, 1.8);
    cv::Mat gray;  // FreeType draws on colour images only
    cv::cvtColor(card, gray, cv::COLOR_BGR2GRAY);
    return gray;
}

// A camera's view of the card.
struct Shot {
    cv::Size frame{1920, 1080};
    double px_per_mm = 8;       // at the card: the truth for px/mm
    double angle_deg = 0;       // rotation of the card in the frame
    double blur_sigma = 0.7;    // optics, frame px
    double noise_sigma = 2;     // sensor, grey levels
    double gain = 0.9;          // the white card at 225
    // A specular highlight: centre in card millimetres, radius in millimetres; 0: none.
    cv::Point2d glare_mm{0, 0};
    double glare_radius_mm = 0;
    unsigned seed = 1;
};

// BGR frame. Where the card lies is centred in the frame.
inline cv::Mat RenderShot(const cv::Mat& card_at_scale, const Shot& s) {
    cv::Mat frame(s.frame, CV_8UC1, cv::Scalar(90));
    const cv::Point2f centre(static_cast<float>(s.frame.width) / 2, static_cast<float>(s.frame.height) / 2);
    cv::Mat m = cv::getRotationMatrix2D(cv::Point2f(static_cast<float>(card_at_scale.cols) / 2, static_cast<float>(card_at_scale.rows) / 2), s.angle_deg, 1.0);
    m.at<double>(0, 2) += centre.x - card_at_scale.cols / 2.0;
    m.at<double>(1, 2) += centre.y - card_at_scale.rows / 2.0;
    cv::warpAffine(card_at_scale, frame, m, s.frame, cv::INTER_LINEAR, cv::BORDER_TRANSPARENT);
    cv::Mat f;
    frame.convertTo(f, CV_32F, s.gain);
    if (s.glare_radius_mm > 0) {
        const double r = s.glare_radius_mm * s.px_per_mm;
        const cv::Point2d at(s.glare_mm.x * s.px_per_mm, s.glare_mm.y * s.px_per_mm);
        const cv::Point2d c(m.at<double>(0, 0) * at.x + m.at<double>(0, 1) * at.y + m.at<double>(0, 2),
                            m.at<double>(1, 0) * at.x + m.at<double>(1, 1) * at.y + m.at<double>(1, 2));
        cv::Mat spot = cv::Mat::zeros(f.size(), CV_32F);
        cv::circle(spot, cv::Point(static_cast<int>(c.x), static_cast<int>(c.y)), static_cast<int>(r), cv::Scalar(400), cv::FILLED, cv::LINE_AA);
        cv::GaussianBlur(spot, spot, {0, 0}, r / 3);
        f += spot;
    }
    if (s.blur_sigma > 0) cv::GaussianBlur(f, f, {0, 0}, s.blur_sigma);
    if (s.noise_sigma > 0) {
        cv::Mat noise(f.size(), CV_32F);
        cv::RNG rng(s.seed);
        rng.fill(noise, cv::RNG::NORMAL, 0, s.noise_sigma);
        f += noise;
    }
    cv::Mat gray, bgr;
    f.convertTo(gray, CV_8U);
    cv::cvtColor(gray, bgr, cv::COLOR_GRAY2BGR);
    return bgr;
}

inline cv::Mat RenderShot(const Shot& s) { return RenderShot(RenderCard(s.px_per_mm), s); }

}  // namespace docintake::testcard
