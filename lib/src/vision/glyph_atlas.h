#pragma once
// OCR-B's 37 MRZ characters as the rectified line images hold them (cap height
// kLineCapHeight, one cell per character), for comparing a doubtful glyph with
// the shapes the OCR hesitates between. The shapes are rendered from Debian's
// fonts-ocr-b by bench/glyph_atlas_main.cpp (FreeType, directly from the
// font; not the benchmark generator's renderer) and built into the library.

#include <array>

#include <opencv2/core.hpp>

#include "vision/rectify.h"

namespace docintake::vision {

namespace atlas {
inline constexpr char kCharacters[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<";
inline constexpr int kCount = 37;
inline constexpr int kCapTop = 4;                                 // paper above the cap top in a cell
inline constexpr int kCellRows = kLineCapHeight + 2 * kCapTop;    // 40
inline constexpr int kCellCols = 35;                              // kLinePitch, rounded
}  // namespace atlas

// The decoded shapes: dark ink on white, CV_8UC1, kCellRows x kCellCols,
// blurred by `blur_sigma` px (0: as rendered) to look like camera glyphs.
class GlyphAtlas {
public:
    explicit GlyphAtlas(double blur_sigma = 0);
    bool ok() const { return ok_; }
    // The shape of `c`, or an empty image when `c` is no MRZ character.
    const cv::Mat& Of(char c) const;

private:
    std::array<cv::Mat, atlas::kCount> shapes_;
    cv::Mat none_;
    bool ok_ = false;
};

}  // namespace docintake::vision
