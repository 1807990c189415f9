#pragma once
// C40 text as ICAO Visible Digital Seals use it (Doc 9303-13): three characters
// of {space, 0-9, A-Z} in two bytes, a trailing pair padded with the shift-1
// value, a single trailing character written as 0xFE followed by its ASCII+1.

#include <cstddef>
#include <cstdint>
#include <string>

namespace docintake::vds {

// Decodes `size` bytes (an even count). Returns false, leaving `out` unspecified,
// on anything the VDS profile of C40 does not allow: odd length, values past
// 40^3, shift sets, padding anywhere but the end.
bool DecodeC40(const std::uint8_t* data, std::size_t size, std::string& out);

// Bytes C40 needs for `chars` characters.
constexpr std::size_t C40Size(std::size_t chars) { return (chars + 2) / 3 * 2; }

}  // namespace docintake::vds
