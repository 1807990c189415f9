// C40 decoding for ICAO Visible Digital Seals (Doc 9303-13, ISO/IEC 16022 C40
// restricted to the basic set).
#include "barcode/payload/c40.h"

namespace docintake::vds {
namespace {

constexpr unsigned kShift1 = 0;   // only as padding in VDS
constexpr unsigned kFirstBasic = 3;  // 3 space, 4-13 digits, 14-39 A-Z
constexpr std::uint8_t kUnlatch = 0xFE;

char BasicChar(unsigned value) {
    if (value == 3) return ' ';
    if (value < 14) return static_cast<char>('0' + (value - 4));
    return static_cast<char>('A' + (value - 14));
}

bool IsBasicAscii(int c) {
    return c == ' ' || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
}

}  // namespace

bool DecodeC40(const std::uint8_t* data, std::size_t size, std::string& out) {
    out.clear();
    if (size % 2 != 0 || (size > 0 && data == nullptr)) return false;
    out.reserve(size / 2 * 3);
    for (std::size_t i = 0; i < size; i += 2) {
        const bool last_pair = i + 2 == size;
        if (data[i] == kUnlatch) {
            // One character left over: written in ASCII (+1) after unlatching.
            const int c = data[i + 1] - 1;
            if (!last_pair || !IsBasicAscii(c)) return false;
            out.push_back(static_cast<char>(c));
            continue;
        }
        const unsigned packed = data[i] * 256u + data[i + 1];
        if (packed == 0 || packed > 64000) return false;  // 1600*c1 + 40*c2 + c3 + 1
        const unsigned v = packed - 1;
        const unsigned values[3] = {v / 1600, (v / 40) % 40, v % 40};
        for (int k = 0; k < 3; ++k) {
            const unsigned c = values[k];
            if (c == kShift1 && last_pair && k == 2) break;  // padding of a trailing pair
            if (c < kFirstBasic) return false;               // shift sets are not used by VDS
            out.push_back(BasicChar(c));
        }
    }
    return true;
}

}  // namespace docintake::vds
