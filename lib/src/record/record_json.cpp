// The record JSON that leaves the device (docs/schemas/intake-record.v1.json), and
// its strict reader: anything the schema does not allow is an error, not a guess.
#include <cmath>

#include <nlohmann/json.hpp>

#include "docintake/record.h"
#include "record/dates.h"

namespace docintake {
namespace {

using Json = nlohmann::ordered_json;

constexpr std::size_t kMaxRecordBytes = 1 << 20;  // a record is a few KB; refuse what is not one

Json Nullable(const std::optional<std::string>& s) { return s ? Json(*s) : Json(nullptr); }

bool IsHexId(const std::string& s) {
    if (s.size() != 32) return false;
    for (char c : s)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

// Field names as the parsers write them: snake_case ASCII.
bool ValidFieldName(const std::string& s) {
    if (s.empty() || s.size() > 64 || !(s[0] >= 'a' && s[0] <= 'z')) return false;
    for (char c : s)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
    return true;
}

bool ValidSource(const std::string& s) {
    if (s == "mrz" || s == "typed" || s == "staff") return true;
    return s == "barcode:aamva" || s == "barcode:vds" || s == "barcode:vds-nc";
}

// Reads one member of an object with its expected type; records the first problem.
struct Reader {
    std::string problem;
    const Json* Member(const Json& obj, const char* name, Json::value_t type, bool nullable = false) {
        if (!problem.empty()) return nullptr;
        const auto it = obj.find(name);
        if (it == obj.end()) {
            problem = std::string("missing member '") + name + "'";
            return nullptr;
        }
        if (nullable && it->is_null()) return nullptr;
        const bool number = type == Json::value_t::number_float &&
                            (it->is_number_float() || it->is_number_integer() || it->is_number_unsigned());
        const bool integer = type == Json::value_t::number_integer && (it->is_number_integer() || it->is_number_unsigned());
        if (it->type() != type && !number && !integer) {
            problem = std::string("member '") + name + "' has the wrong type";
            return nullptr;
        }
        return &*it;
    }
    void Only(const Json& obj, std::initializer_list<const char*> names, const char* what) {
        if (!problem.empty()) return;
        for (auto it = obj.begin(); it != obj.end(); ++it) {
            bool known = false;
            for (const char* n : names) known = known || it.key() == n;
            if (!known) {
                problem = std::string("unknown member in ") + what;
                return;
            }
        }
    }
};

bool ParseField(Reader& rd, const Json& j, RecordField& f) {
    if (!j.is_object()) {
        rd.problem = "a field is not an object";
        return false;
    }
    rd.Only(j, {"value", "source", "checked", "confidence", "previous", "changed_by"}, "a field");
    if (const Json* v = rd.Member(j, "value", Json::value_t::string)) f.value = v->get<std::string>();
    if (const Json* v = rd.Member(j, "source", Json::value_t::string)) f.source = v->get<std::string>();
    if (const Json* v = rd.Member(j, "checked", Json::value_t::boolean)) f.checked = v->get<bool>();
    if (const Json* v = rd.Member(j, "confidence", Json::value_t::number_float)) f.confidence = v->get<double>();
    if (const Json* v = rd.Member(j, "previous", Json::value_t::string, true)) f.previous = v->get<std::string>();
    if (const Json* v = rd.Member(j, "changed_by", Json::value_t::string, true)) {
        const std::string by = v->get<std::string>();
        if (by != "person" && by != "staff") rd.problem = "changed_by is neither person nor staff";
        f.changed_by = by == "staff" ? Editor::Staff : Editor::Person;
    }
    if (!rd.problem.empty()) return false;
    if (!ValidSource(f.source)) rd.problem = "a field has an unknown source";
    if (!(f.confidence >= 0 && f.confidence <= 1)) rd.problem = "a field's confidence is outside 0..1";
    return rd.problem.empty();
}

bool ParseConsent(Reader& rd, const Json& j, Consent& c) {
    rd.Only(j, {"given", "scope", "language", "at"}, "consent");
    if (const Json* v = rd.Member(j, "given", Json::value_t::boolean)) c.given = v->get<bool>();
    if (const Json* v = rd.Member(j, "scope", Json::value_t::string)) c.scope = v->get<std::string>();
    if (const Json* v = rd.Member(j, "language", Json::value_t::string)) c.language = v->get<std::string>();
    if (const Json* v = rd.Member(j, "at", Json::value_t::string)) c.at = v->get<std::string>();
    return rd.problem.empty();
}

}  // namespace

std::string RecordToJson(const IntakeRecord& r) {
    Json j;
    j["id"] = r.id;
    j["schema_version"] = r.schema_version;
    j["created_at"] = r.created_at;
    j["intake_date"] = r.intake_date;
    j["document_format"] = r.document_format.empty() ? Json(nullptr) : Json(r.document_format);
    Json fields = Json::object();
    for (const auto& [name, f] : r.fields) {
        Json fj;
        fj["value"] = f.value;
        fj["source"] = f.source;
        fj["checked"] = f.checked;
        // Rounded: the seventh decimal of a confidence means nothing to a caseworker.
        fj["confidence"] = std::round(f.confidence * 1e6) / 1e6;
        fj["previous"] = Nullable(f.previous);
        fj["changed_by"] = f.changed_by ? Json(ToString(*f.changed_by)) : Json(nullptr);
        fields[name] = std::move(fj);
    }
    j["fields"] = std::move(fields);
    Json flags = Json::array();
    for (RecordFlag flag : r.flags) flags.push_back(ToString(flag));
    j["flags"] = std::move(flags);
    if (r.consent)
        j["consent"] = {{"given", r.consent->given},
                        {"scope", r.consent->scope},
                        {"language", r.consent->language},
                        {"at", r.consent->at}};
    else
        j["consent"] = nullptr;
    return j.dump();
}

RecordParseResult ParseRecordJson(std::string_view text) {
    RecordParseResult out;
    auto fail = [&](const std::string& why) {
        out.record = {};
        out.error = {ErrorCode::MalformedPayload, "record JSON: " + why};
        return out;
    };
    if (text.size() > kMaxRecordBytes) return fail("larger than a record can be");
    const Json j = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) return fail("not valid JSON");
    if (!j.is_object()) return fail("not an object");
    Reader rd;
    rd.Only(j, {"id", "schema_version", "created_at", "intake_date", "document_format", "fields", "flags", "consent"},
            "the record");
    IntakeRecord& r = out.record;
    if (const Json* v = rd.Member(j, "schema_version", Json::value_t::number_integer)) {
        if (v->get<long long>() != kRecordSchemaVersion) return fail("schema_version not supported");
        r.schema_version = kRecordSchemaVersion;
    }
    if (const Json* v = rd.Member(j, "id", Json::value_t::string)) r.id = v->get<std::string>();
    if (const Json* v = rd.Member(j, "created_at", Json::value_t::string)) r.created_at = v->get<std::string>();
    if (const Json* v = rd.Member(j, "intake_date", Json::value_t::string)) r.intake_date = v->get<std::string>();
    if (const Json* v = rd.Member(j, "document_format", Json::value_t::string, true)) r.document_format = v->get<std::string>();
    if (const Json* fields = rd.Member(j, "fields", Json::value_t::object))
        for (auto it = fields->begin(); it != fields->end() && rd.problem.empty(); ++it) {
            RecordField f;
            if (!ValidFieldName(it.key())) return fail("a field name is not snake_case");
            if (ParseField(rd, it.value(), f)) r.fields.emplace_back(it.key(), std::move(f));
        }
    if (const Json* flags = rd.Member(j, "flags", Json::value_t::array))
        for (const Json& flag : *flags) {
            const auto known = flag.is_string() ? RecordFlagFromString(flag.get<std::string>()) : std::nullopt;
            if (!known) return fail("unknown flag");
            SetFlag(r, *known);
        }
    if (const Json* c = rd.Member(j, "consent", Json::value_t::object, true)) {
        Consent consent;
        if (ParseConsent(rd, *c, consent)) r.consent = consent;
    }
    if (!rd.problem.empty()) return fail(rd.problem);
    if (!IsHexId(r.id)) return fail("id is not 32 lower-case hex characters");
    const auto intake = record::ParseIsoDate(r.intake_date);
    if (!intake || !intake->complete()) return fail("intake_date is not a date");
    return out;
}

}  // namespace docintake
