// Text through cv::freetype with fonts from Debian packages (fonts-ocr-b,
// fonts-dejavu-core). OCR-B is the ICAO 9303 MRZ font.

#include <array>
#include <cmath>
#include <memory>
#include <stdexcept>

#include <opencv2/freetype.hpp>
#include <opencv2/imgproc.hpp>

#include "synth/render.h"

namespace docintake::synth {
namespace {

const char* FontPath(Font font) {
    switch (font) {
        case Font::OcrB: return "/usr/share/fonts/opentype/ocr-b/OCRB.otf";
        case Font::Sans: return "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
        case Font::SansBold: return "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";
        case Font::Serif: return "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf";
        case Font::Mono: return "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf";
    }
    return "";
}

struct LoadedFont {
    cv::Ptr<cv::freetype::FreeType2> ft;
    double cap_ratio = 0.7;  // cap height / font height, measured on "H"
};

LoadedFont& Get(Font font) {
    // FreeType2 objects are not thread-safe; each thread loads its own.
    thread_local std::array<LoadedFont, 5> fonts;
    LoadedFont& f = fonts[static_cast<size_t>(font)];
    if (!f.ft) {
        f.ft = cv::freetype::createFreeType2();
        f.ft->loadFontData(FontPath(font), 0);  // throws cv::Exception when the font is missing
        int base = 0;
        const cv::Size s = f.ft->getTextSize("H", 200, -1, &base);
        if (s.height > 0) f.cap_ratio = s.height / 200.0;
    }
    return f;
}

int FontHeight(LoadedFont& f, double cap_px) {
    return std::max(4, static_cast<int>(std::lround(cap_px / f.cap_ratio)));
}

}  // namespace

void DrawText(cv::Mat& img, const std::string& text, cv::Point2d baseline_left, double cap_px,
              const cv::Scalar& color, Font font) {
    LoadedFont& f = Get(font);
    const cv::Point org(static_cast<int>(std::lround(baseline_left.x)), static_cast<int>(std::lround(baseline_left.y)));
    f.ft->putText(img, text, org, FontHeight(f, cap_px), color, -1, cv::LINE_AA, true);
}

double TextWidth(const std::string& text, double cap_px, Font font) {
    LoadedFont& f = Get(font);
    int base = 0;
    return f.ft->getTextSize(text, FontHeight(f, cap_px), -1, &base).width;
}

}  // namespace docintake::synth
