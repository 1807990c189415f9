#pragma once
// Times as the store keeps them: Unix seconds in its columns, RFC 3339 in records.

#include <cstdint>
#include <string_view>

namespace docintake::store {

// "YYYY-MM-DDTHH:MM:SS" with optional fractional seconds (dropped) and "Z" or a
// "+HH:MM" / "-HH:MM" offset; false for anything else.
bool ParseRfc3339(std::string_view text, std::int64_t& unix_seconds);

}  // namespace docintake::store
