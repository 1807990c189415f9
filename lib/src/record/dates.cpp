#include "record/dates.h"

#include <cstdio>
#include <ctime>

namespace docintake::record {
namespace {

bool Leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysIn(int y, int m) {
    static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && Leap(y) ? 29 : kDays[m - 1];
}

// Digits at [pos, pos+n) of text as a number, or -1.
int Number(std::string_view text, std::size_t pos, std::size_t n) {
    int v = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
        if (text[i] < '0' || text[i] > '9') return -1;
        v = v * 10 + (text[i] - '0');
    }
    return v;
}

std::tm UtcNow() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    return tm;
}

}  // namespace

std::optional<IsoDate> ParseIsoDate(std::string_view text) {
    if (text.size() != 4 && text.size() != 7 && text.size() != 10) return std::nullopt;
    IsoDate d;
    d.year = Number(text, 0, 4);
    if (d.year < 1) return std::nullopt;
    if (text.size() >= 7) {
        if (text[4] != '-') return std::nullopt;
        d.month = Number(text, 5, 2);
        if (d.month < 1 || d.month > 12) return std::nullopt;
    }
    if (text.size() == 10) {
        if (text[7] != '-') return std::nullopt;
        d.day = Number(text, 8, 2);
        if (d.day < 1 || d.day > DaysIn(d.year, d.month)) return std::nullopt;
    }
    return d;
}

std::string IsoFromYyyymmdd(std::int32_t v) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", static_cast<int>(v / 10000 % 10000),
                  static_cast<int>(v / 100 % 100), static_cast<int>(v % 100));
    return buf;
}

std::int32_t TodayUtc() {
    const std::tm tm = UtcNow();
    return (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}

std::string NowRfc3339() {
    const std::tm tm = UtcNow();
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

int AgeOn(const IsoDate& birth, std::int32_t on) {
    const int years = on / 10000 - birth.year;
    const bool had_birthday = on % 10000 >= birth.month * 100 + birth.day;
    return had_birthday ? years : years - 1;
}

}  // namespace docintake::record
