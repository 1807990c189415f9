#pragma once
// The decoding engine: candidate regions, ZXing-C++ on crops of them, and a
// whole-frame pass as a fallback. It runs inside the sandboxed worker (or in
// process when the caller turns the sandbox off) and returns raw symbols only;
// payload decoding happens in the caller.

#include <array>
#include <cstdint>
#include <opencv2/core.hpp>
#include <vector>

#include "docintake/barcode.h"

namespace docintake::barcode {

// Our formats as bits: 1 << static_cast<int>(BarcodeFormat).
using FormatMask = std::uint32_t;
constexpr FormatMask kAllFormats = 0xF;
FormatMask ToMask(const std::vector<BarcodeFormat>& formats);  // empty: all

struct RawSymbol {
    BarcodeFormat format = BarcodeFormat::QRCode;
    std::vector<std::uint8_t> bytes;
    std::array<float, 8> quad{};  // frame coordinates, tl tr br bl
};

struct EngineOptions {
    FormatMask formats = kAllFormats;
    bool full_frame_fallback = true;
    int max_symbols = 4;
};

// Never throws; an empty or non-CV_8UC1 image gives no symbols.
std::vector<RawSymbol> DecodeSymbols(const cv::Mat& gray, const EngineOptions& options);

}  // namespace docintake::barcode
