#pragma once
// Driving licences' MRZs (docs/mrz-formats.md): the one-line ISO/IEC 18013 and
// French layouts and the Swiss 9 + 30 + 30 one. Detected and parsed apart from
// the ICAO formats, whose fields (nationality, sex, two dates) they mostly lack.

#include <cstdint>
#include <string>
#include <vector>

#include "docintake/mrz.h"

namespace docintake::mrz {

constexpr std::size_t kLicenceLineLength = 30;
constexpr std::size_t kSwissFirstLineLength = 9;

bool IsLicence(MrzFormat format);

// One line of 30 characters starting with 'D': the French layout when the state
// is FRA, the ISO one otherwise. Anything else gets a typed error.
bool DetectOneLineLicence(const std::string& line, MrzFormat& format, Error& error);

// Three lines whose first has 9 characters: the Swiss licence when the others
// have 30, else a typed error.
bool DetectSwissLicence(const std::vector<std::string>& lines, MrzFormat& format, Error& error);

// `lines` must have the format's shape (checked by the Detect functions).
// reference_yyyymmdd: for the birth-date century and the expired warning.
MrzParseResult ParseLicence(MrzFormat format, const std::vector<std::string>& lines, std::int32_t reference_yyyymmdd);

}  // namespace docintake::mrz
