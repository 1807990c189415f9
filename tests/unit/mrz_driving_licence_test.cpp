// Driving licence MRZs (docs/mrz-formats.md): the ISO/IEC 18013 one-line layout,
// the French one-line layout and the Swiss 9 + 30 + 30 one, on every vector other
// parsers' test suites assert, through the parser, the correction, JSON and records.
#include <doctest/doctest.h>

#include <docintake/mrz.h>
#include <docintake/mrz_correct.h>
#include <docintake/record.h>

#include "json/mrz_json.h"

using namespace docintake;

namespace {

constexpr std::int32_t kToday = 20261125;

// cheminfo/mrz src/parse/__tests__/frenchDrivingLicense.test.ts ('valid MRZ').
const std::string kFrench = "D1FRA13AA000026181231MARTIN<<9";
// A Dart mrz_parser package's DrivingLicenceMrzParser tests: valid, and with fillers.
const std::string kIso = "D1NLD11234567890ABCDEFGHIJKLM5";
const std::string kIsoFillers = "D<NLD11234567890ABCDEFGHIJ<<<9";
// cheminfo/mrz src/parse/__tests__/swissDrivingLicense.test.ts ('valid MRZ').
const std::vector<std::string> kSwiss = {"AAA001D<<", "FACHE305142128097<<800126<<<<<",
                                         "MARCHAND<<FABIENNE<<<<<<<<<<<<"};
// GioviQ/MRZ src/Test/UnitTest.cs TestParserSDL.
const std::vector<std::string> kSwiss2 = {"CTD718D<<", "FACHE123456788001<<800126<<<<<",
                                          "MARCHAND<<FABIENNE<<<<<<<<<<<<"};

MrzParseResult ParseAt(const std::vector<std::string>& lines) {
    MrzParseOptions o;
    o.reference_date = kToday;
    return ParseMrz(lines, o);
}

Mrz Parse(const std::vector<std::string>& lines) {
    const MrzParseResult r = ParseAt(lines);
    REQUIRE_MESSAGE(!r.error, r.error.message);
    return r.mrz;
}

const MrzCheck* Check(const Mrz& m, const std::string& name) {
    for (const auto& c : m.checks)
        if (c.name == name) return &c;
    return nullptr;
}

bool Invalid(const Mrz& m, const std::string& field) {
    for (const auto& f : m.invalid_fields)
        if (f == field) return true;
    return false;
}

MrzCorrectionOptions CorrectionOptions() {
    MrzCorrectionOptions o;
    o.parse.reference_date = kToday;
    return o;
}

}  // namespace

TEST_CASE("French licence: cheminfo's vector parses with both checks passing") {
    const Mrz m = Parse({kFrench});
    CHECK(m.format == MrzFormat::FrenchDrivingLicence);
    CHECK(std::string(ToString(m.format)) == "FRENCH_DL");
    CHECK(m.valid());
    CHECK(m.document_code == "D1");
    CHECK(m.issuing_state.code == "FRA");
    CHECK(m.document_number == "13AA00002");
    CHECK(m.surname == "MARTIN");
    CHECK(m.given_names.empty());
    CHECK(m.expiry_date.iso() == "2018-12-31");  // nearest century to 2026
    CHECK(m.birth_date.raw.empty());
    CHECK(m.nationality.code.empty());
    CHECK(m.has_warning(MrzWarning::Expired));
    CHECK_FALSE(m.has_warning(MrzWarning::UnknownNationality));
    REQUIRE(m.checks.size() == 2);
    REQUIRE(Check(m, "document_number"));
    CHECK(Check(m, "document_number")->found == '6');
    CHECK(Check(m, "document_number")->passed);
    REQUIRE(Check(m, "composite"));
    CHECK(Check(m, "composite")->found == '9');
    CHECK(Check(m, "composite")->passed);
}

TEST_CASE("French licence: the number's check covers D1FRA, the composite all 29 characters") {
    // A digit of the number changed: both checks fail.
    std::string line = kFrench;
    line[12] = '1';
    Mrz m = Parse({line});
    CHECK_FALSE(Check(m, "document_number")->passed);
    CHECK_FALSE(Check(m, "composite")->passed);
    CHECK(m.first_failed_check() == "document_number");
    // A digit of the expiry date changed: the composite alone fails.
    line = kFrench;
    line[16] = '7';  // 181231 -> 171231
    m = Parse({line});
    CHECK(Check(m, "document_number")->passed);
    CHECK_FALSE(Check(m, "composite")->passed);
    CHECK(m.first_failed_check() == "composite");
    // The printed check digits themselves.
    line = kFrench;
    line[14] = '7';
    CHECK(Parse({line}).first_failed_check() == "document_number");
    line = kFrench;
    line[29] = '0';
    CHECK(Parse({line}).first_failed_check() == "composite");
    // The issuing state is covered too (the code's letters, as cheminfo's vector says).
    line = kFrench;
    line[1] = '2';
    CHECK_FALSE(Parse({line}).valid());
}

TEST_CASE("French licence: impossible content is invalid even where checks would pass") {
    // cheminfo's autocorrect input: B for 8 in the date, 1 for I in the name.
    const Mrz m = Parse({"D1FRA13AA0000261B1231MART1N<<9"});
    CHECK_FALSE(m.valid());
    CHECK(Invalid(m, "expiry_date"));
    CHECK(Invalid(m, "name"));
    CHECK_FALSE(Check(m, "composite")->passed);
}

TEST_CASE("French licence: the correction reads cheminfo's misread line as the printed one") {
    const auto r = CorrectMrz(MrzCandidates::FromText({"D1FRA13AA0000261B1231MART1N<<9"}), CorrectionOptions());
    CHECK(r.mrz.format == MrzFormat::FrenchDrivingLicence);
    CHECK(r.mrz.lines == std::vector<std::string>{kFrench});
    CHECK(r.status == MrzReadingStatus::Valid);
    CHECK(r.mrz.valid());
}

TEST_CASE("ISO licence: the Dart parser's vectors") {
    Mrz m = Parse({kIso});
    CHECK(m.format == MrzFormat::IsoDrivingLicence);
    CHECK(std::string(ToString(m.format)) == "ISO_DL");
    CHECK(m.valid());
    CHECK(m.document_code == "D1");
    CHECK(m.issuing_state.code == "NLD");
    CHECK(m.issuing_state.kind == CodeKind::State);
    CHECK(m.optional_data_2 == "1");  // version
    CHECK(m.document_number == "1234567890");
    CHECK(m.optional_data == "ABCDEFGHIJKLM");  // random data
    CHECK(m.surname.empty());
    CHECK(m.birth_date.raw.empty());
    CHECK(m.expiry_date.raw.empty());
    CHECK_FALSE(m.has_warning(MrzWarning::Expired));
    REQUIRE(m.checks.size() == 1);
    CHECK(m.checks[0].name == "composite");
    CHECK(m.checks[0].found == '5');

    m = Parse({kIsoFillers});
    CHECK(m.valid());
    CHECK(m.document_code == "D");
    CHECK(m.document_number == "1234567890");
    CHECK(m.optional_data == "ABCDEFGHIJ");

    // Their wrong check digit.
    m = Parse({"D1NLD11234567890ABCDEFGHIJKLM0"});
    CHECK_FALSE(m.valid());
    CHECK(m.first_failed_check() == "composite");
    CHECK(m.checks[0].expected == '5');
}

TEST_CASE("ISO licence: any one digit changed fails the check") {
    for (std::size_t i = 0; i < kIso.size(); ++i) {
        if (kIso[i] < '0' || kIso[i] > '9') continue;
        std::string line = kIso;
        line[i] = static_cast<char>('0' + (kIso[i] - '0' + 3) % 10);
        CAPTURE(i);
        const Mrz m = Parse({line});
        CHECK_FALSE(m.valid());
        CHECK(m.first_failed_check() == "composite");
    }
}

TEST_CASE("one-line input: wrong lengths and non-licences get typed errors") {
    auto r = ParseAt({"D1NLD11234567890"});  // the Dart suite's 'wrong length'
    CHECK(r.error.code == ErrorCode::WrongLineLength);
    CHECK(r.error.message.find("30") != std::string::npos);
    r = ParseAt({kIso + "<"});
    CHECK(r.error.code == ErrorCode::WrongLineLength);
    r = ParseAt({"P1NLD11234567890ABCDEFGHIJKLM7"});  // 'not starting with D'
    CHECK(r.error.code == ErrorCode::WrongLineCount);
    r = ParseAt({kIso, "EXTRALINE"});  // '2-line input'
    CHECK(r.error);
    r = ParseAt({std::string()});
    CHECK(r.error);
    r = ParseMrz(std::string_view("D1NLD11234567890ABCDEFGHIJKLm5"));
    CHECK(r.error.code == ErrorCode::InvalidCharacter);
    // Text with whitespace around the line, as typed.
    r = ParseMrz(std::string_view("  " + kIso + " \r\n"));
    REQUIRE_FALSE(r.error);
    CHECK(r.mrz.valid());
}

TEST_CASE("Swiss licence: cheminfo's and GioviQ's vectors") {
    Mrz m = Parse(kSwiss);
    CHECK(m.format == MrzFormat::SwissDrivingLicence);
    CHECK(std::string(ToString(m.format)) == "SWISS_DL");
    CHECK(m.valid());
    CHECK(m.checks.empty());
    CHECK(m.has_warning(MrzWarning::NoCheckDigits));
    CHECK(std::string(ToString(MrzWarning::NoCheckDigits)) == "no_check_digits");
    CHECK(m.document_code == "FA");
    CHECK(m.issuing_state.code == "CHE");
    CHECK(m.document_number == "305142128097");  // PIN and version, as cheminfo's documentNumber
    CHECK(m.optional_data == "AAA001D");
    CHECK(m.birth_date.iso() == "1980-01-26");
    CHECK(m.surname == "MARCHAND");
    CHECK(m.given_names == "FABIENNE");
    CHECK(m.expiry_date.raw.empty());
    CHECK(m.invalid_fields.empty());

    m = Parse(kSwiss2);
    CHECK(m.valid());
    CHECK(m.document_number == "123456788001");
    CHECK(m.optional_data == "CTD718D");

    // cheminfo's 'invalid text': '?' is no MRZ character at all.
    CHECK(ParseAt({"AAA001D<<", "FACHE305142128?97<<800126<<<<<", "M4RCHAND<<FABI3NNE<<<<<<<<<<<<"}).error.code ==
          ErrorCode::InvalidCharacter);
}

TEST_CASE("Swiss licence: its structure is all that can be checked") {
    auto with = [](int line, int pos, char c) {
        auto lines = kSwiss;
        lines[static_cast<std::size_t>(line)][static_cast<std::size_t>(pos)] = c;
        return lines;
    };
    struct Case {
        int line, pos;
        char c;
        const char* field;
    };
    for (const Case& k : {Case{0, 6, 'X', "language_code"}, Case{0, 4, 'A', "optional_data"},
                          Case{0, 8, 'A', "filler"}, Case{1, 0, 'X', "document_code"},
                          Case{1, 9, 'A', "document_number"}, Case{1, 17, '1', "filler"},
                          Case{1, 27, 'A', "filler"}, Case{1, 21, '3', "birth_date"}, Case{2, 3, '4', "name"}}) {
        CAPTURE(k.field);
        const Mrz m = Parse(with(k.line, k.pos, k.c));
        CHECK_FALSE(m.valid());
        CHECK(Invalid(m, k.field));
    }
    // A digit changed in the PIN cannot be noticed: no check digit covers it.
    CHECK(Parse(with(1, 9, '7')).valid());
}

TEST_CASE("Swiss licence: wrong shapes get typed errors") {
    auto r = ParseAt({"AAA001D<<", "FACHE305142128097<<800126<<<<", "MARCHAND<<FABIENNE<<<<<<<<<<<<"});
    CHECK(r.error.code == ErrorCode::WrongLineLength);
    CHECK(r.error.message.find("9, 30 and 30") != std::string::npos);
    r = ParseAt({"AAA001D<<", "FACHE305142128097<<800126<<<<<"});
    CHECK(r.error.code == ErrorCode::WrongLineLength);
    r = ParseAt({"AAA001D<<<", "FACHE305142128097<<800126<<<<<", "MARCHAND<<FABIENNE<<<<<<<<<<<<"});
    CHECK(r.error.code == ErrorCode::WrongLineLength);
}

TEST_CASE("Swiss licence: the correction never calls a reading Valid, nothing verifies it") {
    auto r = CorrectMrz(MrzCandidates::FromText(kSwiss), CorrectionOptions());
    CHECK(r.mrz.format == MrzFormat::SwissDrivingLicence);
    CHECK(r.mrz.lines == kSwiss);
    CHECK(r.status == MrzReadingStatus::Ambiguous);
    // Letters read in the digit fields are mapped by field type, as elsewhere.
    r = CorrectMrz(MrzCandidates::FromText({"AAAOO1D<<", "FACHE3O5142128O97<<8OO126<<<<<",
                                            "MARCHAND<<FABIENNE<<<<<<<<<<<<"}),
                   CorrectionOptions());
    CHECK(r.mrz.lines == kSwiss);
    CHECK(r.status == MrzReadingStatus::Ambiguous);
}

TEST_CASE("ISO and French licences: the check-digit search repairs a doubtful digit") {
    auto c = MrzCandidates::FromText({kIso});
    c.lines[0][10] = {{'B', 0.6f}, {'8', 0.35f}};  // the number's 5th digit ('5') read as B or 8: neither passes
    auto r = CorrectMrz(c, CorrectionOptions());
    CHECK(r.status == MrzReadingStatus::Invalid);
    c.lines[0][10] = {{'B', 0.6f}, {'5', 0.35f}};  // the truth among the alternatives
    r = CorrectMrz(c, CorrectionOptions());
    CHECK(r.status == MrzReadingStatus::Valid);
    CHECK(r.mrz.lines == std::vector<std::string>{kIso});
    REQUIRE(r.corrections.size() == 1);
    CHECK(r.corrections[0].field == "document_number");

    c = MrzCandidates::FromText({kFrench});
    c.lines[0][18] = {{'7', 0.55f}, {'2', 0.4f}};  // expiry 181231 read 181731
    r = CorrectMrz(c, CorrectionOptions());
    CHECK(r.status == MrzReadingStatus::Valid);
    CHECK(r.mrz.lines == std::vector<std::string>{kFrench});
}

TEST_CASE("licences round-trip through JSON") {
    for (const std::vector<std::string>& lines : {std::vector<std::string>{kFrench}, std::vector<std::string>{kIso},
                                                  std::vector<std::string>{kIsoFillers}, kSwiss, kSwiss2}) {
        const Mrz m = Parse(lines);
        const nlohmann::json j = ToJson(m);
        CAPTURE(j.dump());
        CHECK(j["format"] == ToString(m.format));
        CHECK(j["valid"] == true);
        CHECK(j["document_number"] == m.document_number);
        CHECK(j["lines"].get<std::vector<std::string>>() == lines);
        CHECK(j["failed_check"].is_null());
        const Mrz again = Parse(j["lines"].get<std::vector<std::string>>());
        CHECK(ToJson(again) == j);
    }
    const nlohmann::json iso = ToJson(Parse({kIso}));
    CHECK(iso["optional_data_2"] == "1");
    CHECK(iso["checks"]["composite"] == true);
    CHECK(iso["birth_date"].is_null());
    const nlohmann::json french = ToJson(Parse({kFrench}));
    CHECK(french["expiry_date"] == "2018-12-31");
    CHECK(french["checks"]["document_number"] == true);
    const nlohmann::json swiss = ToJson(Parse(kSwiss));
    CHECK(swiss["checks"].empty());
    CHECK(swiss["warnings"].dump().find("no_check_digits") != std::string::npos);
}

TEST_CASE("licences make intake records with the fields they print") {
    RecordOptions o;
    o.intake_date = kToday;
    o.created_at = "2026-11-25T09:00:00Z";
    auto built = BuildRecord(Parse({kFrench}), {}, o);
    REQUIRE_FALSE(built.error);
    IntakeRecord& r = built.record;
    CHECK(r.document_format == "FRENCH_DL");
    REQUIRE(r.field("document_number"));
    CHECK(r.field("document_number")->value == "13AA00002");
    CHECK(r.field("document_number")->checked);
    REQUIRE(r.field("surname"));
    CHECK(r.field("surname")->checked);  // the composite covers it
    REQUIRE(r.field("expiry_date"));
    CHECK(r.field("expiry_date")->value == "2018-12-31");
    CHECK(r.has_flag(RecordFlag::Expired));
    for (const char* absent : {"nationality", "sex", "birth_date", "given_names"}) {
        CAPTURE(absent);
        CHECK_FALSE(r.field(absent));
    }
    CHECK_FALSE(r.has_flag(RecordFlag::BirthDatePartlyUnknown));

    built = BuildRecord(Parse(kSwiss), {}, o);
    REQUIRE_FALSE(built.error);
    CHECK(built.record.document_format == "SWISS_DL");
    REQUIRE(built.record.field("birth_date"));
    CHECK(built.record.field("birth_date")->value == "1980-01-26");
    CHECK_FALSE(built.record.field("birth_date")->checked);
    CHECK_FALSE(built.record.field("document_number")->checked);
    CHECK(built.record.field("given_names")->value == "FABIENNE");

    built = BuildRecord(Parse({kIso}), {}, o);
    REQUIRE_FALSE(built.error);
    CHECK(built.record.document_format == "ISO_DL");
    CHECK(built.record.field("document_number")->checked);
    CHECK_FALSE(built.record.field("surname"));
}

TEST_CASE("format names fit the C API's 16-byte field") {
    for (MrzFormat f : {MrzFormat::TD1, MrzFormat::TD2, MrzFormat::TD3, MrzFormat::MRVA, MrzFormat::MRVB,
                        MrzFormat::FrenchId, MrzFormat::IsoDrivingLicence, MrzFormat::FrenchDrivingLicence,
                        MrzFormat::SwissDrivingLicence}) {
        CAPTURE(ToString(f));
        CHECK(std::string(ToString(f)).size() <= 15);
        CHECK(std::string(ToString(f)) != "unknown");
    }
}
