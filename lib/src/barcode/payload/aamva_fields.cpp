// AAMVA data elements to docintake fields (the MRZ's names where they mean the same).
//
// Names moved between versions: 01 has DAA (full name) and DAB/DAC/DAD; 02 and
// 03 have DCS (surname) and DCT (given names); 04 onwards DCS, DAC and DAD.
// Dates are MMDDCCYY on US cards from version 02 and CCYYMMDD on Canadian cards
// and on every version 00/01 card.

#include <cctype>
#include <ctime>

#include "barcode/payload/aamva.h"

namespace docintake::aamva {
namespace {

std::string Trim(const std::string& s) {
    std::size_t b = 0, e = s.size();
    while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
    while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) --e;
    return s.substr(b, e - b);
}

// Commas and runs of spaces become single spaces; ends trimmed.
std::string NormaliseName(const std::string& s) {
    std::string out;
    for (char c : s) {
        const char d = c == ',' ? ' ' : c;
        if (d == ' ' && (out.empty() || out.back() == ' ')) continue;
        out += d;
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

// Trimmed, without the trailing commas some Canadian cards append.
std::string TrimCommas(const std::string& s) {
    std::string v = Trim(s);
    while (!v.empty() && (v.back() == ',' || v.back() == ' ')) v.pop_back();
    return v;
}

bool MeansAbsent(const std::string& v) {
    std::string lower;
    for (char c : v) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return lower.empty() || lower == "none" || lower == "unavl" || lower == "unavail";
}

// Trimmed value of an element, or empty when missing or marked absent.
std::string Value(const Subfile& s, const char* id) {
    const Element* e = s.find(id);
    if (!e) return {};
    std::string v = Trim(e->value);
    return MeansAbsent(v) ? std::string() : v;
}

int Digits(const std::string& s, std::size_t pos, std::size_t n) {
    int v = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
        if (!std::isdigit(static_cast<unsigned char>(s[i]))) return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

bool ValidDate(int y, int m, int d) {
    static const int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1 || d > kDays[m - 1]) return false;
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m != 2 || d <= 28 || leap;
}

// YYYYMMDD as an int, or 0. The other order is tried when the expected one is
// no date: a year is never 01..12 followed by a valid day, so this cannot
// confuse the two orders.
int ParseDate(const std::string& v, bool year_first, bool& other_order) {
    other_order = false;
    if (v.size() != 8) return 0;
    for (int attempt = 0; attempt < 2; ++attempt) {
        const bool yf = attempt == 0 ? year_first : !year_first;
        const int y = Digits(v, yf ? 0 : 4, 4);
        const int m = Digits(v, yf ? 4 : 0, 2);
        const int d = Digits(v, yf ? 6 : 2, 2);
        if (ValidDate(y, m, d)) {
            other_order = attempt == 1;
            return y * 10000 + m * 100 + d;
        }
    }
    return 0;
}

std::string Iso(int yyyymmdd) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", yyyymmdd / 10000, yyyymmdd / 100 % 100, yyyymmdd % 100);
    return buf;
}

std::int32_t TodayUtc() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    return (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}

// "M"/"F"/"X" for 1/2/9 (versions 02+) or M/F (version 01); empty otherwise.
std::string Sex(const std::string& v) {
    if (v == "1" || v == "M") return "M";
    if (v == "2" || v == "F") return "F";
    if (v == "9" || v == "X") return "X";
    return {};
}

// US: ZIP or ZIP+4 as "12345-6789", spaces dropped and an all-zero +4 (the
// standard's filler) removed. Canada: "A1A 1A1". Anything else as encoded.
std::string PostalCode(const std::string& v, bool canada) {
    std::string compact;
    for (char c : v)
        if (c != ' ') compact += c;
    if (canada) return compact.size() == 6 ? compact.substr(0, 3) + " " + compact.substr(3) : v;
    if (compact.size() < 5 || compact.size() > 9 || Digits(compact, 0, compact.size()) < 0) return v;
    const std::string zip = compact.substr(0, 5), plus = compact.substr(5);
    if (plus.find_first_not_of('0') == std::string::npos) return zip;
    return plus.size() == 4 ? zip + "-" + plus : v;
}

struct Name {
    std::string surname, given, suffix;
};

// DAA full name: "LAST,FIRST,MIDDLE[,SUFFIX]", or "FIRST MIDDLE... LAST".
Name SplitFullName(const std::string& full) {
    Name n;
    if (full.find(',') != std::string::npos) {
        std::vector<std::string> parts{std::string()};
        for (char c : full) {
            if (c == ',') parts.emplace_back();
            else parts.back() += c;
        }
        n.surname = NormaliseName(parts[0]);
        std::string given;
        for (std::size_t i = 1; i < parts.size() && i < 3; ++i) given += parts[i] + " ";
        n.given = NormaliseName(given);
        if (parts.size() > 3) n.suffix = NormaliseName(parts[3]);
        return n;
    }
    const std::string words = NormaliseName(full);
    const std::size_t last_space = words.rfind(' ');
    if (last_space == std::string::npos) {
        n.surname = words;
    } else {
        n.surname = words.substr(last_space + 1);
        n.given = words.substr(0, last_space);
    }
    return n;
}

Name Names(const Subfile& s) {
    Name n;
    n.surname = NormaliseName(Value(s, "DCS"));
    if (n.surname.empty()) n.surname = NormaliseName(Value(s, "DAB"));
    const std::string first = Value(s, "DAC");
    if (!first.empty()) {
        n.given = NormaliseName(first + " " + Value(s, "DAD"));
    } else {
        n.given = NormaliseName(Value(s, "DCT"));
    }
    n.suffix = NormaliseName(Value(s, "DCU"));
    if (n.surname.empty() || n.given.empty()) {
        const Name full = SplitFullName(Value(s, "DAA"));
        if (n.surname.empty()) n.surname = full.surname;
        if (n.given.empty()) n.given = full.given;
        if (n.suffix.empty()) n.suffix = full.suffix;
    }
    return n;
}

void Add(Fields& fields, const char* name, const std::string& value) {
    if (!value.empty()) fields.emplace_back(name, value);
}

}  // namespace

DecodedPayload Decode(const std::vector<std::uint8_t>& bytes, const PayloadOptions& options) {
    DecodedPayload out;
    Record record;
    if (!ParseRecord(bytes.data(), bytes.size(), record, out.error)) {
        out.kind = PayloadKind::Text;  // the caller decides Text or Binary
        return out;
    }
    const Subfile& s = *record.identity_subfile();
    out.kind = PayloadKind::AAMVA;
    out.document_type = s.type == "ID" ? "identity_card" : "driving_licence";
    out.warnings = record.warnings;

    const Jurisdiction j = LookupIin(record.iin);
    std::string country = Value(s, "DCG");
    if (country.empty() && j.country) country = j.country;
    const bool canada = country == "CAN";
    const bool year_first = canada || record.version <= 1;

    const Name name = Names(s);
    Add(out.fields, "surname", name.surname);
    Add(out.fields, "given_names", name.given);
    Add(out.fields, "name_suffix", name.suffix);
    Add(out.fields, "document_number", Value(s, "DAQ"));

    bool any_other_order = false;
    auto add_date = [&](const char* field, const char* id) {
        const std::string v = Value(s, id);
        if (v.empty()) return 0;
        bool other = false;
        const int date = ParseDate(v, year_first, other);
        if (!date) {
            out.warnings.push_back(std::string("invalid_") + field);
            return 0;
        }
        any_other_order |= other;
        out.fields.emplace_back(field, Iso(date));
        return date;
    };
    add_date("birth_date", "DBB");
    const std::string sex_raw = Value(s, "DBC");
    const std::string sex = Sex(sex_raw);
    if (!sex_raw.empty() && sex.empty()) out.warnings.push_back("invalid_sex");
    Add(out.fields, "sex", sex);
    const int expiry = add_date("expiry_date", "DBA");
    add_date("issue_date", "DBD");
    if (any_other_order) out.warnings.push_back("unexpected_date_order");

    Add(out.fields, "issuing_state", country);
    if (j.code) out.fields.emplace_back("issuer", j.code);

    // Version 01 has a residence address (DAL..DAP) beside the mailing one.
    auto either = [&](const char* mailing, const char* residence) {
        const std::string v = TrimCommas(Value(s, mailing));
        return v.empty() ? TrimCommas(Value(s, residence)) : v;
    };
    const std::string street = either("DAG", "DAL");
    const std::string street2 = either("DAH", "DAM");
    const std::string city = either("DAI", "DAN");
    const std::string region = either("DAJ", "DAO");
    const std::string postal = PostalCode(either("DAK", "DAP"), canada);
    std::string address;
    for (const std::string* part : {&street, &street2, &city})
        if (!part->empty()) address += (address.empty() ? "" : ", ") + *part;
    const std::string region_postal = NormaliseName(region + " " + postal);
    if (!region_postal.empty()) address += (address.empty() ? "" : ", ") + region_postal;
    Add(out.fields, "address", address);
    Add(out.fields, "address_street", street);
    Add(out.fields, "address_street_2", street2);
    Add(out.fields, "address_city", city);
    Add(out.fields, "address_jurisdiction", region);
    Add(out.fields, "address_postal_code", postal);
    Add(out.fields, "document_discriminator", Value(s, "DCF"));
    Add(out.fields, "vehicle_class", Value(s, "DCA"));
    char version[8];
    std::snprintf(version, sizeof version, "%02d", record.version);
    out.fields.emplace_back("aamva_version", version);
    out.fields.emplace_back("iin", std::to_string(record.iin));

    if (Value(s, "DDE") == "T") out.warnings.push_back("truncated_surname");
    if (Value(s, "DDF") == "T") out.warnings.push_back("truncated_first_name");
    if (Value(s, "DDG") == "T") out.warnings.push_back("truncated_middle_name");
    const std::int32_t today = options.reference_date ? options.reference_date : TodayUtc();
    if (expiry && expiry < today) out.warnings.push_back("expired");
    return out;
}

}  // namespace docintake::aamva
