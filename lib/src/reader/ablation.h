#pragma once
// TEMPORARY (rule-by-rule ablation study, docs/reading-policy.md): which reading
// rules are switched off, from DOCINTAKE_ABLATE (comma-separated names). Not
// part of the final code.
#include <cstdlib>
#include <cstring>
#include <string>

namespace docintake::reader {
inline bool Ablated(const char* name) {
    const char* v = std::getenv("DOCINTAKE_ABLATE");
    if (!v) return false;
    const std::string list = std::string(",") + v + ",";
    return list.find(std::string(",") + name + ",") != std::string::npos;
}
}  // namespace docintake::reader
