#pragma once
// Test support: the ICAO Doc 9303 specimen passport (ERIKSSON, ANNA MARIA) as an
// intake record, built as the kiosk and the CLI build one: ParseMrz, then BuildRecord.

#include <cstdint>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include <docintake/mrz.h>
#include <docintake/record.h>

namespace docintake::test {

// Intake date YYYYMMDD (also the parse's reference date); created_at empty: now.
inline IntakeRecord SpecimenRecord(std::int32_t intake_date = 20260101, const std::string& created_at = {}) {
    MrzParseOptions parse;
    parse.reference_date = intake_date;
    const MrzParseResult parsed = ParseMrz(std::vector<std::string>{"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                                                                    "L898902C36UTO7408122F1204159ZE184226B<<<<<10"},
                                           parse);
    REQUIRE_FALSE(parsed.error);
    RecordOptions options;
    options.intake_date = intake_date;
    options.created_at = created_at;
    RecordBuildResult built = BuildRecord(parsed.mrz, {}, options);
    REQUIRE_FALSE(built.error);
    return built.record;
}

}  // namespace docintake::test
