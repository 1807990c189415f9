#pragma once
// JSON for frame readings and scans, as `docintake read` and `docintake scan` print them.
// Only value types from the public headers: this file builds into docintake_parsers.

#include <string>

#include <nlohmann/json.hpp>

#include "docintake/read_mrz.h"
#include "docintake/scanner.h"

namespace docintake {

// {format, lines, valid, status, confidence, <fields as ToJson(Mrz)>, raw_lines,
//  corrections[], uncertain[]}, or null when no MRZ was found. `valid` is true
// only for status "valid" (an ambiguous reading passes its checks but is not
// trusted).
nlohmann::json MrzReadingJson(const MrzReadResult& result);

// {source, mrz, barcodes: [], feedback, error, timings_ms {total, locate, ocr, correct}}.
nlohmann::json ToJson(const MrzReadResult& result, const std::string& source);

// {source, state, mrz, feedback, confidence, frames_used, frames_seen, reason}.
nlohmann::json ToJson(const ScanUpdate& update, const std::string& source);

}  // namespace docintake
