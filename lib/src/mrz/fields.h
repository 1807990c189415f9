#pragma once
// Normalising MRZ field text: fillers, names and dates.

#include <cstdint>
#include <string>

#include "docintake/mrz.h"

namespace docintake::mrz {

// Removes '<' at both ends: "D23145890<" -> "D23145890".
std::string StripFillers(const std::string& s);

// Name text: fillers as single spaces, none at either end ("ANNA<MARIA<<<" -> "ANNA MARIA").
std::string Spaced(const std::string& s);

// Splits a name field at the first "<<": surname before, given names after,
// with single '<' as spaces and trailing fillers dropped.
void SplitName(const std::string& field, std::string& surname, std::string& given_names);

enum class Century {
    MostRecentPast,  // birth dates: the latest year not after the reference date
    // Expiry dates: the year within 50 years before or 49 after the reference
    // year, as other MRZ parsers do: a card that expired in 1998 reads 1998, not
    // 2098, and one valid until 2040 reads 2040.
    Nearest,
};

// YYMMDD with any part possibly written as "<<" (unknown: left 0, never invented).
MrzDate ParseDate(const std::string& yymmdd, Century century, std::int32_t reference_yyyymmdd);

// Month 1-12 and a day that exists in that month (where known); a part that is
// neither digits nor fillers makes the date implausible.
bool DatePlausible(const MrzDate& date);

}  // namespace docintake::mrz
