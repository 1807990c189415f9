// ICAO Doc 9303 MRZ parsing: format detection, field extraction, check digits.
#include <ctime>
#include <string>

#include "docintake/mrz.h"
#include "mrz/fields.h"
#include "mrz/layout.h"
#include "mrz/licence.h"

namespace docintake {
namespace {

using mrz::Span;

std::string Slice(const std::vector<std::string>& lines, const Span& s) {
    return lines[s.line].substr(s.start, s.length);
}

const mrz::FieldSpec& Field(const mrz::Layout& layout, const char* name) {
    for (const auto& f : layout.fields)
        if (std::string(f.name) == name) return f;
    return layout.fields.front();  // unreachable: every layout names its fields
}

std::int32_t TodayUtc() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    return (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}

std::int32_t ReferenceDate(const MrzParseOptions& options) {
    return options.reference_date ? options.reference_date : TodayUtc();
}

// Far more than any MRZ (3 x 30 or 2 x 44 plus line breaks and spaces).
constexpr std::size_t kMaxInputBytes = 1024;

bool HasDigit(const std::string& s) {
    for (char c : s)
        if (c >= '0' && c <= '9') return true;
    return false;
}

bool HasLetter(const std::string& s) {
    for (char c : s)
        if (c >= 'A' && c <= 'Z') return true;
    return false;
}

}  // namespace

bool DetectMrzFormat(const std::vector<std::string>& lines, MrzFormat& format, Error& error) {
    error = {};
    if (lines.empty()) {
        error = {ErrorCode::EmptyInput, "no MRZ lines"};
        return false;
    }
    if (lines.size() == 1) return mrz::DetectOneLineLicence(lines[0], format, error);
    if (lines.size() > 3) {
        error = {ErrorCode::WrongLineCount,
                 "an MRZ has 1, 2 or 3 lines, got " + std::to_string(lines.size())};
        return false;
    }
    if (lines.size() == 3 && lines[0].size() == mrz::kSwissFirstLineLength)
        return mrz::DetectSwissLicence(lines, format, error);
    const std::size_t len = lines[0].size();
    for (std::size_t i = 1; i < lines.size(); ++i) {
        if (lines[i].size() != len) {
            error = {ErrorCode::WrongLineLength, "MRZ lines differ in length (" + std::to_string(len) +
                                                     " and " + std::to_string(lines[i].size()) + ")"};
            return false;
        }
    }
    const bool visa = lines[0][0] == 'V';
    if (lines.size() == 3 && len == 30) {
        format = MrzFormat::TD1;
    } else if (lines.size() == 2 && len == 36) {
        format = visa ? MrzFormat::MRVB : lines[0].compare(0, 5, "IDFRA") == 0 ? MrzFormat::FrenchId : MrzFormat::TD2;
    } else if (lines.size() == 2 && len == 44) {
        format = visa ? MrzFormat::MRVA : MrzFormat::TD3;
    } else {
        error = {ErrorCode::WrongLineLength,
                 std::to_string(lines.size()) + " lines of " + std::to_string(len) +
                     " characters match no MRZ format (TD1 3x30, TD2/MRV-B/French ID 2x36, TD3/MRV-A 2x44)"};
        return false;
    }
    if (lines[0][0] == '<') {
        error = {ErrorCode::UnknownFormat, "the document code must start with a letter"};
        return false;
    }
    return true;
}

namespace {

MrzParseResult ParseAs(MrzFormat format, const std::vector<std::string>& lines, const MrzParseOptions& options) {
    MrzParseResult result;
    Mrz& m = result.mrz;
    const std::int32_t reference = ReferenceDate(options);
    const mrz::Layout& layout = mrz::LayoutOf(format);
    auto text = [&](const char* name) { return Slice(lines, Field(layout, name).span); };

    m.format = format;
    m.lines = lines;
    m.document_code = mrz::StripFillers(text("document_code"));
    m.issuing_state = LookupCountryCode(text("issuing_state"));
    const bool french = format == MrzFormat::FrenchId;
    // The French ID card holds no nationality field: it is issued to French citizens.
    m.nationality = french ? m.issuing_state : LookupCountryCode(text("nationality"));

    // Names: one field with a "<<" separator, or (French ID) a field each.
    const std::string name = french ? text("surname") + text("given_names") : text("name");
    bool name_full = false;
    if (french) {
        m.surname = mrz::Spaced(text("surname"));
        m.given_names = mrz::Spaced(text("given_names"));
        name_full = text("surname").back() != '<' || text("given_names").back() != '<';
    } else {
        mrz::SplitName(name, m.surname, m.given_names);
        name_full = name.back() != '<';
    }
    if (name_full) m.warnings.push_back(MrzWarning::NamePossiblyTruncated);

    m.birth_date = mrz::ParseDate(text("birth_date"), mrz::Century::MostRecentPast, reference);
    if (french) {
        // YYMM of issue; a card is not issued in the future.
        m.issue_date = mrz::ParseDate(text("issue_date") + "<<", mrz::Century::MostRecentPast, reference);
    } else {
        m.expiry_date = mrz::ParseDate(text("expiry_date"), mrz::Century::Nearest, reference);
    }
    const char sex = text("sex")[0];
    m.sex = sex == 'M' ? Sex::Male : sex == 'F' ? Sex::Female : Sex::Unspecified;

    // Checks first: they tell where a long document number ends.
    for (const auto& spec : mrz::ResolveChecks(format, lines)) {
        MrzCheck check;
        check.name = spec.name;
        check.found = lines[spec.digit_line][spec.digit_pos];
        check.expected = mrz::CheckDigitOver(lines, spec.covered);
        check.passed = mrz::CheckPasses(spec, lines);
        if (check.found == '<' && !check.passed) m.warnings.push_back(MrzWarning::MissingCheckDigit);
        if (spec.name == "document_number") {
            std::string number;
            for (const auto& s : spec.covered)
                if (s.length > 1 || lines[s.line][s.start] != '<') number += Slice(lines, s);
            m.document_number = mrz::StripFillers(number);
            if (spec.covered.size() > 1) {
                // The rest of the optional data follows the number's check digit.
                const Span opt = Field(layout, "optional_data").span;
                const int used = spec.digit_pos - opt.start + 1;
                m.optional_data = mrz::StripFillers(lines[opt.line].substr(opt.start + used, opt.length - used));
            }
        }
        m.checks.push_back(check);
    }
    const bool long_number = m.checks.front().name == "document_number" &&
                             mrz::ResolveChecks(format, lines).front().covered.size() > 1;
    if (format == MrzFormat::TD3) {
        m.optional_data = mrz::StripFillers(text("personal_number"));
    } else if (!long_number) {
        m.optional_data = mrz::StripFillers(text("optional_data"));
    }
    if (format == MrzFormat::TD1) m.optional_data_2 = mrz::StripFillers(text("optional_data_2"));

    // Content that no check digit protects must at least have the right kind of characters.
    if (!m.birth_date.raw.empty() && !mrz::DatePlausible(m.birth_date)) m.invalid_fields.push_back("birth_date");
    if (french) {
        if (!mrz::DatePlausible(m.issue_date) || m.issue_date.year == 0 || m.issue_date.month == 0)
            m.invalid_fields.push_back("issue_date");
    } else if (!mrz::DatePlausible(m.expiry_date) || m.expiry_date.year == 0) {
        m.invalid_fields.push_back("expiry_date");
    }
    if (sex != 'M' && sex != 'F' && sex != 'X' && sex != '<') m.invalid_fields.push_back("sex");
    if (HasDigit(text("document_code")) || !HasLetter(text("document_code"))) m.invalid_fields.push_back("document_code");
    if (HasDigit(text("issuing_state"))) m.invalid_fields.push_back("issuing_state");
    if (!french && HasDigit(text("nationality"))) m.invalid_fields.push_back("nationality");
    if (HasDigit(name)) m.invalid_fields.push_back("name");

    if (m.issuing_state.kind == CodeKind::Unknown) m.warnings.push_back(MrzWarning::UnknownIssuingState);
    if (m.nationality.kind == CodeKind::Unknown) m.warnings.push_back(MrzWarning::UnknownNationality);
    if (m.issuing_state.kind == CodeKind::Specimen || m.nationality.kind == CodeKind::Specimen)
        m.warnings.push_back(MrzWarning::SpecimenDocument);
    if (!m.birth_date.complete()) m.warnings.push_back(MrzWarning::UnknownBirthDateParts);
    if (m.expiry_date.complete() &&
        m.expiry_date.year * 10000 + m.expiry_date.month * 100 + m.expiry_date.day < reference)
        m.warnings.push_back(MrzWarning::Expired);
    return result;
}

}  // namespace

MrzParseResult ParseMrz(const std::vector<std::string>& lines, const MrzParseOptions& options) {
    MrzParseResult result;
    for (std::size_t l = 0; l < lines.size(); ++l) {
        for (std::size_t i = 0; i < lines[l].size(); ++i) {
            if (mrz::CharValue(lines[l][i]) < 0) {
                result.error = {ErrorCode::InvalidCharacter,
                                "line " + std::to_string(l + 1) + " position " + std::to_string(i + 1) +
                                    ": character outside A-Z 0-9 <"};
                return result;
            }
        }
    }
    MrzFormat format;
    if (!DetectMrzFormat(lines, format, result.error)) return result;
    if (mrz::IsLicence(format)) return mrz::ParseLicence(format, lines, ReferenceDate(options));
    result = ParseAs(format, lines, options);
    if (format == MrzFormat::FrenchId && !result.mrz.valid()) {
        // "IDFRA" on 2 x 36 is the French card; an ICAO TD2 that happens to start
        // the same way is still read as what its check digits say it is.
        MrzParseResult td2 = ParseAs(MrzFormat::TD2, lines, options);
        if (td2.mrz.valid()) return td2;
    }
    return result;
}

MrzParseResult ParseMrz(std::string_view text, const MrzParseOptions& options) {
    if (text.size() > kMaxInputBytes) {
        MrzParseResult result;
        result.error = {ErrorCode::WrongLineLength, "input too long for an MRZ"};
        return result;
    }
    std::vector<std::string> lines;
    std::string current;
    auto flush = [&] {
        // Spaces and tabs around a line are layout, not content.
        const auto b = current.find_first_not_of(" \t\r");
        const auto e = current.find_last_not_of(" \t\r");
        if (b != std::string::npos) lines.push_back(current.substr(b, e - b + 1));
        current.clear();
    };
    for (char c : text) {
        if (c == '\n')
            flush();
        else
            current.push_back(c);
    }
    flush();
    return ParseMrz(lines, options);
}

}  // namespace docintake
