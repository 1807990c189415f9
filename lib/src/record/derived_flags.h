#pragma once
// Flags that follow from field values (dates), computed again after every edit.

#include <cstdint>

#include "docintake/record.h"

namespace docintake::record {

// The record's intake date as YYYYMMDD (from record.intake_date), or 0.
std::int32_t IntakeDateOf(const IntakeRecord& record);

// Sets or clears expired, minor and birth_date_partly_unknown from the fields
// expiry_date and birth_date as they are now:
//   expired: a complete expiry date before the intake date (valid through its last day);
//   minor: under 18 even at the earliest birth date the known parts allow (a birth
//          year alone counts from 1 January), so a possible minor is never called one
//          without the data saying so; birth_date_partly_unknown tells staff to look;
//   birth_date_partly_unknown: a birth_date field that is not a complete date.
void UpdateDateFlags(IntakeRecord& record, std::int32_t intake_date);

}  // namespace docintake::record
