// The record store part of the C API (docintake/c.h): open, add a record of a
// valid reading, scan or MRZ with the caller's word that the person agreed, get
// it back, list the outbox.
#include <cstring>
#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "capi/c_util.h"
#include "docintake/mrz.h"
#include "docintake/record.h"
#include "docintake/store.h"

namespace {

using docintake::capi::Duplicate;
using docintake::capi::FromError;
using docintake::capi::Guarded;

// A BCP 47 tag's shape: letters, digits and hyphens, starting with 2-3 letters.
bool LooksLikeLanguageTag(const char* tag) {
    if (tag == nullptr) return false;
    const std::string_view t(tag);
    if (t.size() < 2 || t.size() > 35) return false;
    for (std::size_t i = 0; i < t.size(); ++i) {
        const char c = t[i];
        const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        const bool ok = letter || (i >= 2 && ((c >= '0' && c <= '9') || c == '-'));
        if (!ok) return false;
    }
    return true;
}

dit_status AddBuilt(dit_store& store, docintake::RecordBuildResult built, const char* consent_language,
                    char* id_out) {
    if (built.error) return DIT_ERROR_NOT_VALID;
    docintake::Consent consent;
    consent.given = true;
    consent.scope = "intake_record";
    consent.language = consent_language;
    consent.at = docintake::Rfc3339(docintake::UnixNow());
    built.record.consent = consent;
    if (const docintake::Error error = store.store->Add(built.record)) return FromError(error.code);
    const std::string& id = built.record.id;
    const std::size_t n = id.size() < 32 ? id.size() : 32;
    std::memcpy(id_out, id.data(), n);
    id_out[n] = '\0';
    return DIT_OK;
}

}  // namespace

extern "C" {

dit_status dit_store_open(const char* dir, int create, const char* key_hex, dit_store** out) {
    if (out == nullptr) return DIT_ERROR_INVALID_ARGUMENT;
    *out = nullptr;
    if (dir == nullptr || *dir == '\0') return DIT_ERROR_INVALID_ARGUMENT;
    return Guarded([&] {
        docintake::StoreOptions options;
        options.dir = dir;
        options.create = create != 0;
        if (key_hex != nullptr) options.key_hex = key_hex;
        docintake::StoreOpenResult opened = docintake::RecordStore::Open(options);
        if (opened.error) return FromError(opened.error.code);
        if (!opened.store) return DIT_ERROR_INTERNAL;
        *out = new dit_store{std::move(opened.store)};
        return DIT_OK;
    });
}

void dit_store_free(dit_store* store) { delete store; }

dit_status dit_store_add_reading(dit_store* store, dit_reader* reader, const char* consent_language,
                                 char id_out[33]) {
    if (store == nullptr || reader == nullptr || id_out == nullptr || !LooksLikeLanguageTag(consent_language))
        return DIT_ERROR_INVALID_ARGUMENT;
    id_out[0] = '\0';
    return Guarded([&] {
        if (!reader->last.valid()) return DIT_ERROR_NOT_VALID;
        return AddBuilt(*store, docintake::BuildRecord(reader->last, {}), consent_language, id_out);
    });
}

dit_status dit_store_add_mrz(dit_store* store, const char* mrz_text, const char* consent_language, char id_out[33]) {
    if (store == nullptr || mrz_text == nullptr || id_out == nullptr || !LooksLikeLanguageTag(consent_language))
        return DIT_ERROR_INVALID_ARGUMENT;
    id_out[0] = '\0';
    return Guarded([&] {
        const docintake::MrzParseResult parsed = docintake::ParseMrz(std::string_view(mrz_text));
        if (parsed.error) return FromError(parsed.error.code);
        if (!parsed.mrz.valid()) return DIT_ERROR_NOT_VALID;
        return AddBuilt(*store, docintake::BuildRecord(parsed.mrz, {}), consent_language, id_out);
    });
}

dit_status dit_store_add_scan(dit_store* store, dit_scanner* scanner, const char* consent_language,
                              char id_out[33]) {
    if (store == nullptr || scanner == nullptr || id_out == nullptr || !LooksLikeLanguageTag(consent_language))
        return DIT_ERROR_INVALID_ARGUMENT;
    id_out[0] = '\0';
    return Guarded([&] {
        if (scanner->last.state != docintake::ScanUpdate::State::Done) return DIT_ERROR_NOT_VALID;
        return AddBuilt(*store, docintake::BuildRecord(scanner->last, {}), consent_language, id_out);
    });
}

dit_status dit_store_outbox_json(dit_store* store, char** json_out) {
    if (json_out == nullptr) return DIT_ERROR_INVALID_ARGUMENT;
    *json_out = nullptr;
    if (store == nullptr) return DIT_ERROR_INVALID_ARGUMENT;
    return Guarded([&] {
        nlohmann::json entries = nlohmann::json::array();
        for (const docintake::OutboxEntry& entry : store->store->List())
            entries.push_back({{"id", entry.id},
                               {"state", docintake::ToString(entry.state)},
                               {"attempts", entry.attempts},
                               {"created_at", entry.created_at},
                               {"delivered_at", entry.delivered_at},
                               {"next_attempt_at", entry.next_attempt_at},
                               {"last_error", entry.last_error}});
        *json_out = Duplicate(entries.dump());
        return DIT_OK;
    });
}

dit_status dit_store_get_json(dit_store* store, const char* id, char** json_out) {
    if (json_out == nullptr) return DIT_ERROR_INVALID_ARGUMENT;
    *json_out = nullptr;
    if (store == nullptr || id == nullptr) return DIT_ERROR_INVALID_ARGUMENT;
    return Guarded([&] {
        std::string json;
        if (const docintake::Error error = store->store->GetJson(id, json)) return FromError(error.code);
        *json_out = Duplicate(json);
        return DIT_OK;
    });
}

}  // extern "C"
