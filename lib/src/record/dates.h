#pragma once
// Calendar dates as records hold them: ISO 8601 text of full or reduced
// precision ("1974-08-12", "1974-08", "1974"). Pure; no clock except Today().

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace docintake::record {

struct IsoDate {
    int year = 0;
    int month = 0;  // 0 = unknown
    int day = 0;    // 0 = unknown
    bool complete() const { return month != 0 && day != 0; }
    std::int32_t yyyymmdd() const { return year * 10000 + month * 100 + day; }
};

// "YYYY", "YYYY-MM" or "YYYY-MM-DD" naming a real calendar date; nullopt otherwise.
std::optional<IsoDate> ParseIsoDate(std::string_view text);
// YYYYMMDD -> "YYYY-MM-DD".
std::string IsoFromYyyymmdd(std::int32_t yyyymmdd);
// Today (UTC) as YYYYMMDD.
std::int32_t TodayUtc();
// Now (UTC) as RFC 3339 with seconds: "2026-12-06T10:15:00Z".
std::string NowRfc3339();
// Whole years from birth to `on` (YYYYMMDD), both complete dates.
int AgeOn(const IsoDate& birth, std::int32_t on);

}  // namespace docintake::record
