// Names of MRZ enums and the Mrz value's own queries.
#include <algorithm>

#include "docintake/mrz.h"
#include "docintake/mrz_correct.h"

namespace docintake {

const char* ToString(MrzFormat format) {
    switch (format) {
        case MrzFormat::TD1: return "TD1";
        case MrzFormat::TD2: return "TD2";
        case MrzFormat::TD3: return "TD3";
        case MrzFormat::MRVA: return "MRVA";
        case MrzFormat::MRVB: return "MRVB";
        case MrzFormat::FrenchId: return "FRENCH_ID";
        case MrzFormat::IsoDrivingLicence: return "ISO_DL";
        case MrzFormat::FrenchDrivingLicence: return "FRENCH_DL";
        case MrzFormat::SwissDrivingLicence: return "SWISS_DL";
    }
    return "unknown";
}

const char* ToString(Sex sex) {
    switch (sex) {
        case Sex::Male: return "M";
        case Sex::Female: return "F";
        case Sex::Unspecified: return "X";
    }
    return "X";
}

const char* ToString(MrzWarning warning) {
    switch (warning) {
        case MrzWarning::Expired: return "expired";
        case MrzWarning::UnknownIssuingState: return "unknown_issuing_state";
        case MrzWarning::UnknownNationality: return "unknown_nationality";
        case MrzWarning::NamePossiblyTruncated: return "name_possibly_truncated";
        case MrzWarning::UnknownBirthDateParts: return "unknown_birth_date_parts";
        case MrzWarning::SpecimenDocument: return "specimen_document";
        case MrzWarning::MissingCheckDigit: return "missing_check_digit";
        case MrzWarning::NoCheckDigits: return "no_check_digits";
    }
    return "unknown";
}

const char* ToString(MrzReadingStatus status) {
    switch (status) {
        case MrzReadingStatus::Valid: return "valid";
        case MrzReadingStatus::Ambiguous: return "ambiguous";
        case MrzReadingStatus::Invalid: return "invalid";
        case MrzReadingStatus::Unreadable: return "unreadable";
    }
    return "unreadable";
}

bool Mrz::valid() const {
    if (!invalid_fields.empty()) return false;
    // Only a format without check digits may pass with none (an empty Mrz does not).
    if (checks.empty()) return format == MrzFormat::SwissDrivingLicence && !lines.empty();
    return std::all_of(checks.begin(), checks.end(), [](const MrzCheck& c) { return c.passed; });
}

std::string Mrz::first_failed_check() const {
    for (const auto& c : checks)
        if (!c.passed) return c.name;
    if (!invalid_fields.empty()) return invalid_fields.front();
    return {};
}

bool Mrz::has_warning(MrzWarning w) const {
    return std::find(warnings.begin(), warnings.end(), w) != warnings.end();
}

char ComputeCheckDigit(std::string_view data) {
    static const int kWeights[3] = {7, 3, 1};
    int sum = 0;
    for (std::size_t i = 0; i < data.size(); ++i) {
        const char c = data[i];
        int v;
        if (c >= '0' && c <= '9') v = c - '0';
        else if (c >= 'A' && c <= 'Z') v = c - 'A' + 10;
        else if (c == '<') v = 0;
        else return '\0';
        sum += v * kWeights[i % 3];
    }
    return static_cast<char>('0' + sum % 10);
}

}  // namespace docintake
