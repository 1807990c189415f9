// AAMVA decoder: every vector of c0shea/IdParser and benhovinga/aamva_barcode_library
// in the shared data (skipped when absent), plus payloads of every version we build.

#include <doctest/doctest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "barcode/payload/aamva.h"
#include "support/aamva_compose.h"

using namespace docintake;
using docintake::testing::AamvaPerson;
using docintake::testing::Bytes;
using docintake::testing::ComposeAamva;

namespace {

const std::string kAamvaDir = std::string(DOCINTAKE_SHARED_DATA_DIR) + "/barcodes/aamva/";

std::string ReadFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::map<std::string, std::string> FieldMap(const DecodedPayload& p) {
    std::map<std::string, std::string> m;
    for (const auto& [k, v] : p.fields) m.emplace(k, v);
    return m;
}

std::string Get(const std::map<std::string, std::string>& m, const std::string& k) {
    auto it = m.find(k);
    return it == m.end() ? std::string("<absent>") : it->second;
}

bool HasWarning(const DecodedPayload& p, const std::string& w) {
    for (const auto& x : p.warnings)
        if (x == w) return true;
    return false;
}

// IdParser's Version.AamvaNNNN as the header's two-digit version.
std::string VersionOf(const std::string& cs_expr, const std::string& header_version) {
    static const std::map<std::string, std::string> kYears = {
        {"Version.Aamva2003", "02"}, {"Version.Aamva2005", "03"}, {"Version.Aamva2009", "04"},
        {"Version.Aamva2010", "05"}, {"Version.Aamva2011", "06"}, {"Version.Aamva2012", "07"},
        {"Version.Aamva2013", "08"}, {"Version.Aamva2016", "09"}, {"Version.Aamva2020", "10"}};
    if (cs_expr == "Version.Aamva2000") return header_version == "00" ? "00" : "01";
    auto it = kYears.find(cs_expr);
    return it == kYears.end() ? "?" : it->second;
}

// "Assert.Equal(\"07418-2554\", idCard.Address.PostalCodeDisplay);" -> "07418-2554"
std::string PostalDisplay(const nlohmann::json& extra) {
    for (const auto& line : extra) {
        const std::string s = line.get<std::string>();
        if (s.find("PostalCodeDisplay") == std::string::npos) continue;
        const auto a = s.find('"'), b = s.find('"', a + 1);
        return s.substr(a + 1, b - a - 1);
    }
    return {};
}

}  // namespace

TEST_CASE("AAMVA: every IdParser vector gives the asserted fields") {
    std::ifstream in(kAamvaDir + "idparser/idparser_expectations.jsonl");
    if (!in) {
        MESSAGE("shared AAMVA data absent: skipped");
        return;
    }
    int checked = 0;
    for (std::string line; std::getline(in, line);) {
        const auto rec = nlohmann::json::parse(line);
        const std::string test = rec["test"];
        const std::string payload = ReadFile(kAamvaDir + rec["payload_file"].get<std::string>());
        CAPTURE(test);
        PayloadOptions options;
        options.reference_date = 20000101;  // before every expiry: no "expired" warning
        const DecodedPayload p = aamva::Decode(Bytes(payload), options);
        REQUIRE_MESSAGE(!p.error, p.error.message);
        CHECK(p.kind == PayloadKind::AAMVA);
        const auto f = FieldMap(p);
        nlohmann::json e = rec["expect"];
        if (e.empty()) e["Name"] = rec["set_in_expected_but_not_compared_by_AssertIdCard"];
        CHECK(p.document_type == (rec["expected_type"] == "IdentificationCard" ? "identity_card" : "driving_licence"));

        const auto& name = e["Name"];
        CHECK(Get(f, "surname") == name["Last"].get<std::string>());
        std::string given = name["First"];
        if (name.contains("Middle")) given += " " + name["Middle"].get<std::string>();
        CHECK(Get(f, "given_names") == given);
        CHECK(Get(f, "name_suffix") == (name.contains("Suffix") ? name["Suffix"].get<std::string>() : "<absent>"));
        for (const char* flag : {"WasFirstTruncated", "WasMiddleTruncated", "WasLastTruncated"})
            if (name.contains(flag)) CHECK(name[flag] == false);
        CHECK_FALSE(HasWarning(p, "truncated_surname"));
        CHECK_FALSE(HasWarning(p, "truncated_first_name"));
        CHECK_FALSE(HasWarning(p, "truncated_middle_name"));
        if (!e.contains("IdNumber")) continue;  // TestPALicenseThreeMiddleNames asserts names only

        // IdParser keeps "NONE" as the number; the issue says NONE means absent.
        const std::string number = e["IdNumber"];
        CHECK(Get(f, "document_number") == (number == "NONE" ? "<absent>" : number));
        CHECK(Get(f, "birth_date") == e["DateOfBirth"].get<std::string>());
        CHECK(Get(f, "expiry_date") == e["ExpirationDate"].get<std::string>());
        CHECK(Get(f, "issue_date") == (e.contains("IssueDate") ? e["IssueDate"].get<std::string>() : "<absent>"));
        const std::string sex = e["Sex"]["cs_expr"];
        CHECK(Get(f, "sex") == (sex == "Sex.Male" ? "M" : sex == "Sex.Female" ? "F" : "X"));

        const auto& a = e["Address"];
        CHECK(Get(f, "address_street") == a["StreetLine1"].get<std::string>());
        if (a.contains("StreetLine2")) CHECK(Get(f, "address_street_2") == a["StreetLine2"].get<std::string>());
        if (a.contains("City")) CHECK(Get(f, "address_city") == a["City"].get<std::string>());
        CHECK(Get(f, "address_jurisdiction") == a["JurisdictionCode"].get<std::string>());
        const std::string display = PostalDisplay(rec["extra_asserts_csharp"]);
        if (!display.empty()) CHECK(Get(f, "address_postal_code") == display);
        const std::string country = a["Country"]["cs_expr"];
        CHECK(Get(f, "issuing_state") == (country == "Country.Canada" ? "CAN" : "USA"));
        CHECK(Get(f, "issuer") == a["JurisdictionCode"].get<std::string>());
        aamva::Record record;
        Error err;
        REQUIRE(aamva::ParseRecord(reinterpret_cast<const std::uint8_t*>(payload.data()), payload.size(), record, err));
        char hv[8];
        std::snprintf(hv, sizeof hv, "%02d", record.version);
        CHECK(Get(f, "aamva_version") == VersionOf(e["AamvaVersionNumber"]["cs_expr"], hv));
        ++checked;
    }
    CHECK(checked == 63);
}

TEST_CASE("AAMVA: IdParser's jurisdiction elements are found in their subfiles") {
    const std::string payload = ReadFile(kAamvaDir + "idparser/payloads/NV.txt");
    if (payload.empty()) return;
    aamva::Record r;
    Error err;
    REQUIRE(aamva::ParseRecord(reinterpret_cast<const std::uint8_t*>(payload.data()), payload.size(), r, err));
    REQUIRE(r.subfiles.size() == 2);
    CHECK(r.subfiles[1].type == "ZN");
    // IdParser reads the first line "ZNZNAY" as element ZNZ = "NAY"; the standard
    // (and benhovinga's "ZVZVA..." vector) read subfile type ZN, element ZNA = "Y".
    const std::vector<std::pair<std::string, std::string>> expected = {
        {"ZNA", "Y"}, {"ZNB", "10102008"}, {"ZNC", "5?08??"}, {"ZND", "210"}, {"ZNE", "NCDL"},
        {"ZNF", "NCDL"}, {"ZNG", "S"}, {"ZNH", "00123456780"}, {"ZNI", "00000001234"}};
    REQUIRE(r.subfiles[1].elements.size() == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        CHECK(r.subfiles[1].elements[i].id == expected[i].first);
        CHECK(r.subfiles[1].elements[i].value == expected[i].second);
    }
    CHECK(r.subfiles[0].find("DCF")->value == "000123456789098765432");
}

TEST_CASE("AAMVA: benhovinga vectors, header and every element byte for byte") {
    std::ifstream in(kAamvaDir + "benhovinga/aamva_vectors.jsonl");
    if (!in) return;
    int checked = 0;
    for (std::string line; std::getline(in, line);) {
        const auto rec = nlohmann::json::parse(line);
        const std::string payload = ReadFile(kAamvaDir + rec["payload_file"].get<std::string>());
        CHECK(payload == rec["payload"].get<std::string>());
        aamva::Record r;
        Error err;
        REQUIRE(aamva::ParseRecord(reinterpret_cast<const std::uint8_t*>(payload.data()), payload.size(), r, err));
        const auto& h = rec["expect"]["header"];
        CHECK(r.iin == h["issuer_id"].get<int>());
        CHECK(r.version == h["aamva_version"].get<int>());
        CHECK(r.declared_entries == h["number_of_entries"].get<int>());
        CHECK(r.jurisdiction_version == h["jurisdiction_version"].get<int>());
        CHECK(r.warnings.empty());
        const auto& subs = rec["expect"]["subfiles"];
        REQUIRE(r.subfiles.size() == subs.size());
        for (std::size_t i = 0; i < subs.size(); ++i) {
            CHECK(r.subfiles[i].type == subs[i]["subfile_type"].get<std::string>());
            const auto& els = subs[i]["elements"];
            REQUIRE(r.subfiles[i].elements.size() == els.size());
            for (const auto& el : r.subfiles[i].elements) CHECK(el.value == els[el.id].get<std::string>());
        }
        ++checked;
    }
    CHECK(checked == 2);
}

TEST_CASE("AAMVA: v1 and v10 samples map to fields, US dates in both orders") {
    const std::string v1 = ReadFile(kAamvaDir + "benhovinga/aamva_v1.txt");
    const std::string v10 = ReadFile(kAamvaDir + "benhovinga/aamva_v10.txt");
    if (v1.empty() || v10.empty()) return;
    PayloadOptions o;
    o.reference_date = 20250101;
    auto a = FieldMap(aamva::Decode(Bytes(v1), o));
    CHECK(a["surname"] == "PUBLIC");
    CHECK(a["given_names"] == "JOHN Q");
    CHECK(a["birth_date"] == "1976-11-23");
    CHECK(a["expiry_date"] == "2001-12-01");
    CHECK(a["sex"] == "M");
    CHECK(a["address_postal_code"] == "12345-9999");
    const DecodedPayload p10 = aamva::Decode(Bytes(v10), o);
    auto b = FieldMap(p10);
    CHECK(b["surname"] == "SAMPLE");
    CHECK(b["given_names"] == "MICHAEL JOHN");
    CHECK(b["name_suffix"] == "JR");
    CHECK(b["document_number"] == "T64235789");
    CHECK(b["birth_date"] == "1986-06-06");
    CHECK(b["expiry_date"] == "2024-12-10");
    CHECK(b["issue_date"] == "2019-06-06");
    CHECK(b["sex"] == "M");
    CHECK(b["issuer"] == "VA");
    CHECK(b["address"] == "2300 WEST BROAD STREET, RICHMOND, VA 23269");
    CHECK(HasWarning(p10, "expired"));
}

TEST_CASE("AAMVA: generated payloads of every version 00 to 10, DL and ID, US and Canada") {
    for (int version = 0; version <= 10; ++version) {
        for (bool canada : {false, true}) {
            AamvaPerson person;
            person.id_card = version % 2 == 1;
            if (canada) {
                person.iin = 636012;
                person.state = "ON";
                person.country = "CAN";
                person.postal = "N1M3J6";
                person.city = "FERGUS";
            }
            CAPTURE(version);
            CAPTURE(canada);
            const std::string payload = ComposeAamva(person, version);
            PayloadOptions o;
            o.reference_date = 20250101;
            const DecodedPayload p = aamva::Decode(Bytes(payload), o);
            REQUIRE(!p.error);
            CHECK(p.warnings.empty());
            CHECK(p.document_type == (person.id_card ? "identity_card" : "driving_licence"));
            auto f = FieldMap(p);
            CHECK(f["surname"] == "SAMPLE");
            CHECK(f["given_names"] == "ANNA MARIA JO");
            CHECK(f["document_number"] == "D1234567");
            CHECK(f["birth_date"] == "1986-06-06");
            CHECK(f["expiry_date"] == "2030-01-01");
            CHECK(f["issue_date"] == "2022-03-15");
            CHECK(f["sex"] == "F");
            CHECK(f["issuing_state"] == (canada ? "CAN" : "USA"));
            CHECK(f["issuer"] == (canada ? "ON" : "VA"));
            CHECK(f["address_postal_code"] == (canada ? "N1M 3J6" : "23269"));
            char v[4];
            std::snprintf(v, sizeof v, "%02d", version);
            CHECK(f["aamva_version"] == v);
            aamva::Record r;
            Error err;
            REQUIRE(aamva::ParseRecord(Bytes(payload).data(), payload.size(), r, err));
            CHECK(r.subfiles.size() == 2);
            CHECK(r.warnings.empty());
        }
    }
}

TEST_CASE("AAMVA: quirks are tolerated and flagged, never invented") {
    AamvaPerson person;
    const std::string good = ComposeAamva(person, 8);
    auto decode = [](const std::string& s) { PayloadOptions o;
        o.reference_date = 20250101;
        return aamva::Decode(Bytes(s), o);
    };
    SUBCASE("CRLF separators, BOM, leading whitespace, AAMVA marker") {
        std::string s;
        for (char c : good) s += c == '\n' ? std::string("\r\n") : std::string(1, c);
        s = "\xEF\xBB\xBF  \n" + s;
        const auto p = decode(s);
        REQUIRE(!p.error);
        CHECK(FieldMap(p)["surname"] == "SAMPLE");
        CHECK(FieldMap(p)["given_names"] == "ANNA MARIA JO");
        std::string marker = good;
        marker.replace(marker.find("ANSI "), 5, "AAMVA");
        CHECK(FieldMap(decode(marker))["document_number"] == "D1234567");
    }
    SUBCASE("missing RS and wrong offsets") {
        std::string s = good;
        s.erase(s.find('\x1e'), 1);
        const auto p = decode(s);
        REQUIRE(!p.error);
        CHECK(FieldMap(p)["birth_date"] == "1986-06-06");
        CHECK(HasWarning(p, "subfile_offset_wrong"));
    }
    SUBCASE("NONE and unavl mean absent; truncation flags become warnings") {
        std::string s = good;
        s.replace(s.find("DAD") + 3, 8, "unavl");
        s.replace(s.find("DDEN"), 4, "DDET");
        s.replace(s.find("DAQ") + 3, 8, "NONE");
        const auto p = decode(s);
        REQUIRE(!p.error);
        auto f = FieldMap(p);
        CHECK(f["given_names"] == "ANNA");
        CHECK(f.count("document_number") == 0);
        CHECK(HasWarning(p, "truncated_surname"));
    }
    SUBCASE("impossible dates and sex are dropped with a warning") {
        std::string s = good;
        s.replace(s.find("DBB") + 3, 8, "13452001");
        s.replace(s.find("DBC") + 3, 1, "7");
        const auto p = decode(s);
        CHECK(FieldMap(p).count("birth_date") == 0);
        CHECK(FieldMap(p).count("sex") == 0);
        CHECK(HasWarning(p, "invalid_birth_date"));
        CHECK(HasWarning(p, "invalid_sex"));
    }
    SUBCASE("broken payloads give an error, no fields") {
        for (const std::string& s : {std::string("@\n\x1e\rANSI 63600"), std::string("@\n\x1e\rANSI 636000080102"),
                                     good.substr(0, 40), std::string("@ANSI 636000080102ZV00410010ZVZVA1\r")}) {
            const auto p = decode(s);
            CHECK(p.error.code == ErrorCode::MalformedPayload);
            CHECK(p.fields.empty());
        }
        CHECK_FALSE(aamva::LooksLikeAamva(Bytes("hello").data(), 5));
    }
}
