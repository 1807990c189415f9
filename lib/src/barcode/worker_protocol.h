#pragma once
// The pipe protocol between the reader and its sandboxed decoding worker.
//
// Request  (reader -> worker): 8 little-endian u32 words
//   magic "DIBQ", version, width, height, formats mask, flags, max symbols, reserved,
//   then width*height grey bytes, row by row, unless the flags say the pixels are
//   in the frame buffer the worker mapped at start (a sealed memfd: one copy into
//   shared memory instead of two through the socket).
// Response (worker -> reader): u32 body length, then the body:
//   magic "DIBA", status (0 = ok), symbol count, and per symbol
//   u32 format, 8 x f32 quad, u32 byte count, the bytes.
//
// Each side checks every number against the limits below before it allocates
// or copies: the worker distrusts nothing less than the image, and the reader
// treats whatever a possibly compromised worker sends as hostile.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "barcode/engine.h"

namespace docintake::barcode::protocol {

constexpr std::uint32_t kRequestMagic = 0x51424944;   // "DIBQ"
constexpr std::uint32_t kResponseMagic = 0x41424944;  // "DIBA"
constexpr std::uint32_t kVersion = 2;
constexpr std::size_t kRequestHeaderBytes = 8 * 4;
constexpr std::uint32_t kMaxSide = 8192;
constexpr std::size_t kMaxPixels = 40u * 1000u * 1000u;
constexpr std::uint32_t kMaxSymbols = 16;
// Larger than any symbol of the four formats can hold (QR: 2953 bytes, Aztec: 3832).
constexpr std::uint32_t kMaxSymbolBytes = 4096;
constexpr std::size_t kMaxResponseBytes = 12 + kMaxSymbols * (4 + 32 + 4 + kMaxSymbolBytes);
constexpr std::uint32_t kFlagFullFrameFallback = 1;
constexpr std::uint32_t kFlagSharedPixels = 2;  // pixels are in the shared frame buffer
constexpr std::uint32_t kKnownFlags = kFlagFullFrameFallback | kFlagSharedPixels;
// The worker's descriptor for the shared frame buffer (read-only there).
constexpr int kFrameBufferFd = 3;

struct RequestHeader {
    std::uint32_t width = 0;
    std::uint32_t height = 0;
    FormatMask formats = kAllFormats;
    std::uint32_t flags = 0;
    std::uint32_t max_symbols = 4;
};

std::vector<std::uint8_t> EncodeRequestHeader(const RequestHeader& header);
// False when the magic, version, sizes or limits are wrong.
bool ParseRequestHeader(const std::uint8_t* bytes, std::size_t size, RequestHeader& header);

// The whole response, including its length prefix.
std::vector<std::uint8_t> EncodeResponse(const std::vector<RawSymbol>& symbols);
// Parses a response body (after the length prefix). False on anything out of
// bounds: unknown format, too many symbols or bytes, non-finite or far-off
// corner coordinates (frame_width/height bound them), trailing bytes.
bool ParseResponseBody(const std::uint8_t* body, std::size_t size, int frame_width, int frame_height,
                       std::vector<RawSymbol>& symbols);

std::uint32_t ReadU32(const std::uint8_t* p);
void AppendU32(std::vector<std::uint8_t>& out, std::uint32_t v);

}  // namespace docintake::barcode::protocol
