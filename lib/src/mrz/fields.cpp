#include "mrz/fields.h"

#include <cstdio>

namespace docintake::mrz {
namespace {

// -1 for "<<" (unknown), -2 for anything else that is not two digits.
int TwoDigits(const std::string& s, std::size_t at) {
    const char a = s[at];
    const char b = s[at + 1];
    if (a == '<' && b == '<') return -1;
    if (a < '0' || a > '9' || b < '0' || b > '9') return -2;
    return (a - '0') * 10 + (b - '0');
}

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysIn(int year, int month) {
    static const int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month == 2 && (year == 0 || IsLeap(year))) return 29;  // unknown year: allow 29 Feb
    return kDays[month - 1];
}

}  // namespace

std::string Spaced(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == '<') {
            if (!out.empty() && out.back() != ' ') out.push_back(' ');
        } else {
            out.push_back(c);
        }
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

std::string StripFillers(const std::string& s) {
    const auto b = s.find_first_not_of('<');
    if (b == std::string::npos) return {};
    const auto e = s.find_last_not_of('<');
    return s.substr(b, e - b + 1);
}

void SplitName(const std::string& field, std::string& surname, std::string& given_names) {
    const auto sep = field.find("<<");
    if (sep == std::string::npos) {
        surname = Spaced(field);
        given_names.clear();
        return;
    }
    surname = Spaced(field.substr(0, sep));
    given_names = Spaced(field.substr(sep + 2));
}

MrzDate ParseDate(const std::string& yymmdd, Century century, std::int32_t reference) {
    MrzDate d;
    d.raw = yymmdd;
    const int yy = TwoDigits(yymmdd, 0);
    const int mm = TwoDigits(yymmdd, 2);
    const int dd = TwoDigits(yymmdd, 4);
    // Invalid parts (-2) stay in raw only; DatePlausible reports them.
    d.month = mm > 0 ? mm : 0;
    d.day = dd > 0 ? dd : 0;
    if (yy >= 0) {
        if (century == Century::Nearest) {
            const int ref_year = reference / 10000;
            int year = (ref_year / 100) * 100 + yy;
            if (year > ref_year + 49) year -= 100;
            if (year < ref_year - 50) year += 100;
            d.year = year;
        } else {
            // The most recent year (with month and day, where known) not after the reference.
            const int ref_year = reference / 10000;
            const int ref_md = reference % 10000;
            int year = (ref_year / 100) * 100 + yy;
            const int md = (d.month ? d.month : 1) * 100 + (d.day ? d.day : 1);
            if (year > ref_year || (year == ref_year && md > ref_md)) year -= 100;
            d.year = year;
        }
    }
    return d;
}

bool DatePlausible(const MrzDate& d) {
    if (d.raw.size() != 6) return false;
    for (std::size_t i = 0; i < 6; i += 2) {
        const int v = TwoDigits(d.raw, i);
        if (v == -2) return false;
        if (v == 0 && i > 0) return false;  // month or day 00
    }
    if (d.month > 12) return false;
    if (d.day != 0 && d.month != 0 && d.day > DaysIn(d.year, d.month)) return false;
    if (d.day > 31) return false;
    return true;
}

}  // namespace docintake::mrz

namespace docintake {

std::string MrzDate::iso() const {
    if (year == 0) return {};
    char buf[16];
    if (month == 0) {
        if (day != 0) return {};  // a known day in an unknown month has no ISO form
        std::snprintf(buf, sizeof buf, "%04d", year);
    } else if (day == 0) {
        std::snprintf(buf, sizeof buf, "%04d-%02d", year, month);
    } else {
        std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
    }
    return buf;
}

}  // namespace docintake
