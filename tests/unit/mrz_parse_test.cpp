// ICAO Doc 9303 specimens and hand-made cases for every format and rule.
#include <doctest/doctest.h>

#include <docintake/mrz.h>

#include "support/mrz_compose.h"

using namespace docintake;

namespace {

constexpr std::int32_t kToday = 20261125;

Mrz Parse(std::vector<std::string> lines) {
    MrzParseOptions options;
    options.reference_date = kToday;
    MrzParseResult r = ParseMrz(lines, options);
    REQUIRE_MESSAGE(!r.error, r.error.message);
    return r.mrz;
}

bool CheckPassed(const Mrz& m, const std::string& name) {
    for (const auto& c : m.checks)
        if (c.name == name) return c.passed;
    FAIL("no check named " << name);
    return false;
}

}  // namespace

TEST_CASE("TD3 passport specimen (Doc 9303 part 4)") {
    const Mrz m = Parse({"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                         "L898902C36UTO7408122F1204159ZE184226B<<<<<10"});
    CHECK(m.format == MrzFormat::TD3);
    CHECK(m.valid());
    CHECK(m.document_code == "P");
    CHECK(m.issuing_state.code == "UTO");
    CHECK(m.issuing_state.kind == CodeKind::Specimen);
    CHECK(m.surname == "ERIKSSON");
    CHECK(m.given_names == "ANNA MARIA");
    CHECK(m.document_number == "L898902C3");
    CHECK(m.nationality.code == "UTO");
    CHECK(m.birth_date.iso() == "1974-08-12");
    CHECK(m.sex == Sex::Female);
    CHECK(m.expiry_date.iso() == "2012-04-15");
    CHECK(m.optional_data == "ZE184226B");
    CHECK(m.checks.size() == 5);
    CHECK(m.has_warning(MrzWarning::Expired));
    CHECK(m.has_warning(MrzWarning::SpecimenDocument));
    CHECK_FALSE(m.has_warning(MrzWarning::NamePossiblyTruncated));
}

TEST_CASE("TD2 specimen (Doc 9303 part 6)") {
    const Mrz m = Parse({"I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "D231458907UTO7408122F1204159<<<<<<<6"});
    CHECK(m.format == MrzFormat::TD2);
    CHECK(m.valid());
    CHECK(m.document_code == "I");
    CHECK(m.document_number == "D23145890");
    CHECK(m.birth_date.iso() == "1974-08-12");
    CHECK(m.expiry_date.iso() == "2012-04-15");
    CHECK(m.optional_data.empty());
    CHECK(m.checks.size() == 4);
}

TEST_CASE("TD1 specimen (Doc 9303 part 5)") {
    const Mrz m = Parse({"I<UTOD231458907<<<<<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<6",
                         "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"});
    CHECK(m.format == MrzFormat::TD1);
    CHECK(m.valid());
    CHECK(m.document_number == "D23145890");
    CHECK(m.surname == "ERIKSSON");
    CHECK(m.given_names == "ANNA MARIA");
    CHECK(m.sex == Sex::Female);
    CHECK(m.nationality.code == "UTO");
    CHECK(CheckPassed(m, "composite"));
}

TEST_CASE("MRV-A and MRV-B specimens (Doc 9303 part 7) have no composite check") {
    const Mrz a = Parse({"V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L8988901C4XXX4009078F96121096ZE184226B<<<<<<"});
    CHECK(a.format == MrzFormat::MRVA);
    CHECK(a.valid());
    CHECK(a.document_code == "V");
    CHECK(a.document_number == "L8988901C");
    CHECK(a.nationality.code == "XXX");
    CHECK(a.nationality.kind == CodeKind::Special);
    CHECK(a.birth_date.iso() == "1940-09-07");
    CHECK(a.expiry_date.iso() == "1996-12-10");  // the nearest century: 2096 is 70 years away
    CHECK(a.has_warning(MrzWarning::Expired));
    CHECK(a.optional_data == "6ZE184226B");
    CHECK(a.checks.size() == 3);

    const Mrz b = Parse({"V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "L8988901C4XXX4009078F9612109<<<<<<<<"});
    CHECK(b.format == MrzFormat::MRVB);
    CHECK(b.valid());
    CHECK(b.checks.size() == 3);
}

TEST_CASE("TD1 document numbers longer than nine characters") {
    // Filler at position 15, the rest and its check digit in the optional data.
    const Mrz m = Parse({"I<PRT007777779<ZZ92<<<<<<<<<<<", "8303143M3405282PRT<<<<<<<<<<<2",
                         "CACADOR<DE<ARAUJO<<ANDRE<ESTEV"});
    CHECK(m.valid());
    CHECK(m.document_number == "007777779ZZ9");
    CHECK(m.optional_data.empty());
    CHECK(m.surname == "CACADOR DE ARAUJO");
    CHECK(m.given_names == "ANDRE ESTEV");
    CHECK(m.has_warning(MrzWarning::NamePossiblyTruncated));

    test::MrzFields f;
    f.format = MrzFormat::TD1;
    f.code = "ID";
    f.number = "AB1234567890XY";
    f.optional = "OPT";
    const Mrz m2 = Parse(test::Compose(f));
    CHECK(m2.valid());
    CHECK(m2.document_number == "AB1234567890XY");
    CHECK(m2.optional_data == "OPT");
}

TEST_CASE("long number check digit with or without the filler, as issuers differ") {
    // Belgium counts the filler at position 15 (check 3), Portugal does not.
    const Mrz be = Parse({"IDBEL000590240<6013<<<<<<<<<<<", "8512017F1311048BEL851201002007",
                          "REINARTZ<<ULRIKE<KATIA<E<<<<<<"});
    CHECK(be.valid());
    CHECK(be.document_number == "000590240601");
    CHECK(be.optional_data.empty());
    CHECK(be.optional_data_2 == "85120100200");
    auto lines = be.lines;
    lines[0][18] = '1';  // right under the other convention; the composite still catches it
    const Mrz other = Parse(lines);
    CHECK_FALSE(other.valid());
    CHECK(other.first_failed_check() == "composite");
    lines[0][18] = '5';
    CHECK(Parse(lines).first_failed_check() == "document_number");
}

TEST_CASE("TD2 long document number") {
    test::MrzFields f;
    f.format = MrzFormat::TD2;
    f.code = "I";
    f.number = "X12345678AB";
    const auto lines = test::Compose(f);
    const Mrz m = Parse(lines);
    CHECK(m.valid());
    CHECK(m.document_number == "X12345678AB");
}

TEST_CASE("personal number check digit may be '<' when the field is empty") {
    const Mrz m = Parse({"P<POLKOWALSKA<KWIATKOWSKA<<JOANNA<<<<<<<<<<<", "AA00000000POL6002084F1412314<<<<<<<<<<<<<<<4"});
    CHECK(m.valid());
    CHECK(m.surname == "KOWALSKA KWIATKOWSKA");
    CHECK(m.given_names == "JOANNA");
    CHECK(m.optional_data.empty());
    CHECK(CheckPassed(m, "personal_number"));
    CHECK(m.birth_date.iso() == "1960-02-08");

    // '<' is only a valid check digit for an all-filler field.
    test::MrzFields f;
    f.optional = "AB12";
    auto lines = test::Compose(f);
    lines[1][42] = '<';
    const Mrz bad = Parse(lines);
    CHECK_FALSE(bad.valid());
    CHECK_FALSE(CheckPassed(bad, "personal_number"));
    CHECK(bad.has_warning(MrzWarning::MissingCheckDigit));
}

TEST_CASE("unknown date parts stay unknown") {
    test::MrzFields f;
    f.birth = "74<<<<";
    Mrz m = Parse(test::Compose(f));
    CHECK(m.valid());
    CHECK(m.birth_date.year == 1974);
    CHECK(m.birth_date.month == 0);
    CHECK(m.birth_date.day == 0);
    CHECK(m.birth_date.iso() == "1974");
    CHECK(m.has_warning(MrzWarning::UnknownBirthDateParts));

    f.birth = "7408<<";
    m = Parse(test::Compose(f));
    CHECK(m.valid());
    CHECK(m.birth_date.iso() == "1974-08");

    f.birth = "<<<<<<";
    m = Parse(test::Compose(f));
    CHECK(m.valid());
    CHECK(m.birth_date.year == 0);
    CHECK(m.birth_date.iso().empty());
}

TEST_CASE("birth century is the most recent past one; expiry is the nearest, within -50..+49 years") {
    test::MrzFields f;
    f.birth = "261124";
    CHECK(Parse(test::Compose(f)).birth_date.year == 2026);  // yesterday
    f.birth = "261126";
    CHECK(Parse(test::Compose(f)).birth_date.year == 1926);  // tomorrow: a century ago
    f.birth = "000101";
    CHECK(Parse(test::Compose(f)).birth_date.year == 2000);
    f.birth = "991231";
    CHECK(Parse(test::Compose(f)).birth_date.year == 1999);
    f.expiry = "981231";  // expired in 1998, not valid until 2098: flagged expired
    CHECK(Parse(test::Compose(f)).expiry_date.year == 1998);
    CHECK(Parse(test::Compose(f)).has_warning(MrzWarning::Expired));
    f.expiry = "750101";  // 2075 is 49 years on, 1975 51 years back
    CHECK(Parse(test::Compose(f)).expiry_date.year == 2075);
    f.expiry = "760101";  // 2076 would be 50 years on: 1976 (50 back) is the window's
    CHECK(Parse(test::Compose(f)).expiry_date.year == 1976);
    f.expiry = "400101";
    CHECK(Parse(test::Compose(f)).expiry_date.year == 2040);
    f.expiry = "261124";
    CHECK(Parse(test::Compose(f)).has_warning(MrzWarning::Expired));
    f.expiry = "261125";
    CHECK_FALSE(Parse(test::Compose(f)).has_warning(MrzWarning::Expired));
}

TEST_CASE("special and unknown codes") {
    test::MrzFields f;
    f.state = "D";
    f.nationality = "XXA";
    Mrz m = Parse(test::Compose(f));
    CHECK(m.issuing_state.code == "D");
    CHECK(m.issuing_state.name == "Germany");
    CHECK(m.nationality.name == "Stateless person");
    CHECK(m.nationality.kind == CodeKind::Special);

    const std::pair<const char*, const char*> special[] = {
        {"XXB", "Refugee (1951 Convention)"}, {"XXC", "Refugee (other than 1951 Convention)"},
        {"XXX", "Unspecified nationality"}, {"UNO", "United Nations Organization"},
        {"UNA", "Specialized agency of the United Nations"}, {"UNK", "Resident of Kosovo (UNMIK)"},
        {"EUE", "European Union"}, {"GBD", "British Overseas Territories Citizen"},
        {"GBN", "British National (Overseas)"}, {"GBO", "British Overseas Citizen"},
        {"GBP", "British Protected Person"}, {"GBS", "British Subject"}};
    for (const auto& [code, name] : special) {
        CAPTURE(code);
        const CountryCode c = LookupCountryCode(code);
        CHECK(c.kind == CodeKind::Special);
        CHECK(c.name == name);
    }
    CHECK(LookupCountryCode("D<<").code == "D");
    CHECK(LookupCountryCode("SYR").name == "Syrian Arab Republic");

    f.nationality = "QQQ";
    m = Parse(test::Compose(f));
    CHECK(m.valid());  // flagged, not rejected
    CHECK(m.nationality.kind == CodeKind::Unknown);
    CHECK(m.has_warning(MrzWarning::UnknownNationality));
}

TEST_CASE("sex") {
    test::MrzFields f;
    f.sex = 'M';
    CHECK(Parse(test::Compose(f)).sex == Sex::Male);
    f.sex = 'X';
    CHECK(Parse(test::Compose(f)).sex == Sex::Unspecified);
    f.sex = '<';
    const Mrz m = Parse(test::Compose(f));
    CHECK(m.sex == Sex::Unspecified);
    CHECK(std::string(ToString(m.sex)) == "X");
    f.sex = 'Q';
    const Mrz bad = Parse(test::Compose(f));
    CHECK_FALSE(bad.valid());
    CHECK(bad.first_failed_check() == "sex");
}

TEST_CASE("truncated names are flagged") {
    test::MrzFields f;
    f.surname = "WOLFESCHLEGELSTEINHAUSENBERGERDORFF";
    f.given = "HUBERT BLAINE";
    const Mrz m = Parse(test::Compose(f));
    CHECK(m.has_warning(MrzWarning::NamePossiblyTruncated));
    CHECK(m.surname == "WOLFESCHLEGELSTEINHAUSENBERGERDORFF");
    CHECK(m.given_names == "HU");
}

TEST_CASE("impossible dates are invalid even when the check digit fits") {
    test::MrzFields f;
    f.birth = "741312";
    Mrz m = Parse(test::Compose(f));
    CHECK_FALSE(m.valid());
    CHECK(m.first_failed_check() == "birth_date");
    f.birth = "230229";  // 2023 is no leap year
    CHECK_FALSE(Parse(test::Compose(f)).valid());
    f.birth = "240229";
    CHECK(Parse(test::Compose(f)).valid());
}

TEST_CASE("each corrupted check digit names its check") {
    const std::vector<std::string> good = {"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                                           "L898902C36UTO7408122F1204159ZE184226B<<<<<10"};
    const std::pair<int, const char*> cases[] = {
        {9, "document_number"}, {19, "birth_date"}, {27, "expiry_date"}, {42, "personal_number"}, {43, "composite"}};
    for (const auto& [pos, name] : cases) {
        auto lines = good;
        lines[1][pos] = lines[1][pos] == '9' ? '8' : '9';
        const Mrz m = Parse(lines);
        CAPTURE(name);
        CHECK_FALSE(m.valid());
        CHECK(m.first_failed_check() == name);
    }
    // A data character changed: its own check and the composite fail.
    auto lines = good;
    lines[1][14] = '5';  // birth year 7408 -> 7508
    const Mrz m = Parse(lines);
    CHECK_FALSE(CheckPassed(m, "birth_date"));
    CHECK_FALSE(CheckPassed(m, "composite"));
    CHECK(CheckPassed(m, "document_number"));
}

TEST_CASE("bad input gets a typed error") {
    MrzParseResult r = ParseMrz(std::string_view(""));
    CHECK(r.error.code == ErrorCode::EmptyInput);
    r = ParseMrz(std::string_view("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"));
    CHECK(r.error.code == ErrorCode::WrongLineCount);
    r = ParseMrz(std::string_view("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"));
    CHECK(r.error.code == ErrorCode::WrongLineLength);
    r = ParseMrz(std::string_view("p<utoeriksson<<anna<maria<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"));
    CHECK(r.error.code == ErrorCode::InvalidCharacter);
    r = ParseMrz(std::string_view("<<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"));
    CHECK(r.error.code == ErrorCode::UnknownFormat);
    r = ParseMrz(std::string_view("A\nB\nC\nD"));
    CHECK(r.error.code == ErrorCode::WrongLineCount);
    const std::string binary("\x00\xff\x01P<\n\x80", 7);
    r = ParseMrz(std::string_view(binary));
    CHECK(r.error.code == ErrorCode::InvalidCharacter);
    r = ParseMrz(std::string(5000, '<'));
    CHECK(r.error);
    CHECK(std::string(ToString(ErrorCode::WrongLineLength)) == "wrong_line_length");
}

TEST_CASE("whitespace and CRLF around lines are ignored") {
    const MrzParseResult r = ParseMrz(std::string_view(
        "  P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\r\n\r\n\tL898902C36UTO7408122F1204159ZE184226B<<<<<10 \r\n"));
    REQUIRE_FALSE(r.error);
    CHECK(r.mrz.valid());
}

TEST_CASE("check digit function (Doc 9303 part 3 examples)") {
    CHECK(ComputeCheckDigit("520727") == '3');
    CHECK(ComputeCheckDigit("AB2134<<<") == '5');
    CHECK(ComputeCheckDigit("L898902C3") == '6');
    CHECK(ComputeCheckDigit("") == '0');
    CHECK(ComputeCheckDigit("ab") == '\0');
}

TEST_CASE("French national identity card (until 2021): 2 x 36, IDFRA") {
    const std::vector<std::string> card = {"IDFRABERTHIER<<<<<<<<<<<<<<<<<<<<<<<", "9409923102854CORINNE<<<<<<<6512068F4"};
    const Mrz m = Parse(card);
    CHECK(m.format == MrzFormat::FrenchId);
    CHECK(std::string(ToString(m.format)) == "FRENCH_ID");
    CHECK(m.valid());
    CHECK(m.document_code == "ID");
    CHECK(m.issuing_state.code == "FRA");
    CHECK(m.nationality.code == "FRA");
    CHECK(m.surname == "BERTHIER");
    CHECK(m.given_names == "CORINNE");
    CHECK(m.document_number == "940992310285");
    CHECK(m.birth_date.iso() == "1965-12-06");
    CHECK(m.sex == Sex::Female);
    CHECK(m.issue_date.iso() == "1994-09");
    CHECK(m.expiry_date.iso().empty());
    CHECK(m.checks.size() == 3);
    CHECK(m.warnings.empty());  // no expiry date in the MRZ: never "expired"

    // Each check on its own; the composite covers line 1 as well.
    auto broken = card;
    broken[1][12] = '5';
    CHECK(Parse(broken).first_failed_check() == "document_number");
    broken = card;
    broken[1][33] = '9';
    CHECK(Parse(broken).first_failed_check() == "birth_date");
    broken = card;
    broken[0][6] = 'F';  // BFRTHIER: only the composite covers the surname
    CHECK(Parse(broken).first_failed_check() == "composite");
    broken = card;
    broken[1][2] = '1';  // issue month 19: no check catches a compensating pair, the calendar does
    broken[1][12] = ComputeCheckDigit(broken[1].substr(0, 12));
    broken[1][35] = ComputeCheckDigit(broken[0] + broken[1].substr(0, 35));
    const Mrz bad_month = Parse(broken);
    CHECK_FALSE(bad_month.valid());
    CHECK(bad_month.first_failed_check() == "issue_date");

    // An administrative code at the end of line 1 is the optional data.
    const Mrz with_code = Parse({"IDFRATEST<NAME<<<<<<<<<<<<<<<<0CHE02", "1710GVA123451ROBERTA<<<<<<<9112311F2"});
    CHECK(with_code.valid());
    CHECK(with_code.surname == "TEST NAME");
    CHECK(with_code.optional_data == "0CHE02");
    CHECK(with_code.document_number == "1710GVA12345");
}

TEST_CASE("an ICAO TD2 that starts with IDFRA is read as TD2 when only its TD2 checks pass") {
    test::MrzFields f;
    f.format = MrzFormat::TD2;
    f.code = "ID";
    f.state = "FRA";
    f.nationality = "FRA";
    f.surname = "MARTIN";
    f.given = "LUC";
    f.number = "X4RTBPFW4";
    f.birth = "850101";
    f.expiry = "300101";
    f.sex = 'M';
    const auto lines = test::Compose(f);
    const Mrz m = Parse(lines);
    CHECK(m.format == MrzFormat::TD2);
    CHECK(m.valid());
    CHECK(m.document_number == "X4RTBPFW4");
}
