// docintake-glyph-atlas: renders the 37 MRZ characters in OCR-B (Debian's
// fonts-ocr-b, public domain) the way the locator's rectified line images hold
// them, and writes them as lib/src/vision/ocrb_atlas.inc: one PNG, base64.
// The library compares doubtful glyphs with these shapes (vision/glyph_match.h).
//
//   build/bin/docintake-glyph-atlas [FONT.otf] > lib/src/vision/ocrb_atlas.inc
//
// The glyphs are rasterised by FreeType directly from the font's outlines
// (anti-aliased, FreeType's light hinting), not by the benchmark generator's renderer
// (bench/synth): the shapes the reader compares against must not share the
// drawing path of the frames it is measured on (issue 24).
// Rerun it only when the cell geometry of vision/rectify.h changes.

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_OUTLINE_H

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "vision/glyph_atlas.h"

namespace {

constexpr const char* kDefaultFont = "/usr/share/fonts/opentype/ocr-b/OCRB.otf";

std::string Base64(const std::vector<uchar>& bytes) {
    static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    for (std::size_t i = 0; i < bytes.size(); i += 3) {
        const unsigned b0 = bytes[i];
        const unsigned b1 = i + 1 < bytes.size() ? bytes[i + 1] : 0;
        const unsigned b2 = i + 2 < bytes.size() ? bytes[i + 2] : 0;
        const unsigned v = (b0 << 16) | (b1 << 8) | b2;
        out.push_back(kAlphabet[(v >> 18) & 63]);
        out.push_back(kAlphabet[(v >> 12) & 63]);
        out.push_back(i + 1 < bytes.size() ? kAlphabet[(v >> 6) & 63] : '=');
        out.push_back(i + 2 < bytes.size() ? kAlphabet[v & 63] : '=');
    }
    return out;
}

// The glyph of `c` rendered with its pen origin at (x, baseline) of `cell`
// (fractional x through FreeType's transform), ink darkening the white cell.
bool DrawGlyph(FT_Face face, char c, double x, int baseline, cv::Mat& cell) {
    FT_Vector shift{static_cast<FT_Pos>(std::lround((x - std::floor(x)) * 64)), 0};
    FT_Set_Transform(face, nullptr, &shift);
    if (FT_Load_Char(face, static_cast<FT_ULong>(static_cast<unsigned char>(c)), FT_LOAD_RENDER | FT_LOAD_TARGET_LIGHT))
        return false;
    const FT_GlyphSlot g = face->glyph;
    const int left = static_cast<int>(std::floor(x)) + g->bitmap_left;
    const int top = baseline - g->bitmap_top;
    for (unsigned r = 0; r < g->bitmap.rows; ++r)
        for (unsigned k = 0; k < g->bitmap.width; ++k) {
            const int yy = top + static_cast<int>(r), xx = left + static_cast<int>(k);
            if (yy < 0 || yy >= cell.rows || xx < 0 || xx >= cell.cols) continue;
            const int cover = g->bitmap.buffer[r * static_cast<unsigned>(g->bitmap.pitch) + k];
            uchar& px = cell.at<uchar>(yy, xx);
            px = static_cast<uchar>(std::min<int>(px, 255 - cover));
        }
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    using namespace docintake;
    namespace va = vision::atlas;
    const char* font = argc > 1 ? argv[1] : kDefaultFont;
    FT_Library lib = nullptr;
    FT_Face face = nullptr;
    if (FT_Init_FreeType(&lib) || FT_New_Face(lib, font, 0, &face)) {
        std::fprintf(stderr, "cannot open the font %s\n", font);
        return 2;
    }
    // Size the font so that a capital H's outline is kLineCapHeight px tall, as
    // the rectified line images are sampled (vision/rectify.h).
    FT_Set_Char_Size(face, 0, 64 * 64, 72, 72);  // 64 px per em, measured then scaled
    if (FT_Load_Char(face, 'H', FT_LOAD_NO_HINTING)) return 2;
    FT_BBox box;
    FT_Outline_Get_CBox(&face->glyph->outline, &box);
    const double cap_at_64 = static_cast<double>(box.yMax - box.yMin) / 64.0;
    const double em_px = 64.0 * vision::kLineCapHeight / cap_at_64;
    FT_Set_Char_Size(face, 0, static_cast<FT_F26Dot6>(std::lround(em_px * 64)), 72, 72);
    if (FT_Load_Char(face, 'H', FT_LOAD_NO_HINTING)) return 2;
    const double advance = static_cast<double>(face->glyph->advance.x) / 64.0;  // OCR-B is monospaced

    const std::string chars = va::kCharacters;
    cv::Mat atlas(va::kCellRows, va::kCellCols * static_cast<int>(chars.size()), CV_8UC1, cv::Scalar(255));
    for (std::size_t i = 0; i < chars.size(); ++i) {
        cv::Mat cell(va::kCellRows, va::kCellCols, CV_8UC1, cv::Scalar(255));
        // The advance box centred in the cell, as the line images' pitch centres it.
        if (!DrawGlyph(face, chars[i], (va::kCellCols - advance) / 2.0, va::kCapTop + vision::kLineCapHeight, cell)) {
            std::fprintf(stderr, "no glyph for %c in %s\n", chars[i], font);
            return 2;
        }
        cell.copyTo(atlas(cv::Rect(static_cast<int>(i) * va::kCellCols, 0, va::kCellCols, va::kCellRows)));
    }
    FT_Done_Face(face);
    FT_Done_FreeType(lib);
    std::vector<uchar> png;
    cv::imencode(".png", atlas, png, {cv::IMWRITE_PNG_COMPRESSION, 9});
    const std::string b64 = Base64(png);
    std::printf("// Generated by bench/glyph_atlas_main.cpp from Debian's fonts-ocr-b (OCR-B,\n");
    std::printf("// public domain), rasterised by FreeType directly (not by bench/synth's\n");
    std::printf("// renderer): the characters of vision/glyph_atlas.h in a row, one cell each,\n");
    std::printf("// as a PNG in base64. Do not edit; rerun the generator.\n");
    std::printf("// advance %.2f px at cap height %d (em %.2f px)\n", advance, vision::kLineCapHeight, em_px);
    std::printf("constexpr const char* kOcrbAtlasPngBase64 =\n");
    for (std::size_t i = 0; i < b64.size(); i += 96) std::printf("    \"%s\"\n", b64.substr(i, 96).c_str());
    std::printf("    ;\n");
    return 0;
}
