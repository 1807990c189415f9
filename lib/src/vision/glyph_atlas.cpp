#include "vision/glyph_atlas.h"

#include <cstring>
#include <string>
#include <vector>

#include <openssl/evp.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace docintake::vision {
namespace {

#include "vision/ocrb_atlas.inc"

std::vector<uchar> FromBase64(const char* text) {
    const std::size_t n = std::strlen(text);
    std::vector<uchar> out(n / 4 * 3 + 3);
    const int written = EVP_DecodeBlock(out.data(), reinterpret_cast<const unsigned char*>(text), static_cast<int>(n));
    if (written < 0) return {};
    std::size_t size = static_cast<std::size_t>(written);
    // EVP_DecodeBlock counts the padding's zero bytes.
    for (std::size_t i = n; i > 0 && text[i - 1] == '='; --i) --size;
    out.resize(size);
    return out;
}

}  // namespace

GlyphAtlas::GlyphAtlas(double blur_sigma) {
    const std::vector<uchar> png = FromBase64(kOcrbAtlasPngBase64);
    if (png.empty()) return;
    const cv::Mat row = cv::imdecode(png, cv::IMREAD_GRAYSCALE);
    if (row.rows != atlas::kCellRows || row.cols != atlas::kCellCols * atlas::kCount) return;
    for (int i = 0; i < atlas::kCount; ++i) {
        cv::Mat& shape = shapes_[static_cast<std::size_t>(i)];
        shape = row(cv::Rect(i * atlas::kCellCols, 0, atlas::kCellCols, atlas::kCellRows)).clone();
        if (blur_sigma > 0) cv::GaussianBlur(shape, shape, cv::Size(), blur_sigma, blur_sigma, cv::BORDER_REPLICATE);
    }
    ok_ = true;
}

const cv::Mat& GlyphAtlas::Of(char c) const {
    const char* at = c ? std::strchr(atlas::kCharacters, c) : nullptr;
    if (!ok_ || !at) return none_;
    return shapes_[static_cast<std::size_t>(at - atlas::kCharacters)];
}

}  // namespace docintake::vision
