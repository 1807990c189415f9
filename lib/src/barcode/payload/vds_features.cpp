// Document types of binary seals and the coding of their features: ICAO
// Doc 9303-13 (visa, emergency travel document), BSI TR-03137 (German arrival
// attestation, residence permit, supplementary sheet, address stickers, social
// insurance card) and TR-03171 (administrative documents, Meldebescheinigung).
#include <algorithm>
#include <cstring>

#include "barcode/payload/c40.h"
#include "barcode/payload/vds_features.h"
#include "docintake/mrz.h"

namespace docintake::vds {
namespace {

enum class Coding {
    MrzTd2,   // 2 x 36, full (48 bytes C40)
    MrvA,     // visa MRV-A: line 1 (44) and the first 28 of line 2
    MrvB,     // visa MRV-B: line 1 (36) and the first 28 of line 2
    C40,
    Utf8,
    Integer,  // one byte
    Hex,      // raw bytes
    DayDuration,  // visa duration of stay: days, months, years
    DottedDate,   // "DD.MM.YYYY" text
    CompactDate,  // "YYYYMMDD" text
};

struct FeatureDef {
    std::uint8_t tag;
    const char* field;
    Coding coding;
    std::uint16_t min_bytes, max_bytes;
};

struct DocumentDef {
    std::uint16_t ref;
    const char* name;
    std::vector<FeatureDef> features;
};

const std::vector<DocumentDef>& Documents() {
    static const std::vector<DocumentDef> kDocs = {
        {0xFD02, "arrival_attestation",
         {{2, "mrz", Coding::MrzTd2, 48, 48}, {3, "azr_number", Coding::C40, 8, 8}}},
        {0xFB06, "residence_permit",
         {{2, "mrz", Coding::MrzTd2, 48, 48}, {3, "passport_number", Coding::C40, 6, 6}}},
        {0xFA06, "supplementary_sheet",
         {{4, "mrz", Coding::MrzTd2, 48, 48}, {5, "sheet_number", Coding::C40, 6, 6}}},
        {0x5D01, "visa",
         {{1, "mrz", Coding::MrvA, 48, 48},
          {2, "mrz", Coding::MrvB, 44, 44},
          {3, "number_of_entries", Coding::Integer, 1, 1},
          {4, "duration_of_stay", Coding::DayDuration, 3, 3},
          {5, "passport_number", Coding::C40, 6, 6},
          {6, "visa_type", Coding::Hex, 1, 4},
          {7, "additional_features", Coding::Hex, 0, 254}}},
        {0x5E03, "emergency_travel_document", {{2, "mrz", Coding::MrzTd2, 48, 48}}},
        {0xF908, "address_sticker_id_card",
         {{1, "document_number", Coding::C40, 6, 6},
          {2, "municipality_code", Coding::C40, 6, 6},
          {3, "address", Coding::C40, 6, 18}}},
        {0xF90C, "address_sticker_residence_permit",
         {{1, "document_number", Coding::C40, 6, 6},
          {2, "municipality_code", Coding::C40, 6, 6},
          {3, "address", Coding::C40, 6, 18}}},
        {0xF80A, "address_sticker_passport",
         {{1, "document_number", Coding::C40, 6, 6},
          {2, "municipality_code", Coding::C40, 6, 6},
          {3, "postal_code", Coding::C40, 4, 4}}},
        {0xFC04, "social_insurance_card",
         {{1, "social_insurance_number", Coding::C40, 8, 8},
          {2, "surname", Coding::Utf8, 1, 90},
          {3, "given_names", Coding::Utf8, 1, 90},
          {4, "birth_name", Coding::Utf8, 1, 90}}},
    };
    return kDocs;
}

// TR-03171 administrative documents (0x01C8): tag 0 names a profile by UUID.
constexpr std::uint16_t kAdministrativeRef = 0x01C8;
constexpr std::uint8_t kRegistrationProfile[16] = {0x9a, 0x42, 0x23, 0x40, 0x6d, 0x37, 0x4e, 0xf9,
                                                   0x9e, 0x2c, 0xf9, 0x5e, 0x31, 0xa2, 0x38, 0x46};
// The Meldebescheinigung (certificate of registration of residence). Optional
// elements may be present and empty.
const std::vector<FeatureDef>& RegistrationFeatures() {
    static const std::vector<FeatureDef> kFeatures = {
        {0, "document_profile", Coding::Hex, 16, 16},
        {1, "validity_dates", Coding::Hex, 1, 17},
        {4, "surname", Coding::Utf8, 1, 255},
        {5, "academic_degree", Coding::Utf8, 0, 255},
        {6, "given_names", Coding::Utf8, 1, 255},
        {7, "preferred_given_name", Coding::Utf8, 0, 255},
        {8, "birth_date", Coding::DottedDate, 0, 255},
        {9, "street", Coding::Utf8, 1, 255},
        {10, "house_number", Coding::Utf8, 1, 10},
        {11, "postal_code", Coding::Utf8, 5, 5},
        {12, "city", Coding::Utf8, 1, 255},
        {13, "move_in_date", Coding::CompactDate, 8, 8},
        {14, "housing_status", Coding::Integer, 1, 1},
        {15, "notification_date", Coding::CompactDate, 8, 8},
    };
    return kFeatures;
}

std::string Hex(const std::vector<std::uint8_t>& bytes) {
    static const char kDigits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (std::uint8_t b : bytes) {
        out.push_back(kDigits[b >> 4]);
        out.push_back(kDigits[b & 15]);
    }
    return out;
}

bool ValidUtf8(const std::vector<std::uint8_t>& s) {
    std::size_t i = 0;
    while (i < s.size()) {
        const std::uint8_t c = s[i];
        std::size_t n = 0;
        std::uint32_t cp = 0;
        if (c < 0x80) { ++i; continue; }
        if ((c & 0xE0) == 0xC0) { n = 1; cp = c & 0x1Fu; }
        else if ((c & 0xF0) == 0xE0) { n = 2; cp = c & 0x0Fu; }
        else if ((c & 0xF8) == 0xF0) { n = 3; cp = c & 0x07u; }
        else return false;
        if (i + n >= s.size()) return false;
        for (std::size_t k = 1; k <= n; ++k) {
            if ((s[i + k] & 0xC0) != 0x80) return false;
            cp = cp << 6 | (s[i + k] & 0x3Fu);
        }
        static const std::uint32_t kMin[4] = {0, 0x80, 0x800, 0x10000};
        if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
        i += n + 1;
    }
    // Control characters have no place in a name or an address.
    for (std::uint8_t c : s)
        if (c < 0x20 || c == 0x7F) return false;
    return true;
}

bool Digits(const std::string& s, std::size_t pos, std::size_t n, int& value) {
    value = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
        if (i >= s.size() || s[i] < '0' || s[i] > '9') return false;
        value = value * 10 + (s[i] - '0');
    }
    return true;
}

// The MRZ's identity fields, under the same names the MRZ reader uses.
void AddMrzFields(const std::vector<std::string>& lines, const PayloadOptions& options,
                  Interpretation& out) {
    MrzParseOptions mrz_options;
    mrz_options.reference_date = options.reference_date;
    const MrzParseResult parsed = ParseMrz(lines, mrz_options);
    if (parsed.error) {
        out.warnings.push_back("mrz_unparsable");
        return;
    }
    const Mrz& mrz = parsed.mrz;
    auto add = [&](const char* name, const std::string& value) {
        if (!value.empty()) out.fields.emplace_back(name, value);
    };
    add("surname", mrz.surname);
    add("given_names", mrz.given_names);
    add("document_number", mrz.document_number);
    add("nationality", mrz.nationality.code);
    add("birth_date", mrz.birth_date.iso());
    add("sex", ToString(mrz.sex));
    add("expiry_date", mrz.expiry_date.iso());
    // The seal's signature covers the MRZ as issued; a failing check digit is the
    // issuer's, and is reported rather than hidden.
    if (!mrz.valid()) out.warnings.push_back("mrz_check_digit_mismatch");
    if (mrz.has_warning(MrzWarning::Expired)) out.warnings.push_back("expired");
}

bool DecodeMrz(const FeatureDef& def, const std::vector<std::uint8_t>& value,
               const PayloadOptions& options, Interpretation& out) {
    std::string text;
    if (!DecodeC40(value.data(), value.size(), text)) return false;
    std::size_t line1 = 36, kept2 = 36, full2 = 36;
    if (def.coding == Coding::MrvA) line1 = 44, kept2 = 28, full2 = 44;
    if (def.coding == Coding::MrvB) line1 = 36, kept2 = 28, full2 = 36;
    if (text.size() != line1 + kept2) return false;
    std::replace(text.begin(), text.end(), ' ', '<');  // VDS writes fillers as spaces
    std::vector<std::string> lines = {text.substr(0, line1), text.substr(line1)};
    // Visas leave out line 2's optional data; it is fillers when absent.
    lines[1].append(full2 - kept2, '<');
    out.fields.emplace_back("mrz", lines[0] + "\n" + lines[1]);
    AddMrzFields(lines, options, out);
    return true;
}

bool DecodeFeature(const FeatureDef& def, const std::vector<std::uint8_t>& value,
                   const PayloadOptions& options, Interpretation& out) {
    if (value.size() < def.min_bytes || value.size() > def.max_bytes) return false;
    switch (def.coding) {
        case Coding::MrzTd2:
        case Coding::MrvA:
        case Coding::MrvB:
            return DecodeMrz(def, value, options, out);
        case Coding::C40: {
            std::string text;
            if (!DecodeC40(value.data(), value.size(), text)) return false;
            out.fields.emplace_back(def.field, text);
            return true;
        }
        case Coding::Utf8:
        case Coding::DottedDate:
        case Coding::CompactDate: {
            if (!ValidUtf8(value)) return false;
            if (value.empty()) return true;  // an optional element left empty
            const std::string text(value.begin(), value.end());
            int d = 0, m = 0, y = 0;
            bool is_date = false;
            if (def.coding == Coding::DottedDate)
                is_date = text.size() == 10 && text[2] == '.' && text[5] == '.' && Digits(text, 0, 2, d) &&
                          Digits(text, 3, 2, m) && Digits(text, 6, 4, y);
            if (def.coding == Coding::CompactDate)
                is_date = text.size() == 8 && Digits(text, 0, 4, y) && Digits(text, 4, 2, m) &&
                          Digits(text, 6, 2, d);
            if (def.coding == Coding::Utf8) {
                out.fields.emplace_back(def.field, text);
            } else if (is_date && ValidDate(y, m, d)) {
                out.fields.emplace_back(def.field, Date{y, m, d}.iso());
            } else {
                // Not a date we can read: kept as printed, never under the date's name.
                out.fields.emplace_back(std::string(def.field) + "_text", text);
            }
            return true;
        }
        case Coding::Integer:
            out.fields.emplace_back(def.field, std::to_string(value[0]));
            return true;
        case Coding::DayDuration: {
            // ISO 8601 duration from the bytes days, months, years.
            std::string iso = "P";
            if (value[2]) iso += std::to_string(value[2]) + "Y";
            if (value[1]) iso += std::to_string(value[1]) + "M";
            if (value[0] || iso == "P") iso += std::to_string(value[0]) + "D";
            out.fields.emplace_back(def.field, iso);
            return true;
        }
        case Coding::Hex:
            out.fields.emplace_back(def.field, Hex(value));
            return true;
    }
    return false;
}

void AddRawFeatures(const Seal& seal, Interpretation& out) {
    for (const Feature& f : seal.features)
        out.fields.emplace_back("feature_" + std::to_string(f.tag), Hex(f.value));
}

Error DecodeKnown(const Seal& seal, const std::vector<FeatureDef>& defs,
                  const PayloadOptions& options, Interpretation& out) {
    for (const Feature& f : seal.features) {
        auto def = std::find_if(defs.begin(), defs.end(), [&](const FeatureDef& d) { return d.tag == f.tag; });
        if (def == defs.end()) {
            out.fields.emplace_back("feature_" + std::to_string(f.tag), Hex(f.value));
            out.warnings.push_back("unknown_feature");
            continue;
        }
        if (!DecodeFeature(*def, f.value, options, out))
            return {ErrorCode::MalformedPayload,
                    "VDS: feature " + std::to_string(f.tag) + " of " + out.document_type +
                        " breaks its coding"};
    }
    return {};
}

}  // namespace

Error InterpretSeal(const Seal& seal, const PayloadOptions& options, Interpretation& out) {
    out = Interpretation{};
    const Header& h = seal.header;
    out.fields.emplace_back("issuing_state", h.issuing_country);
    out.fields.emplace_back("issue_date", h.issue_date.iso());
    out.fields.emplace_back("signature_date", h.signature_date.iso());

    const std::uint16_t ref = h.document_ref();
    for (const DocumentDef& doc : Documents()) {
        if (doc.ref != ref) continue;
        out.document_type = doc.name;
        return DecodeKnown(seal, doc.features, options, out);
    }
    if (ref == kAdministrativeRef) {
        const Feature* profile = nullptr;
        for (const Feature& f : seal.features)
            if (f.tag == 0) profile = &f;
        if (profile && profile->value.size() == sizeof kRegistrationProfile &&
            std::memcmp(profile->value.data(), kRegistrationProfile, sizeof kRegistrationProfile) == 0) {
            out.document_type = "registration_certificate";
            return DecodeKnown(seal, RegistrationFeatures(), options, out);
        }
        out.document_type = "administrative_document";
        AddRawFeatures(seal, out);
        return {};
    }
    // A document type we do not know: its bytes, never a guess at who it names.
    out.document_type = "unknown";
    AddRawFeatures(seal, out);
    return {};
}

}  // namespace docintake::vds
