// Driving licence MRZs: detection and parsing (layouts in layout.cpp, sources of
// every position and rule in docs/mrz-formats.md).
#include <string>

#include "mrz/fields.h"
#include "mrz/layout.h"
#include "mrz/licence.h"

namespace docintake::mrz {
namespace {

std::string Slice(const std::vector<std::string>& lines, const Span& s) {
    return lines[static_cast<std::size_t>(s.line)].substr(static_cast<std::size_t>(s.start),
                                                           static_cast<std::size_t>(s.length));
}

// The first entry of a name is the field's span (later ones only narrow classes).
Span SpanOf(const Layout& layout, const char* name) {
    for (const auto& f : layout.fields)
        if (std::string(f.name) == name) return f.span;
    return {};  // unreachable: callers name fields their layout has
}

bool AllOf(const std::string& s, bool (*pred)(char)) {
    for (char c : s)
        if (!pred(c)) return false;
    return true;
}
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsFiller(char c) { return c == '<'; }
bool NotDigit(char c) { return !IsDigit(c); }

void AddChecks(Mrz& m, MrzFormat format, const std::vector<std::string>& lines) {
    for (const auto& spec : ResolveChecks(format, lines)) {
        MrzCheck check;
        check.name = spec.name;
        check.found = lines[static_cast<std::size_t>(spec.digit_line)][static_cast<std::size_t>(spec.digit_pos)];
        check.expected = CheckDigitOver(lines, spec.covered);
        check.passed = CheckPasses(spec, lines);
        if (check.found == '<' && !check.passed) m.warnings.push_back(MrzWarning::MissingCheckDigit);
        m.checks.push_back(check);
    }
    if (m.checks.empty()) m.warnings.push_back(MrzWarning::NoCheckDigits);
}

void ParseIso(Mrz& m, const Layout& layout) {
    m.document_number = StripFillers(Slice(m.lines, SpanOf(layout, "document_number")));
    m.optional_data = StripFillers(Slice(m.lines, SpanOf(layout, "optional_data")));
    m.optional_data_2 = StripFillers(Slice(m.lines, SpanOf(layout, "optional_data_2")));
}

void ParseFrench(Mrz& m, const Layout& layout, std::int32_t reference) {
    m.document_number = StripFillers(Slice(m.lines, SpanOf(layout, "document_number")));
    m.expiry_date = ParseDate(Slice(m.lines, SpanOf(layout, "expiry_date")), Century::Nearest, reference);
    if (!DatePlausible(m.expiry_date) || m.expiry_date.year == 0) m.invalid_fields.push_back("expiry_date");
    const std::string surname = Slice(m.lines, SpanOf(layout, "surname"));
    m.surname = Spaced(surname);
    if (surname.back() != '<') m.warnings.push_back(MrzWarning::NamePossiblyTruncated);
    if (!AllOf(surname, NotDigit)) m.invalid_fields.push_back("name");
    // The second character of the code is a digit on every licence seen ("D1").
    if (!IsDigit(m.lines[0][1])) m.invalid_fields.push_back("document_code");
}

void ParseSwiss(Mrz& m, const Layout& layout, std::int32_t reference) {
    const std::string& code = m.lines[0];
    m.optional_data = StripFillers(Slice(m.lines, SpanOf(layout, "optional_data")));
    if (!AllOf(code.substr(3, 3), IsDigit)) m.invalid_fields.push_back("optional_data");
    const char language = code[6];
    if (language != 'D' && language != 'F' && language != 'I' && language != 'R')
        m.invalid_fields.push_back("language_code");
    const std::string number = Slice(m.lines, SpanOf(layout, "document_number"));
    m.document_number = number;
    if (!AllOf(number, IsDigit)) m.invalid_fields.push_back("document_number");
    if (m.document_code != "FA") m.invalid_fields.push_back("document_code");
    if (!AllOf(code.substr(7), IsFiller) || !AllOf(m.lines[1].substr(17, 2), IsFiller) ||
        !AllOf(m.lines[1].substr(25), IsFiller))
        m.invalid_fields.push_back("filler");

    m.birth_date = ParseDate(Slice(m.lines, SpanOf(layout, "birth_date")), Century::MostRecentPast, reference);
    if (!DatePlausible(m.birth_date)) m.invalid_fields.push_back("birth_date");
    if (!m.birth_date.complete()) m.warnings.push_back(MrzWarning::UnknownBirthDateParts);
    const std::string name = Slice(m.lines, SpanOf(layout, "name"));
    SplitName(name, m.surname, m.given_names);
    if (name.back() != '<') m.warnings.push_back(MrzWarning::NamePossiblyTruncated);
    if (!AllOf(name, NotDigit)) m.invalid_fields.push_back("name");
}

}  // namespace

bool IsLicence(MrzFormat format) {
    return format == MrzFormat::IsoDrivingLicence || format == MrzFormat::FrenchDrivingLicence ||
           format == MrzFormat::SwissDrivingLicence;
}

bool DetectOneLineLicence(const std::string& line, MrzFormat& format, Error& error) {
    if (line.empty() || line[0] != 'D') {
        error = {ErrorCode::WrongLineCount,
                 "one line is an MRZ only on a driving licence (30 characters starting with D); an ICAO MRZ has 2 or 3"};
        return false;
    }
    if (line.size() != kLicenceLineLength) {
        error = {ErrorCode::WrongLineLength, "a driving licence's one-line MRZ has 30 characters, got " +
                                                 std::to_string(line.size())};
        return false;
    }
    format = line.compare(2, 3, "FRA") == 0 ? MrzFormat::FrenchDrivingLicence : MrzFormat::IsoDrivingLicence;
    return true;
}

bool DetectSwissLicence(const std::vector<std::string>& lines, MrzFormat& format, Error& error) {
    if (lines.size() != 3 || lines[0].size() != kSwissFirstLineLength || lines[1].size() != kLicenceLineLength ||
        lines[2].size() != kLicenceLineLength) {
        std::string got;
        for (const auto& l : lines) got += (got.empty() ? "" : ", ") + std::to_string(l.size());
        error = {ErrorCode::WrongLineLength,
                 "a Swiss driving licence's MRZ has lines of 9, 30 and 30 characters, got " + got};
        return false;
    }
    format = MrzFormat::SwissDrivingLicence;
    return true;
}

MrzParseResult ParseLicence(MrzFormat format, const std::vector<std::string>& lines, std::int32_t reference) {
    MrzParseResult result;
    Mrz& m = result.mrz;
    const Layout& layout = LayoutOf(format);
    m.format = format;
    m.lines = lines;
    const std::string code = Slice(lines, SpanOf(layout, "document_code"));
    const std::string state = Slice(lines, SpanOf(layout, "issuing_state"));
    m.document_code = StripFillers(code);
    m.issuing_state = LookupCountryCode(state);
    // No nationality: licences are issued to residents of any nationality.
    if (!AllOf(state, NotDigit)) m.invalid_fields.push_back("issuing_state");
    AddChecks(m, format, lines);

    switch (format) {
        case MrzFormat::IsoDrivingLicence: ParseIso(m, layout); break;
        case MrzFormat::FrenchDrivingLicence: ParseFrench(m, layout, reference); break;
        case MrzFormat::SwissDrivingLicence: ParseSwiss(m, layout, reference); break;
        default: break;
    }

    if (m.issuing_state.kind == CodeKind::Unknown) m.warnings.push_back(MrzWarning::UnknownIssuingState);
    if (m.issuing_state.kind == CodeKind::Specimen) m.warnings.push_back(MrzWarning::SpecimenDocument);
    if (m.expiry_date.complete() &&
        m.expiry_date.year * 10000 + m.expiry_date.month * 100 + m.expiry_date.day < reference)
        m.warnings.push_back(MrzWarning::Expired);
    return result;
}

}  // namespace docintake::mrz
