// Retention: Purge(now) with explicit times deletes delivered records 72 h after
// delivery and undelivered ones after the longer limit, audits each, and leaves
// neither the WAL nor the database file with a purged record's sealed bytes.

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>

#include "support/temp_dir.h"
#include "unit/store_test_support.h"

using namespace docintake;
using namespace docintake_test;

namespace {

constexpr std::int64_t kCreated = 1796552100;  // 2026-12-06T10:15:00Z
constexpr std::int64_t kHour = 3600;
constexpr std::int64_t kDay = 24 * kHour;

std::vector<std::string> PurgedIds(const RecordStore& store) {
    std::vector<std::string> ids;
    for (const AuditEvent& event : store.Audit())
        if (event.event == "purged") ids.push_back(event.record_id);
    return ids;
}

bool Contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

}  // namespace

TEST_CASE("delivered records go 72 h after delivery, undelivered ones 30 days after creation") {
    TempDir dir;
    StoreOpenResult opened = RecordStore::Open(OptionsIn(dir.path()));
    REQUIRE_MESSAGE(!opened.error, opened.error.message);
    RecordStore& store = *opened.store;
    CHECK(store.options().delivered_retention_seconds == 72 * kHour);
    CHECK(store.options().undelivered_retention_seconds == 30 * kDay);

    const std::string delivered = TestId(1), pending = TestId(2), failed = TestId(3), late = TestId(4);
    REQUIRE_FALSE(store.Add(MakeRecord(delivered)));
    REQUIRE_FALSE(store.Add(MakeRecord(pending)));
    REQUIRE_FALSE(store.Add(MakeRecord(failed)));
    REQUIRE_FALSE(store.Add(MakeRecord(late, Rfc3339(kCreated + 2 * kDay))));
    const std::int64_t delivered_at = kCreated + 600;
    REQUIRE_FALSE(store.MarkDelivered(delivered, delivered_at, "https"));
    REQUIRE_FALSE(store.MarkFailed(failed, "http 400", kCreated + 700));

    PurgeReport report = store.Purge(delivered_at + 72 * kHour - 1);
    CHECK(report.delivered_purged == 0);
    CHECK(report.undelivered_purged == 0);
    CHECK(store.List().size() == 4);

    report = store.Purge(delivered_at + 72 * kHour);
    CHECK(report.delivered_purged == 1);
    CHECK(report.undelivered_purged == 0);
    IntakeRecord out;
    CHECK(store.Get(delivered, out).code == ErrorCode::NotFound);
    CHECK(PurgedIds(store) == std::vector<std::string>{delivered});
    CHECK(store.Audit(1).at(0).at == delivered_at + 72 * kHour);
    CHECK(store.Audit(1).at(0).detail == "state=delivered");

    report = store.Purge(kCreated + 30 * kDay - 1);
    CHECK(report.undelivered_purged == 0);
    report = store.Purge(kCreated + 30 * kDay);
    CHECK(report.delivered_purged == 0);
    CHECK(report.undelivered_purged == 2);
    const std::vector<OutboxEntry> left = store.List();
    REQUIRE(left.size() == 1);
    CHECK(left[0].id == late);
    CHECK(store.Get(pending, out).code == ErrorCode::NotFound);
    CHECK(store.Get(failed, out).code == ErrorCode::NotFound);
    CHECK(PurgedIds(store).size() == 3);

    // The counts still know when the last delivery was (from the audit log).
    const OutboxCounts counts = store.Counts();
    CHECK(counts.pending == 1);
    CHECK(counts.delivered == 0);
    CHECK(counts.last_delivery_at == delivered_at);
    CHECK(store.Purge(kCreated + 32 * kDay).undelivered_purged == 1);
    CHECK(store.List().empty());
    CHECK(store.IntegrityCheck().empty());
}

TEST_CASE("retention limits come from the options") {
    TempDir dir;
    StoreOptions options = OptionsIn(dir.path());
    options.delivered_retention_seconds = 60;
    options.undelivered_retention_seconds = 7 * kDay;
    StoreOpenResult opened = RecordStore::Open(options);
    REQUIRE_MESSAGE(!opened.error, opened.error.message);
    REQUIRE_FALSE(opened.store->Add(MakeRecord(TestId(1))));
    REQUIRE_FALSE(opened.store->Add(MakeRecord(TestId(2))));
    REQUIRE_FALSE(opened.store->MarkDelivered(TestId(1), kCreated + 10, "file"));
    CHECK(opened.store->Purge(kCreated + 69).delivered_purged == 0);
    CHECK(opened.store->Purge(kCreated + 70).delivered_purged == 1);
    CHECK(opened.store->Purge(kCreated + 7 * kDay).undelivered_purged == 1);
}

TEST_CASE("a purge leaves no sealed bytes of the purged record in records.db or its WAL") {
    TempDir dir;
    StoreOpenResult opened = RecordStore::Open(OptionsIn(dir.path()));
    REQUIRE_MESSAGE(!opened.error, opened.error.message);
    RecordStore& store = *opened.store;
    REQUIRE_FALSE(store.Add(MakeRecord(TestId(1))));
    REQUIRE_FALSE(store.Add(MakeRecord(TestId(2))));
    const std::string sealed =
        RawDb(dir.file("records.db")).Query("SELECT sealed FROM records WHERE id = '" + TestId(1) + "'");
    REQUIRE(sealed.size() > 200);
    // 48 bytes from the middle of the ciphertext: random, so found only where the record is.
    const std::string probe = sealed.substr(sealed.size() / 2, 48);
    REQUIRE_FALSE(store.MarkDelivered(TestId(1), kCreated + 1, "https"));
    REQUIRE(Contains(ReadBytes(dir.file("records.db")) + ReadBytes(dir.file("records.db-wal")), probe));

    CHECK(store.Purge(kCreated + 1 + 72 * kHour).delivered_purged == 1);
    CHECK(std::filesystem::file_size(dir.file("records.db-wal")) == 0);  // truncated
    CHECK_FALSE(Contains(ReadBytes(dir.file("records.db")), probe));
    CHECK_FALSE(Contains(ReadBytes(dir.file("records.db-wal")), probe));
    IntakeRecord out;
    CHECK_FALSE(store.Get(TestId(2), out));  // the other record is intact
}

TEST_CASE("audit events go a year after they were written; the purge's own events stay") {
    TempDir dir;
    StoreOpenResult opened = RecordStore::Open(OptionsIn(dir.path()));
    REQUIRE_MESSAGE(!opened.error, opened.error.message);
    RecordStore& store = *opened.store;
    CHECK(store.options().audit_retention_seconds == 365 * kDay);
    REQUIRE_FALSE(store.Add(MakeRecord(TestId(1))));
    REQUIRE_FALSE(store.MarkDelivered(TestId(1), kCreated + 10, "https"));
    const std::vector<AuditEvent> before = store.Audit();
    REQUIRE(before.size() >= 2);  // created, delivered
    std::int64_t oldest = before[0].at, newest = before[0].at;
    for (const AuditEvent& event : before) {
        oldest = std::min(oldest, event.at);
        newest = std::max(newest, event.at);
    }

    // A purge a year minus a second after the oldest event keeps them all.
    PurgeReport report = store.Purge(oldest + 365 * kDay - 1);
    CHECK(report.audit_events_pruned == 0);
    CHECK(report.delivered_purged == 1);
    const std::size_t with_purge = store.Audit().size();
    CHECK(with_purge == before.size() + 1);

    // A year after, the old ones go and the purge's 'purged' event stays.
    report = store.Purge(newest + 365 * kDay);
    CHECK(report.audit_events_pruned == static_cast<int>(before.size()));
    const std::vector<AuditEvent> after = store.Audit();
    REQUIRE(after.size() == 1);
    CHECK(after[0].event == "purged");
}

TEST_CASE("audit retention 0 keeps every audit event") {
    TempDir dir;
    StoreOptions options = OptionsIn(dir.path());
    options.audit_retention_seconds = 0;
    StoreOpenResult opened = RecordStore::Open(options);
    REQUIRE_MESSAGE(!opened.error, opened.error.message);
    REQUIRE_FALSE(opened.store->Add(MakeRecord(TestId(1))));
    const std::size_t written = opened.store->Audit().size();
    CHECK(opened.store->Purge(kCreated + 10 * 365 * kDay).audit_events_pruned == 0);
    CHECK(opened.store->Audit().size() == written + 1);  // and the purge's own event
}
