#include "json/mrz_json.h"

namespace docintake {
namespace {

nlohmann::json DateJson(const MrzDate& d) {
    const std::string iso = d.iso();
    return iso.empty() ? nlohmann::json(nullptr) : nlohmann::json(iso);
}

nlohmann::json CodeJson(const CountryCode& c) { return c.code; }

const char* KindName(CodeKind k) {
    switch (k) {
        case CodeKind::State: return "state";
        case CodeKind::Special: return "special";
        case CodeKind::Specimen: return "specimen";
        case CodeKind::Unknown: return "unknown";
    }
    return "unknown";
}

nlohmann::json CodeDetail(const CountryCode& c) {
    nlohmann::json j{{"code", c.code}, {"kind", KindName(c.kind)}};
    j["name"] = c.name.empty() ? nlohmann::json(nullptr) : nlohmann::json(c.name);
    return j;
}

// What the OCR saw may be any byte; JSON wants valid UTF-8.
std::string Printable(char c) {
    if (c == 0) return {};
    if (c < 0x20 || c > 0x7e) return "?";
    return std::string(1, c);
}

nlohmann::json CorrectionJson(const MrzCorrection& c) {
    return {{"line", c.line + 1},
            {"position", c.position + 1},
            {"from", Printable(c.from)},
            {"to", std::string(1, c.to)},
            {"field", c.field}};
}

}  // namespace

nlohmann::json ToJson(const Mrz& m) {
    nlohmann::json j;
    j["format"] = ToString(m.format);
    j["valid"] = m.valid();
    j["document_code"] = m.document_code;
    j["issuing_state"] = CodeJson(m.issuing_state);
    j["surname"] = m.surname;
    j["given_names"] = m.given_names;
    j["document_number"] = m.document_number;
    j["nationality"] = CodeJson(m.nationality);
    j["birth_date"] = DateJson(m.birth_date);
    j["sex"] = ToString(m.sex);
    j["expiry_date"] = DateJson(m.expiry_date);
    j["optional_data"] = m.optional_data;
    if (m.format == MrzFormat::TD1 || m.format == MrzFormat::IsoDrivingLicence) j["optional_data_2"] = m.optional_data_2;
    if (m.format == MrzFormat::FrenchId) j["issue_date"] = DateJson(m.issue_date);
    nlohmann::json checks = nlohmann::json::object();
    for (const auto& c : m.checks) checks[c.name] = c.passed;
    j["checks"] = checks;
    const std::string failed = m.first_failed_check();
    j["failed_check"] = failed.empty() ? nlohmann::json(nullptr) : nlohmann::json(failed);
    j["invalid_fields"] = m.invalid_fields;
    nlohmann::json warnings = nlohmann::json::array();
    for (auto w : m.warnings) warnings.push_back(ToString(w));
    j["warnings"] = warnings;
    j["issuing_state_detail"] = CodeDetail(m.issuing_state);
    j["nationality_detail"] = CodeDetail(m.nationality);
    j["birth_date_raw"] = m.birth_date.raw;
    j["expiry_date_raw"] = m.expiry_date.raw;
    j["lines"] = m.lines;
    return j;
}

nlohmann::json ToJson(const MrzCorrectionResult& r) {
    nlohmann::json j = r.mrz.lines.empty() ? nlohmann::json::object() : ToJson(r.mrz);
    // Only a Valid reading is a read: an ambiguous or invalid one is not valid.
    j["valid"] = r.status == MrzReadingStatus::Valid;
    j["status"] = ToString(r.status);
    j["confidence"] = r.confidence;
    nlohmann::json corrections = nlohmann::json::array();
    for (const auto& c : r.corrections) corrections.push_back(CorrectionJson(c));
    j["corrections"] = corrections;
    nlohmann::json uncertain = nlohmann::json::array();
    for (const auto& c : r.uncertain) uncertain.push_back(CorrectionJson(c));
    j["uncertain"] = uncertain;
    return j;
}

}  // namespace docintake
