#pragma once
// Test-side C40 encoder for ICAO VDS (the library only decodes): basic set
// (space, 0-9, A-Z), a trailing pair padded with shift 1, a single trailing
// character as 0xFE + ASCII + 1.

#include <cstdint>
#include <string>
#include <vector>

namespace docintake_test {

inline int C40Value(char c) {
    if (c == ' ') return 3;
    if (c >= '0' && c <= '9') return c - '0' + 4;
    if (c >= 'A' && c <= 'Z') return c - 'A' + 14;
    return -1;
}

// Empty result for text outside the basic set.
inline std::vector<std::uint8_t> EncodeC40(const std::string& text) {
    std::vector<std::uint8_t> out;
    for (char c : text)
        if (C40Value(c) < 0) return {};
    std::size_t i = 0;
    for (; i + 3 <= text.size(); i += 3) {
        const int v = 1600 * C40Value(text[i]) + 40 * C40Value(text[i + 1]) + C40Value(text[i + 2]) + 1;
        out.push_back(static_cast<std::uint8_t>(v >> 8));
        out.push_back(static_cast<std::uint8_t>(v & 0xFF));
    }
    const std::size_t left = text.size() - i;
    if (left == 2) {
        const int v = 1600 * C40Value(text[i]) + 40 * C40Value(text[i + 1]) + 0 + 1;
        out.push_back(static_cast<std::uint8_t>(v >> 8));
        out.push_back(static_cast<std::uint8_t>(v & 0xFF));
    } else if (left == 1) {
        out.push_back(0xFE);
        out.push_back(static_cast<std::uint8_t>(text[i] + 1));
    }
    return out;
}

}  // namespace docintake_test
