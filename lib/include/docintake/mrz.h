#pragma once
// Parsing and checking ICAO Doc 9303 machine readable zones (MRZ).
//
//   auto result = docintake::ParseMrz("P<UTOERIKSSON<<ANNA<MARIA<<<...\nL898902C36UTO...");
//   if (!result.error && result.mrz.valid()) use(result.mrz.surname);
//
// Parsing is pure: no I/O, no global state, safe on any bytes.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "docintake/error.h"

namespace docintake {

// The ICAO 9303 formats, plus the French national identity card issued until
// 2021 (2 x 36, line 1 starting "IDFRA"), which is no ICAO layout but is common,
// and driving licences (docs/mrz-formats.md): the one-line MRZ of ISO/IEC 18013
// licences (30 characters starting 'D'), the French licence's own one-line
// layout ("D1FRA..."), and the Swiss licence (three lines of 9, 30 and 30).
enum class MrzFormat {
    TD1,
    TD2,
    TD3,
    MRVA,
    MRVB,
    FrenchId,
    IsoDrivingLicence,     // 1 x 30: D, configuration, state, version, number, random data, check
    FrenchDrivingLicence,  // 1 x 30: D1FRA, number, check, expiry, surname, check
    SwissDrivingLicence,   // 9 + 30 + 30: no check digit at all
};

// "TD1", "TD2", "TD3", "MRVA", "MRVB", "FRENCH_ID", "ISO_DL", "FRENCH_DL",
// "SWISS_DL" (at most 15 characters: the C API's dit_mrz_result.format holds 16).
const char* ToString(MrzFormat format);

// A date from the MRZ. A part written with fillers ('<') is unknown and stays 0;
// it is never invented. year is the full year (century resolved), 0 if unknown.
struct MrzDate {
    int year = 0;
    int month = 0;  // 1-12, 0 = unknown
    int day = 0;    // 1-31, 0 = unknown
    std::string raw;  // the six characters as printed, e.g. "7408<<"

    bool complete() const { return year != 0 && month != 0 && day != 0; }
    // ISO 8601: "1974-08-12"; reduced precision when parts are unknown ("1974-08",
    // "1974"); empty when the year is unknown or a known day has an unknown month.
    std::string iso() const;
};

enum class Sex { Male, Female, Unspecified };
// "M", "F", "X" (X for '<' or 'X' in the MRZ).
const char* ToString(Sex sex);

enum class CodeKind {
    State,     // an ISO 3166-1 alpha-3 state code, or 'D' for Germany
    Special,   // an ICAO special code: XXA stateless, XXB/XXC refugee, UNO, EUE, GBD ...
    Specimen,  // UTO, the fictional state of ICAO specimens
    Unknown,   // not a code we know: flagged, not rejected
};

struct CountryCode {
    std::string code;  // fillers stripped: "D<<" becomes "D"
    CodeKind kind = CodeKind::Unknown;
    std::string name;  // English name, e.g. "Stateless person"; empty when unknown
};

// Look up a three-letter MRZ code (fillers allowed, e.g. "D<<").
CountryCode LookupCountryCode(std::string_view code);

// One check digit and what it covers.
struct MrzCheck {
    std::string name;  // "document_number", "birth_date", "expiry_date",
                       // "personal_number", "optional_data", "composite"
    bool passed = false;
    char expected = 0;  // the digit computed from the data
    char found = 0;     // the character printed in the MRZ
};

enum class MrzWarning {
    Expired,                 // expiry date before the reference date
    UnknownIssuingState,     // issuing state code not known
    UnknownNationality,      // nationality code not known
    NamePossiblyTruncated,   // the name field is full to its last character
    UnknownBirthDateParts,   // part of the birth date is written with fillers
    SpecimenDocument,        // UTO or another specimen marker
    MissingCheckDigit,       // a check digit position holds '<' where a digit belongs
    NoCheckDigits,           // the format has none (Swiss driving licence): nothing verifies the text
};
// Stable snake_case name, e.g. "name_possibly_truncated".
const char* ToString(MrzWarning warning);

struct Mrz {
    MrzFormat format = MrzFormat::TD3;
    std::vector<std::string> lines;  // as parsed, after cleaning whitespace

    std::string document_code;  // fillers stripped: "P", "I", "AC", "V"; licences "D1", "FA"
    CountryCode issuing_state;
    std::string surname;          // '<' as spaces, e.g. "KOWALSKA KWIATKOWSKA"
    std::string given_names;      // '<' as spaces, e.g. "ANNA MARIA"
    std::string document_number;  // fillers stripped; long TD1 numbers joined; Swiss
                                  // licence: PIN and version (12 digits)
    CountryCode nationality;      // driving licences: none printed, code empty
    MrzDate birth_date;   // ISO and French licences: none in the MRZ (raw empty)
    Sex sex = Sex::Unspecified;
    MrzDate expiry_date;  // French ID, ISO and Swiss licences: none in the MRZ (raw empty, year 0)
    MrzDate issue_date;   // French ID only: year and month of issue; empty otherwise
    // Fillers stripped at both ends. TD3: the personal number field; TD1: line 1's
    // optional data (after a long document number's end, if any); French ID: the
    // administrative code at the end of line 1; ISO licence: the 13 characters of
    // random data; Swiss licence: line 1 (e.g. "AAA001D", its last letter the
    // language D/F/I/R).
    std::string optional_data;
    // TD1 line 2's optional data; ISO licence: the version character (position 6);
    // empty otherwise.
    std::string optional_data_2;

    std::vector<MrzCheck> checks;
    std::vector<MrzWarning> warnings;
    // Fields whose content is impossible, though no check digit covers it: a date
    // that is no calendar date, a sex other than M/F/X/<, digits in a name or code.
    std::vector<std::string> invalid_fields;

    // True when every check digit passes and no field is impossible. A Swiss
    // licence has no check digit: valid() then only says its structure holds, and
    // it carries the no_check_digits warning.
    bool valid() const;
    // The first failing check's name (or invalid field's), or empty when valid.
    std::string first_failed_check() const;
    bool has_warning(MrzWarning w) const;
};

struct MrzParseOptions {
    // Reference date for the birth-date century and the expired warning,
    // as YYYYMMDD; 0 means today (UTC).
    std::int32_t reference_date = 0;
};

struct MrzParseResult {
    Mrz mrz;      // filled when !error
    Error error;  // set when the text is not an MRZ of any format
};

// Parse MRZ text: lines separated by '\n' (or "\r\n"); leading and trailing
// whitespace around lines is ignored. Characters must be A-Z, 0-9 or '<'.
MrzParseResult ParseMrz(std::string_view text, const MrzParseOptions& options = {});
MrzParseResult ParseMrz(const std::vector<std::string>& lines, const MrzParseOptions& options = {});

// Which format lines of these lengths (and this first character) would be,
// or an error. Useful to OCR before the content is trusted.
bool DetectMrzFormat(const std::vector<std::string>& lines, MrzFormat& format, Error& error);

// ICAO 7-3-1 check digit over A-Z, 0-9, '<'; returns '\0' for any other character.
char ComputeCheckDigit(std::string_view data);

}  // namespace docintake
