#pragma once
// JSON Canonicalization Scheme (RFC 8785), which VDS-NC signatures cover.

#include <string>

#include <nlohmann/json.hpp>

namespace docintake::vds {

// Members sorted by their UTF-16 code units, no whitespace, minimal string
// escapes, numbers as ECMAScript prints them. False for values JSON cannot
// carry (NaN, infinities) or nesting deeper than max_depth.
bool CanonicalJson(const nlohmann::json& value, std::string& out, int max_depth = 32);

}  // namespace docintake::vds
