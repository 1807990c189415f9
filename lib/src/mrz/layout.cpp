#include "mrz/layout.h"

namespace docintake::mrz {
namespace {

// Positions follow ICAO Doc 9303 parts 4 (TD3), 5 (TD1), 6 (TD2) and 7 (MRV).
const Layout kTd1{MrzFormat::TD1, 3, 30, {
    {"document_code", {0, 0, 2}, CharClass::Letter},
    {"issuing_state", {0, 2, 3}, CharClass::Letter},
    {"document_number", {0, 5, 9}, CharClass::AlphaNum},
    {"document_number_check", {0, 14, 1}, CharClass::Digit},
    {"optional_data", {0, 15, 15}, CharClass::AlphaNum},
    {"birth_date", {1, 0, 6}, CharClass::Digit},
    {"birth_date_check", {1, 6, 1}, CharClass::Digit},
    {"sex", {1, 7, 1}, CharClass::Sex},
    {"expiry_date", {1, 8, 6}, CharClass::Digit},
    {"expiry_date_check", {1, 14, 1}, CharClass::Digit},
    {"nationality", {1, 15, 3}, CharClass::Letter},
    {"optional_data_2", {1, 18, 11}, CharClass::AlphaNum},
    {"composite_check", {1, 29, 1}, CharClass::Digit},
    {"name", {2, 0, 30}, CharClass::Letter},
}};

// TD2 and MRV-B share line 2 up to the expiry check; TD3 and MRV-A likewise.
const Layout kTd2{MrzFormat::TD2, 2, 36, {
    {"document_code", {0, 0, 2}, CharClass::Letter},
    {"issuing_state", {0, 2, 3}, CharClass::Letter},
    {"name", {0, 5, 31}, CharClass::Letter},
    {"document_number", {1, 0, 9}, CharClass::AlphaNum},
    {"document_number_check", {1, 9, 1}, CharClass::Digit},
    {"nationality", {1, 10, 3}, CharClass::Letter},
    {"birth_date", {1, 13, 6}, CharClass::Digit},
    {"birth_date_check", {1, 19, 1}, CharClass::Digit},
    {"sex", {1, 20, 1}, CharClass::Sex},
    {"expiry_date", {1, 21, 6}, CharClass::Digit},
    {"expiry_date_check", {1, 27, 1}, CharClass::Digit},
    {"optional_data", {1, 28, 7}, CharClass::AlphaNum},
    {"composite_check", {1, 35, 1}, CharClass::Digit},
}};

const Layout kMrvB{MrzFormat::MRVB, 2, 36, {
    {"document_code", {0, 0, 2}, CharClass::Letter},
    {"issuing_state", {0, 2, 3}, CharClass::Letter},
    {"name", {0, 5, 31}, CharClass::Letter},
    {"document_number", {1, 0, 9}, CharClass::AlphaNum},
    {"document_number_check", {1, 9, 1}, CharClass::Digit},
    {"nationality", {1, 10, 3}, CharClass::Letter},
    {"birth_date", {1, 13, 6}, CharClass::Digit},
    {"birth_date_check", {1, 19, 1}, CharClass::Digit},
    {"sex", {1, 20, 1}, CharClass::Sex},
    {"expiry_date", {1, 21, 6}, CharClass::Digit},
    {"expiry_date_check", {1, 27, 1}, CharClass::Digit},
    {"optional_data", {1, 28, 8}, CharClass::AlphaNum},
}};

const Layout kTd3{MrzFormat::TD3, 2, 44, {
    {"document_code", {0, 0, 2}, CharClass::Letter},
    {"issuing_state", {0, 2, 3}, CharClass::Letter},
    {"name", {0, 5, 39}, CharClass::Letter},
    {"document_number", {1, 0, 9}, CharClass::AlphaNum},
    {"document_number_check", {1, 9, 1}, CharClass::Digit},
    {"nationality", {1, 10, 3}, CharClass::Letter},
    {"birth_date", {1, 13, 6}, CharClass::Digit},
    {"birth_date_check", {1, 19, 1}, CharClass::Digit},
    {"sex", {1, 20, 1}, CharClass::Sex},
    {"expiry_date", {1, 21, 6}, CharClass::Digit},
    {"expiry_date_check", {1, 27, 1}, CharClass::Digit},
    {"personal_number", {1, 28, 14}, CharClass::AlphaNum},
    {"personal_number_check", {1, 42, 1}, CharClass::Digit},
    {"composite_check", {1, 43, 1}, CharClass::Digit},
}};

const Layout kMrvA{MrzFormat::MRVA, 2, 44, {
    {"document_code", {0, 0, 2}, CharClass::Letter},
    {"issuing_state", {0, 2, 3}, CharClass::Letter},
    {"name", {0, 5, 39}, CharClass::Letter},
    {"document_number", {1, 0, 9}, CharClass::AlphaNum},
    {"document_number_check", {1, 9, 1}, CharClass::Digit},
    {"nationality", {1, 10, 3}, CharClass::Letter},
    {"birth_date", {1, 13, 6}, CharClass::Digit},
    {"birth_date_check", {1, 19, 1}, CharClass::Digit},
    {"sex", {1, 20, 1}, CharClass::Sex},
    {"expiry_date", {1, 21, 6}, CharClass::Digit},
    {"expiry_date_check", {1, 27, 1}, CharClass::Digit},
    {"optional_data", {1, 28, 16}, CharClass::AlphaNum},
}};

// French national ID (until 2021): surname on line 1, then an administrative code;
// line 2: a 12-character number (issue year and month, department, office,
// serial), given names, birth date, sex. The composite covers all that precedes it.
const Layout kFrenchId{MrzFormat::FrenchId, 2, 36, {
    {"document_code", {0, 0, 2}, CharClass::Letter},
    {"issuing_state", {0, 2, 3}, CharClass::Letter},
    {"surname", {0, 5, 25}, CharClass::Letter},
    {"optional_data", {0, 30, 6}, CharClass::AlphaNum},
    {"document_number", {1, 0, 12}, CharClass::AlphaNum},
    {"issue_date", {1, 0, 4}, CharClass::Digit},  // after the number: its class wins there
    {"document_number_check", {1, 12, 1}, CharClass::Digit},
    {"given_names", {1, 13, 14}, CharClass::Letter},
    {"birth_date", {1, 27, 6}, CharClass::Digit},
    {"birth_date_check", {1, 33, 1}, CharClass::Digit},
    {"sex", {1, 34, 1}, CharClass::Sex},
    {"composite_check", {1, 35, 1}, CharClass::Digit},
}};

// Driving licences (docs/mrz-formats.md says where each position comes from).
// The document code's first character is a letter, its second one may be a digit.
// ISO/IEC 18013 licence, one line: D, configuration, state, version, number,
// random data; one check digit over all that precedes it.
const Layout kIsoLicence{MrzFormat::IsoDrivingLicence, 1, 30, {
    {"document_code", {0, 0, 2}, CharClass::AlphaNum},
    {"document_code", {0, 0, 1}, CharClass::Letter},
    {"issuing_state", {0, 2, 3}, CharClass::Letter},
    {"optional_data_2", {0, 5, 1}, CharClass::AlphaNum},
    {"document_number", {0, 6, 10}, CharClass::AlphaNum},
    {"optional_data", {0, 16, 13}, CharClass::AlphaNum},
    {"composite_check", {0, 29, 1}, CharClass::Digit},
}};

// French licence, one line: its number's check covers "D1FRA" too.
const Layout kFrenchLicence{MrzFormat::FrenchDrivingLicence, 1, 30, {
    {"document_code", {0, 0, 2}, CharClass::AlphaNum},
    {"document_code", {0, 0, 1}, CharClass::Letter},
    {"issuing_state", {0, 2, 3}, CharClass::Letter},
    {"document_number", {0, 5, 9}, CharClass::AlphaNum},
    {"document_number_check", {0, 14, 1}, CharClass::Digit},
    {"expiry_date", {0, 15, 6}, CharClass::Digit},
    {"surname", {0, 21, 8}, CharClass::Letter},
    {"composite_check", {0, 29, 1}, CharClass::Digit},
}};

// Swiss licence: line 1 a code (3 alphanumerics, 3 digits, the language letter,
// "<<"); line 2 FA, CHE, PIN (9 digits) and version (3), "<<", birth date,
// fillers; line 3 the name. No check digit.
const Layout kSwissLicence{MrzFormat::SwissDrivingLicence, 3, 30, {
    {"optional_data", {0, 0, 7}, CharClass::AlphaNum},
    {"optional_data", {0, 3, 3}, CharClass::Digit},
    {"language_code", {0, 6, 1}, CharClass::Letter},
    {"filler", {0, 7, 2}, CharClass::Letter},
    {"document_code", {1, 0, 2}, CharClass::Letter},
    {"issuing_state", {1, 2, 3}, CharClass::Letter},
    {"document_number", {1, 5, 12}, CharClass::Digit},
    {"filler", {1, 17, 2}, CharClass::Letter},
    {"birth_date", {1, 19, 6}, CharClass::Digit},
    {"filler", {1, 25, 5}, CharClass::Letter},
    {"name", {2, 0, 30}, CharClass::Letter},
}, 9};

const FieldSpec* Find(const Layout& layout, const char* name) {
    for (const auto& f : layout.fields)
        if (std::string(f.name) == name) return &f;
    return nullptr;
}

// A long document number: the number field's check position holds '<', the number
// continues in the optional data up to the first filler, whose last character
// before that filler is the check digit. Returns the extension length incl. the
// check digit, or 0 when the number is not long.
int LongNumberExtension(const std::vector<std::string>& lines, const Span& check, const Span& optional) {
    if (lines[check.line][check.start] != '<') return 0;
    const std::string& l = lines[optional.line];
    int n = 0;
    while (n < optional.length && l[optional.start + n] != '<') ++n;
    return n >= 2 ? n : 0;  // at least one more character and the check digit
}

}  // namespace

const Layout& LayoutOf(MrzFormat format) {
    switch (format) {
        case MrzFormat::TD1: return kTd1;
        case MrzFormat::TD2: return kTd2;
        case MrzFormat::TD3: return kTd3;
        case MrzFormat::MRVA: return kMrvA;
        case MrzFormat::MRVB: return kMrvB;
        case MrzFormat::FrenchId: return kFrenchId;
        case MrzFormat::IsoDrivingLicence: return kIsoLicence;
        case MrzFormat::FrenchDrivingLicence: return kFrenchLicence;
        case MrzFormat::SwissDrivingLicence: return kSwissLicence;
    }
    return kTd3;
}

std::vector<int> LineLengths(const Layout& layout) {
    std::vector<int> lengths(static_cast<std::size_t>(layout.line_count), layout.line_length);
    if (layout.first_line_length > 0) lengths.front() = layout.first_line_length;
    return lengths;
}

std::vector<std::vector<CharClass>> CharClasses(MrzFormat format) {
    const Layout& layout = LayoutOf(format);
    std::vector<std::vector<CharClass>> classes;
    for (const int length : LineLengths(layout)) classes.emplace_back(length, CharClass::AlphaNum);
    for (const auto& f : layout.fields)
        for (int i = 0; i < f.span.length; ++i) classes[f.span.line][f.span.start + i] = f.cls;
    return classes;
}

char CheckDigitOver(const std::vector<std::string>& lines, const std::vector<Span>& spans) {
    static const int kWeights[3] = {7, 3, 1};
    int sum = 0;
    int k = 0;
    for (const auto& s : spans) {
        for (int i = 0; i < s.length; ++i, ++k) {
            const int v = CharValue(lines[s.line][s.start + i]);
            sum += (v < 0 ? 0 : v) * kWeights[k % 3];
        }
    }
    return static_cast<char>('0' + sum % 10);
}

bool CheckPasses(const CheckSpec& check, const std::vector<std::string>& lines) {
    const char found = lines[check.digit_line][check.digit_pos];
    if (found == CheckDigitOver(lines, check.covered)) return true;
    if (check.filler_digit_allowed && found == '<') {
        for (const auto& s : check.covered)
            for (int i = 0; i < s.length; ++i)
                if (lines[s.line][s.start + i] != '<') return false;
        return true;
    }
    return false;
}

std::vector<CheckSpec> ResolveChecks(MrzFormat format, const std::vector<std::string>& lines) {
    const Layout& layout = LayoutOf(format);
    auto span = [&](const char* name) { return Find(layout, name)->span; };
    auto simple = [&](const char* name, const char* check_name) {
        const Span d = span(check_name);
        return CheckSpec{name, {span(name)}, d.line, d.start, false};
    };
    // Driving licences: checks over everything before the digit, document code included.
    switch (format) {
        case MrzFormat::IsoDrivingLicence: return {CheckSpec{"composite", {{0, 0, 29}}, 0, 29, false}};
        case MrzFormat::FrenchDrivingLicence:
            return {CheckSpec{"document_number", {{0, 0, 14}}, 0, 14, false},
                    CheckSpec{"composite", {{0, 0, 29}}, 0, 29, false}};
        case MrzFormat::SwissDrivingLicence: return {};
        default: break;
    }

    std::vector<CheckSpec> checks;
    const Span number = span("document_number");
    const Span number_check = span("document_number_check");
    int extension = 0;
    if (format == MrzFormat::TD1 || format == MrzFormat::TD2)
        extension = LongNumberExtension(lines, number_check, span("optional_data"));
    if (extension > 0) {
        // Doc 9303 leaves open whether the filler between the two parts counts;
        // issuers differ (Portugal leaves it out, Belgium counts it). Either passes.
        const Span optional = span("optional_data");
        const Span tail{optional.line, optional.start, extension - 1};
        const CheckSpec without{"document_number", {number, tail}, optional.line, optional.start + extension - 1, false};
        const CheckSpec with{"document_number", {number, number_check, tail}, optional.line,
                             optional.start + extension - 1, false};
        checks.push_back(!CheckPasses(without, lines) && CheckPasses(with, lines) ? with : without);
    } else {
        checks.push_back(simple("document_number", "document_number_check"));
    }
    checks.push_back(simple("birth_date", "birth_date_check"));
    if (format != MrzFormat::FrenchId) checks.push_back(simple("expiry_date", "expiry_date_check"));

    switch (format) {
        case MrzFormat::TD1:
            checks.push_back(CheckSpec{"composite",
                                       {{0, 5, 25}, {1, 0, 7}, {1, 8, 7}, {1, 18, 11}}, 1, 29, false});
            break;
        case MrzFormat::TD2:
            checks.push_back(CheckSpec{"composite", {{1, 0, 10}, {1, 13, 7}, {1, 21, 14}}, 1, 35, false});
            break;
        case MrzFormat::TD3: {
            CheckSpec personal = simple("personal_number", "personal_number_check");
            personal.filler_digit_allowed = true;
            checks.push_back(personal);
            checks.push_back(CheckSpec{"composite", {{1, 0, 10}, {1, 13, 7}, {1, 21, 22}}, 1, 43, false});
            break;
        }
        case MrzFormat::MRVA:
        case MrzFormat::MRVB:
            break;  // visas have no composite check digit
        case MrzFormat::FrenchId:
            checks.push_back(CheckSpec{"composite", {{0, 0, 36}, {1, 0, 35}}, 1, 35, false});
            break;
        case MrzFormat::IsoDrivingLicence:
        case MrzFormat::FrenchDrivingLicence:
        case MrzFormat::SwissDrivingLicence:
            break;  // resolved above
    }
    return checks;
}

}  // namespace docintake::mrz
