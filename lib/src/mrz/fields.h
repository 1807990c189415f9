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
    TwentyFirst,     // expiry dates: 20YY
};

// YYMMDD with any part possibly written as "<<" (unknown: left 0, never invented).
MrzDate ParseDate(const std::string& yymmdd, Century century, std::int32_t reference_yyyymmdd);

// Month 1-12 and a day that exists in that month (where known); a part that is
// neither digits nor fillers makes the date implausible.
bool DatePlausible(const MrzDate& date);

}  // namespace docintake::mrz
