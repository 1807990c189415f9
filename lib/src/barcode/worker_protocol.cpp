#include "barcode/worker_protocol.h"

#include <cmath>
#include <cstring>

namespace docintake::barcode::protocol {

std::uint32_t ReadU32(const std::uint8_t* p) {
    return static_cast<std::uint32_t>(p[0]) | static_cast<std::uint32_t>(p[1]) << 8 |
           static_cast<std::uint32_t>(p[2]) << 16 | static_cast<std::uint32_t>(p[3]) << 24;
}

void AppendU32(std::vector<std::uint8_t>& out, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

std::vector<std::uint8_t> EncodeRequestHeader(const RequestHeader& h) {
    std::vector<std::uint8_t> out;
    out.reserve(kRequestHeaderBytes);
    for (std::uint32_t v : {kRequestMagic, kVersion, h.width, h.height, h.formats, h.flags, h.max_symbols, 0u})
        AppendU32(out, v);
    return out;
}

bool ParseRequestHeader(const std::uint8_t* bytes, std::size_t size, RequestHeader& h) {
    if (size != kRequestHeaderBytes || ReadU32(bytes) != kRequestMagic || ReadU32(bytes + 4) != kVersion)
        return false;
    h.width = ReadU32(bytes + 8);
    h.height = ReadU32(bytes + 12);
    h.formats = ReadU32(bytes + 16);
    h.flags = ReadU32(bytes + 20);
    h.max_symbols = ReadU32(bytes + 24);
    return h.width > 0 && h.height > 0 && h.width <= kMaxSide && h.height <= kMaxSide &&
           static_cast<std::size_t>(h.width) * h.height <= kMaxPixels && (h.formats & ~kAllFormats) == 0 &&
           (h.flags & ~kKnownFlags) == 0 && h.max_symbols <= kMaxSymbols;
}

std::vector<std::uint8_t> EncodeResponse(const std::vector<RawSymbol>& symbols) {
    std::vector<std::uint8_t> body;
    AppendU32(body, kResponseMagic);
    AppendU32(body, 0);
    std::uint32_t count = 0;
    for (const RawSymbol& s : symbols)
        if (count < kMaxSymbols && s.bytes.size() <= kMaxSymbolBytes) ++count;
    AppendU32(body, count);
    std::uint32_t written = 0;
    for (const RawSymbol& s : symbols) {
        if (written == count) break;
        if (s.bytes.size() > kMaxSymbolBytes) continue;
        AppendU32(body, static_cast<std::uint32_t>(s.format));
        for (float f : s.quad) {
            std::uint32_t bits;
            std::memcpy(&bits, &f, 4);
            AppendU32(body, bits);
        }
        AppendU32(body, static_cast<std::uint32_t>(s.bytes.size()));
        body.insert(body.end(), s.bytes.begin(), s.bytes.end());
        ++written;
    }
    std::vector<std::uint8_t> out;
    out.reserve(body.size() + 4);
    AppendU32(out, static_cast<std::uint32_t>(body.size()));
    out.insert(out.end(), body.begin(), body.end());
    return out;
}

bool ParseResponseBody(const std::uint8_t* body, std::size_t size, int frame_width, int frame_height,
                       std::vector<RawSymbol>& symbols) {
    symbols.clear();
    if (size < 12 || size > kMaxResponseBytes || ReadU32(body) != kResponseMagic || ReadU32(body + 4) != 0)
        return false;
    const std::uint32_t count = ReadU32(body + 8);
    if (count > kMaxSymbols) return false;
    // Corners may lie a little outside the frame (a symbol cut by its edge), not far.
    const float reach = 2.0f * static_cast<float>(frame_width > frame_height ? frame_width : frame_height);
    std::size_t at = 12;
    for (std::uint32_t k = 0; k < count; ++k) {
        if (size - at < 40) return false;
        RawSymbol s;
        const std::uint32_t format = ReadU32(body + at);
        if (format > static_cast<std::uint32_t>(BarcodeFormat::Aztec)) return false;
        s.format = static_cast<BarcodeFormat>(format);
        for (std::size_t i = 0; i < 8; ++i) {
            const std::uint32_t bits = ReadU32(body + at + 4 + 4 * i);
            float f;
            std::memcpy(&f, &bits, 4);
            if (!std::isfinite(f) || f < -reach || f > reach) return false;
            s.quad[i] = f;
        }
        const std::uint32_t n = ReadU32(body + at + 36);
        at += 40;
        if (n == 0 || n > kMaxSymbolBytes || size - at < n) return false;
        s.bytes.assign(body + at, body + at + n);
        at += n;
        symbols.push_back(std::move(s));
    }
    return at == size;
}

}  // namespace docintake::barcode::protocol
