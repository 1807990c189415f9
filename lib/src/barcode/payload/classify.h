#pragma once
// Which payload format a symbol's bytes claim, before any decoder runs.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace docintake::payload {

enum class Claim { None, AAMVA, VDS, VDSNC };

// Cheap and safe on any bytes: looks at the magic byte, the AAMVA header or
// the VDS-NC JSON keys; the decoder then checks the whole payload.
Claim Classify(const std::vector<std::uint8_t>& bytes);

// Strict UTF-8: no overlong forms, surrogates or code points above U+10FFFF.
bool IsValidUtf8(const std::uint8_t* data, std::size_t size);
inline bool IsValidUtf8(const std::vector<std::uint8_t>& bytes) { return IsValidUtf8(bytes.data(), bytes.size()); }

}  // namespace docintake::payload
