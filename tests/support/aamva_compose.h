#pragma once
// Builds AAMVA payloads of any version (00 to 10) from one person's data, the
// way a card issuer would encode them, for tests and benchmarks.

#include <cstdint>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

namespace docintake::testing {

struct AamvaPerson {
    std::string surname = "SAMPLE";
    std::string first = "ANNA";
    std::string middle = "MARIA JO";
    std::string number = "D1234567";
    int birth = 19860606;   // YYYYMMDD
    int expiry = 20300101;
    int issue = 20220315;
    char sex = 'F';         // M, F or X
    std::string street = "2300 WEST BROAD STREET";
    std::string city = "RICHMOND";
    std::string state = "VA";
    std::string postal = "232690000";  // as encoded
    std::string country = "USA";
    int iin = 636000;
    bool id_card = false;
};

inline std::string AamvaDate(int yyyymmdd, bool year_first) {
    char b[16];
    const int y = yyyymmdd / 10000, m = yyyymmdd / 100 % 100, d = yyyymmdd % 100;
    if (year_first) std::snprintf(b, sizeof b, "%04d%02d%02d", y, m, d);
    else std::snprintf(b, sizeof b, "%02d%02d%04d", m, d, y);
    return b;
}

// The elements of the identity subfile as the given version lays them out.
inline std::vector<std::pair<std::string, std::string>> AamvaElements(const AamvaPerson& p, int version) {
    const bool year_first = version <= 1 || p.country == "CAN";
    std::vector<std::pair<std::string, std::string>> e;
    const std::string given = p.middle.empty() ? p.first : p.first + "," + p.middle;
    e.push_back({"DAQ", p.number});
    if (version <= 1) {
        e.push_back({"DAA", p.surname + "," + given});
    } else if (version <= 3) {
        e.push_back({"DCS", p.surname});
        e.push_back({"DCT", given});
    } else {
        e.push_back({"DCS", p.surname});
        e.push_back({"DDE", "N"});
        e.push_back({"DAC", p.first});
        e.push_back({"DDF", "N"});
        e.push_back({"DAD", p.middle.empty() ? "NONE" : p.middle});
        e.push_back({"DDG", "N"});
    }
    e.push_back({"DBB", AamvaDate(p.birth, year_first)});
    std::string sex(1, p.sex);
    if (version >= 2) sex = p.sex == 'M' ? "1" : p.sex == 'F' ? "2" : "9";
    e.push_back({"DBC", sex});
    e.push_back({"DBA", AamvaDate(p.expiry, year_first)});
    e.push_back({"DBD", AamvaDate(p.issue, year_first)});
    e.push_back({"DAG", p.street});
    e.push_back({"DAI", p.city});
    e.push_back({"DAJ", p.state});
    e.push_back({"DAK", p.postal + "  "});
    if (version >= 2) e.push_back({"DCG", p.country});
    if (version >= 2) e.push_back({"DCF", "DOC" + p.number});
    return e;
}

// A complete payload: header, designators with correct offsets, the DL/ID
// subfile and one jurisdiction subfile "Z" + state's first letter.
inline std::string ComposeAamva(const AamvaPerson& p, int version) {
    const std::string type = p.id_card ? "ID" : "DL";
    std::string sub = type;
    const auto elements = AamvaElements(p, version);
    for (std::size_t i = 0; i < elements.size(); ++i)
        sub += elements[i].first + elements[i].second + (i + 1 < elements.size() ? "\n" : "\r");
    const std::string ztype = std::string("Z") + p.state[0];
    const std::string zsub = ztype + ztype + "A" + "TEST\r";

    char head[64];
    if (version <= 1) std::snprintf(head, sizeof head, "@\n\x1e\rANSI %06d%02d02", p.iin, version);
    else std::snprintf(head, sizeof head, "@\n\x1e\rANSI %06d%02d%02d02", p.iin, version, 1);
    std::string out = head;
    const std::size_t header_len = out.size() + 2 * 10;
    char des[32];
    std::snprintf(des, sizeof des, "%s%04zu%04zu", type.c_str(), header_len, sub.size());
    out += des;
    std::snprintf(des, sizeof des, "%s%04zu%04zu", ztype.c_str(), header_len + sub.size(), zsub.size());
    out += des;
    return out + sub + zsub;
}

inline std::vector<std::uint8_t> Bytes(const std::string& s) { return {s.begin(), s.end()}; }

}  // namespace docintake::testing
