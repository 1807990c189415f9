#include "barcode/payload/classify.h"

#include <string_view>

#include "barcode/payload/aamva.h"
#include "barcode/payload/vds.h"

namespace docintake::payload {

namespace {
constexpr std::uint8_t kVdsMagic = 0xDC;
}

Claim Classify(const std::vector<std::uint8_t>& bytes) {
    if (bytes.empty()) return Claim::None;
    if (bytes[0] == kVdsMagic) return Claim::VDS;
    if (aamva::LooksLikeAamva(bytes.data(), bytes.size())) return Claim::AAMVA;
    const std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    if (IsValidUtf8(bytes) && LooksLikeVdsNc(text)) return Claim::VDSNC;
    return Claim::None;
}

bool IsValidUtf8(const std::uint8_t* bytes, std::size_t n) {
    for (std::size_t i = 0; i < n;) {
        const std::uint8_t c = bytes[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t len;
        std::uint32_t cp;
        if ((c & 0xE0) == 0xC0) {
            len = 2;
            cp = c & 0x1Fu;
        } else if ((c & 0xF0) == 0xE0) {
            len = 3;
            cp = c & 0x0Fu;
        } else if ((c & 0xF8) == 0xF0) {
            len = 4;
            cp = c & 0x07u;
        } else {
            return false;
        }
        if (i + len > n) return false;
        for (std::size_t k = 1; k < len; ++k) {
            if ((bytes[i + k] & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (bytes[i + k] & 0x3Fu);
        }
        static const std::uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
        if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
        i += len;
    }
    return true;
}

}  // namespace docintake::payload
