// Nothing personal in plaintext: records with a distinctive surname and document
// number are written, edited, delivered and retried; then every byte of every
// file in the store folder (records.db, its WAL and shared memory, the key, anything
// else) is searched for them, with the store still open and again after close.

#include <doctest/doctest.h>

#include <filesystem>

#include "support/temp_dir.h"
#include "unit/store_test_support.h"

using namespace docintake;
using namespace docintake_test;

namespace {

constexpr std::int64_t kCreated = 1796552100;  // 2026-12-06T10:15:00Z

// Which of the secrets `bytes` holds, as text for a failure message ("" for none).
std::string SecretsIn(const std::string& bytes) {
    std::string found;
    for (const char* secret : {kSurname, kDocumentNumber})
        if (bytes.find(secret) != std::string::npos) found += std::string(found.empty() ? "" : ", ") + secret;
    return found;
}

void CheckFolderHoldsNoSecrets(const std::string& dir, const char* when) {
    const std::vector<std::string> files = FilesIn(dir);
    CHECK(files.size() >= 2);
    for (const std::string& file : files) {
        const std::string bytes = ReadBytes(file);
        INFO(when << ": " << file << " (" << bytes.size() << " bytes)");
        CHECK(SecretsIn(bytes).empty());
    }
}

std::string Describe(const OutboxEntry& e) {
    return e.id + " " + ToString(e.state) + " " + std::to_string(e.attempts) + " " + e.last_error;
}

}  // namespace

TEST_CASE("the search finds the secrets where they are in plaintext") {
    // The check below would pass vacuously if the secrets never reached the store.
    const std::string json = RecordToJson(MakeRecord(TestId(1)));
    CHECK(SecretsIn(json) == std::string(kSurname) + ", " + kDocumentNumber);
    TempDir plain;
    WriteBytes(plain.file("plain.json"), std::string(5000, '\0') + json);
    CHECK_FALSE(SecretsIn(ReadBytes(plain.file("plain.json"))).empty());
}

TEST_CASE("no store file, audit detail, list entry or error holds a surname or document number") {
    TempDir dir;
    {
        StoreOpenResult opened = RecordStore::Open(OptionsIn(dir.path()));
        REQUIRE_MESSAGE(!opened.error, opened.error.message);
        RecordStore& store = *opened.store;
        for (int i = 1; i <= 40; ++i) REQUIRE_FALSE(store.Add(MakeRecord(TestId(i), Rfc3339(kCreated + i))));
        // Edits, outcomes of attempts and resends rewrite rows and add audit events.
        IntakeRecord edited = MakeRecord(TestId(1));
        edited.fields[3].second.value = "ANNA";
        REQUIRE_FALSE(store.Update(edited, "field=given_names by=staff"));
        REQUIRE_FALSE(store.MarkDelivered(TestId(2), kCreated + 100, "https"));
        REQUIRE_FALSE(store.MarkRetry(TestId(3), kCreated + 200, "http 503", kCreated + 100));
        REQUIRE_FALSE(store.MarkFailed(TestId(4), "http 422", kCreated + 100));
        REQUIRE(store.ResendAllFailed(kCreated + 150) == 1);
        CHECK(store.Add(MakeRecord(TestId(5))).code == ErrorCode::AlreadyExists);
        CHECK(store.Update(MakeRecord(TestId(2))).code == ErrorCode::Conflict);

        // The records are really there, in full, for whoever asks by id.
        std::string json;
        REQUIRE_FALSE(store.GetJson(TestId(7), json));
        CHECK_FALSE(SecretsIn(json).empty());

        // Still open: the WAL holds the recent pages.
        REQUIRE(std::filesystem::exists(dir.file("records.db-wal")));
        CHECK(std::filesystem::file_size(dir.file("records.db-wal")) > 0);
        CheckFolderHoldsNoSecrets(dir.path(), "open");

        std::string listed;
        for (const OutboxEntry& entry : store.List()) listed += Describe(entry) + "\n";
        for (const OutboxEntry& entry : store.Due(kCreated + 1000)) listed += Describe(entry) + "\n";
        CHECK(SecretsIn(listed).empty());
        std::string audited;
        for (const AuditEvent& event : store.Audit()) audited += event.record_id + event.event + event.detail + "\n";
        CHECK(audited.find("edited") != std::string::npos);
        CHECK(SecretsIn(audited).empty());
        const OutboxCounts counts = store.Counts();
        CHECK(SecretsIn(counts.last_error).empty());

        // Retention runs too (and rewrites pages) before the store closes.
        CHECK(store.Purge(kCreated + 100 + 72 * 3600).delivered_purged == 1);
        CheckFolderHoldsNoSecrets(dir.path(), "after purge");
    }
    CheckFolderHoldsNoSecrets(dir.path(), "closed");
}
