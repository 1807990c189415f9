// The record store's records and outbox: Add/Get/GetJson/Update, List, Counts,
// Due, the Mark* outcomes, Resend, the audit log, and its time helpers. Real
// SQLite files in a temp folder.

#include <doctest/doctest.h>

#include <algorithm>

#include "support/temp_dir.h"
#include "unit/store_test_support.h"

using namespace docintake;
using namespace docintake_test;

namespace {

std::unique_ptr<RecordStore> OpenIn(const std::string& dir) {
    StoreOpenResult opened = RecordStore::Open(OptionsIn(dir));
    REQUIRE_MESSAGE(!opened.error, opened.error.message);
    REQUIRE(opened.store);
    return std::move(opened.store);
}

std::vector<std::string> Events(const RecordStore& store, const std::string& id) {
    std::vector<std::string> events;
    for (const AuditEvent& event : store.Audit())
        if (event.record_id == id) events.insert(events.begin(), event.event);  // oldest first
    return events;
}

const OutboxEntry* Entry(const std::vector<OutboxEntry>& entries, const std::string& id) {
    for (const OutboxEntry& entry : entries)
        if (entry.id == id) return &entry;
    return nullptr;
}

// 2026-12-06T10:15:00Z, the created_at of MakeRecord's records.
constexpr std::int64_t kCreated = 1796552100;

}  // namespace

TEST_CASE("time: Rfc3339 and UnixNow") {
    CHECK(Rfc3339(0) == "1970-01-01T00:00:00Z");
    CHECK(Rfc3339(kCreated) == "2026-12-06T10:15:00Z");
    CHECK(Rfc3339(951782400) == "2000-02-29T00:00:00Z");
    CHECK(Rfc3339(-1) == "1969-12-31T23:59:59Z");
    const std::int64_t now = UnixNow();
    CHECK(now > 1700000000);
    CHECK(now < 4102444800);  // 2100
}

TEST_CASE("a record added comes back whole, and its JSON is what RecordToJson wrote") {
    TempDir dir;
    auto store = OpenIn(dir.path());
    const IntakeRecord record = MakeRecord(TestId(1));
    REQUIRE_FALSE(store->Add(record));

    IntakeRecord back;
    REQUIRE_FALSE(store->Get(record.id, back));
    CHECK(back.id == record.id);
    CHECK(back.created_at == record.created_at);
    CHECK(back.fields.size() == record.fields.size());
    CHECK(FieldValue(back, "surname") == kSurname);
    CHECK(FieldValue(back, "document_number") == kDocumentNumber);

    std::string json;
    REQUIRE_FALSE(store->GetJson(record.id, json));
    CHECK(json == RecordToJson(record));

    const std::vector<OutboxEntry> list = store->List();
    REQUIRE(list.size() == 1);
    CHECK(list[0].id == record.id);
    CHECK(list[0].state == OutboxState::Pending);
    CHECK(list[0].attempts == 0);
    CHECK(list[0].created_at == kCreated);
    CHECK(list[0].delivered_at == 0);
    CHECK(Events(*store, record.id) == std::vector<std::string>{"created", "confirmed"});

    // The same id again is refused, and nothing changes.
    const Error again = store->Add(MakeRecord(record.id, "2026-12-07T08:00:00Z", "OTHER"));
    CHECK(again.code == ErrorCode::AlreadyExists);
    REQUIRE_FALSE(store->Get(record.id, back));
    CHECK(FieldValue(back, "surname") == kSurname);
    CHECK(store->List().size() == 1);
}

TEST_CASE("bad ids and dates are refused; absent records are NotFound") {
    TempDir dir;
    auto store = OpenIn(dir.path());
    IntakeRecord record = MakeRecord("not-an-id");
    CHECK(store->Add(record).code == ErrorCode::InvalidArgument);
    record.id = "ABCDEF0123456789ABCDEF0123456789";  // upper case
    CHECK(store->Add(record).code == ErrorCode::InvalidArgument);
    record = MakeRecord(TestId(2), "06/12/2026 10:15");
    CHECK(store->Add(record).code == ErrorCode::InvalidArgument);
    record = MakeRecord(TestId(2));
    record.schema_version = 0;
    CHECK(store->Add(record).code == ErrorCode::InvalidArgument);
    record.schema_version = 0x10000;
    CHECK(store->Add(record).code == ErrorCode::InvalidArgument);
    CHECK(store->List().empty());

    IntakeRecord out;
    std::string json;
    CHECK(store->Get(TestId(3), out).code == ErrorCode::NotFound);
    CHECK(store->GetJson(TestId(3), json).code == ErrorCode::NotFound);
    CHECK(store->Get("../records.db", out).code == ErrorCode::InvalidArgument);
    CHECK(store->MarkDelivered(TestId(3), kCreated, "file").code == ErrorCode::NotFound);
    CHECK(store->Resend(TestId(3), kCreated).code == ErrorCode::NotFound);
    CHECK(store->Update(MakeRecord(TestId(3))).code == ErrorCode::NotFound);
}

TEST_CASE("created_at in other RFC 3339 forms, or empty (now)") {
    TempDir dir;
    auto store = OpenIn(dir.path());
    REQUIRE_FALSE(store->Add(MakeRecord(TestId(1), "2026-12-06T12:15:00.250+02:00")));
    IntakeRecord empty_date = MakeRecord(TestId(2));
    empty_date.created_at.clear();
    const std::int64_t before = UnixNow();
    REQUIRE_FALSE(store->Add(empty_date));
    const std::vector<OutboxEntry> list = store->List();
    REQUIRE(list.size() == 2);
    CHECK(Entry(list, TestId(1))->created_at == kCreated);
    CHECK(Entry(list, TestId(2))->created_at >= before);
    CHECK(Entry(list, TestId(2))->created_at <= UnixNow());
}

TEST_CASE("update replaces a record until it is delivered") {
    TempDir dir;
    auto store = OpenIn(dir.path());
    const IntakeRecord record = MakeRecord(TestId(1));
    REQUIRE_FALSE(store->Add(record));
    const std::string sealed_before = RawDb(dir.file("records.db")).Query("SELECT sealed FROM records");

    IntakeRecord edited = record;
    edited.fields[3].second.value = "ANNA";
    edited.fields[3].second.source = "staff";
    REQUIRE_FALSE(store->Update(edited, "field=given_names by=staff"));
    IntakeRecord back;
    REQUIRE_FALSE(store->Get(record.id, back));
    CHECK(FieldValue(back, "given_names") == "ANNA");
    CHECK(Events(*store, record.id) == std::vector<std::string>{"created", "confirmed", "edited"});
    CHECK(store->Audit(1).at(0).detail == "field=given_names by=staff");
    // A fresh nonce: the same record sealed again never gives the same bytes.
    REQUIRE_FALSE(store->Update(record));
    CHECK(RawDb(dir.file("records.db")).Query("SELECT sealed FROM records") != sealed_before);

    REQUIRE_FALSE(store->MarkDelivered(record.id, kCreated + 60, "https"));
    const Error late = store->Update(edited);
    CHECK(late.code == ErrorCode::Conflict);
    REQUIRE_FALSE(store->Get(record.id, back));
    CHECK(FieldValue(back, "given_names") == "ANNA MARIA");
}

TEST_CASE("outbox: due, retry with backoff, delivered, failed, resend") {
    TempDir dir;
    auto store = OpenIn(dir.path());
    for (int i = 1; i <= 4; ++i) REQUIRE_FALSE(store->Add(MakeRecord(TestId(i), Rfc3339(kCreated + i))));
    const std::int64_t now = kCreated + 100;

    std::vector<OutboxEntry> due = store->Due(now);
    REQUIRE(due.size() == 4);
    CHECK(due[0].id == TestId(1));  // oldest first
    CHECK(due[3].id == TestId(4));
    CHECK(store->Due(now, 2).size() == 2);

    // 1: a retryable failure, next attempt in 30 s.
    REQUIRE_FALSE(store->MarkRetry(TestId(1), now + 30, "http 503", now));
    // 2: delivered.
    REQUIRE_FALSE(store->MarkDelivered(TestId(2), now, "https"));
    // 3: refused for good.
    REQUIRE_FALSE(store->MarkFailed(TestId(3), "http 400", now + 1));

    due = store->Due(now);
    REQUIRE(due.size() == 1);
    CHECK(due[0].id == TestId(4));
    CHECK(store->Due(now + 29).size() == 1);
    due = store->Due(now + 30);
    REQUIRE(due.size() == 2);
    CHECK(due[0].id == TestId(1));
    CHECK(due[0].attempts == 1);
    CHECK(due[0].next_attempt_at == now + 30);
    CHECK(due[0].last_error == "http 503");

    const std::vector<OutboxEntry> list = store->List();
    REQUIRE(list.size() == 4);
    CHECK(Entry(list, TestId(2))->state == OutboxState::Delivered);
    CHECK(Entry(list, TestId(2))->delivered_at == now);
    CHECK(Entry(list, TestId(2))->attempts == 1);
    CHECK(Entry(list, TestId(3))->state == OutboxState::Failed);
    CHECK(Entry(list, TestId(3))->last_error == "http 400");

    OutboxCounts counts = store->Counts();
    CHECK(counts.pending == 2);
    CHECK(counts.delivered == 1);
    CHECK(counts.failed == 1);
    CHECK(counts.last_delivery_at == now);
    CHECK(counts.last_error == "http 400");  // the most recent attempt

    CHECK(Events(*store, TestId(1)) == std::vector<std::string>{"created", "confirmed", "attempt_failed"});
    CHECK(Events(*store, TestId(2)) == std::vector<std::string>{"created", "confirmed", "delivered"});
    CHECK(Events(*store, TestId(3)) == std::vector<std::string>{"created", "confirmed", "failed"});
    const std::vector<AuditEvent> audit = store->Audit();
    const auto delivered =
        std::find_if(audit.begin(), audit.end(), [](const AuditEvent& e) { return e.event == "delivered"; });
    REQUIRE(delivered != audit.end());
    CHECK(delivered->detail == "sink=https");
    CHECK(delivered->at == now);

    // Outcomes that the state does not allow.
    CHECK(store->MarkDelivered(TestId(2), now, "https").code == ErrorCode::Conflict);
    CHECK(store->MarkRetry(TestId(3), now, "timeout", now).code == ErrorCode::Conflict);
    CHECK(store->Resend(TestId(2), now).code == ErrorCode::Conflict);

    // Resend brings the failed record back, due at once; a delayed pending one too.
    REQUIRE_FALSE(store->Resend(TestId(3), now + 2));
    REQUIRE_FALSE(store->Resend(TestId(1), now + 2));
    due = store->Due(now + 2);
    CHECK(due.size() == 3);
    CHECK(Entry(due, TestId(3))->next_attempt_at == now + 2);
    CHECK(Events(*store, TestId(3)).back() == "resent");

    // A delivery after failures clears the error shown.
    REQUIRE_FALSE(store->MarkDelivered(TestId(1), now + 3, "mqtts"));
    counts = store->Counts();
    CHECK(counts.last_error.empty());
    CHECK(counts.last_delivery_at == now + 3);
    CHECK(counts.delivered == 2);
}

TEST_CASE("ResendAllFailed puts every failed record back, in one go") {
    TempDir dir;
    auto store = OpenIn(dir.path());
    for (int i = 1; i <= 5; ++i) REQUIRE_FALSE(store->Add(MakeRecord(TestId(i))));
    const std::int64_t now = kCreated + 10;
    for (int i = 1; i <= 3; ++i) REQUIRE_FALSE(store->MarkFailed(TestId(i), "http 422", now));
    REQUIRE_FALSE(store->MarkDelivered(TestId(4), now, "file"));
    CHECK(store->Counts().failed == 3);
    CHECK(store->ResendAllFailed(now + 5) == 3);
    const OutboxCounts counts = store->Counts();
    CHECK(counts.failed == 0);
    CHECK(counts.pending == 4);
    CHECK(counts.delivered == 1);
    CHECK(store->Due(now + 5).size() == 4);
    for (int i = 1; i <= 3; ++i) CHECK(Events(*store, TestId(i)).back() == "resent");
    CHECK(store->ResendAllFailed(now + 6) == 0);
}

TEST_CASE("reasons and audit details are kept to one bounded line") {
    TempDir dir;
    auto store = OpenIn(dir.path());
    REQUIRE_FALSE(store->Add(MakeRecord(TestId(1))));
    const std::string reason = "http 503\nRetry-After: 5\r\n" + std::string(500, 'x');
    REQUIRE_FALSE(store->MarkRetry(TestId(1), kCreated + 5, reason, kCreated));
    const OutboxEntry entry = store->List().at(0);
    CHECK(entry.last_error.find('\n') == std::string::npos);
    CHECK(entry.last_error.find('\r') == std::string::npos);
    CHECK(entry.last_error.size() <= 200);
    CHECK(entry.last_error.rfind("http 503 Retry-After: 5", 0) == 0);
    CHECK(store->Audit(1).at(0).detail == entry.last_error);
}

TEST_CASE("a store reopened holds what was written, and IntegrityCheck is empty") {
    TempDir dir;
    {
        auto store = OpenIn(dir.path());
        for (int i = 1; i <= 3; ++i) REQUIRE_FALSE(store->Add(MakeRecord(TestId(i))));
        REQUIRE_FALSE(store->MarkDelivered(TestId(2), kCreated + 9, "https"));
        CHECK(store->IntegrityCheck().empty());
    }
    auto store = OpenIn(dir.path());
    const std::vector<OutboxEntry> list = store->List();
    REQUIRE(list.size() == 3);
    CHECK(Entry(list, TestId(2))->state == OutboxState::Delivered);
    IntakeRecord back;
    REQUIRE_FALSE(store->Get(TestId(3), back));
    CHECK(FieldValue(back, "surname") == kSurname);
    CHECK(store->IntegrityCheck().empty());
    CHECK(std::string(ToString(OutboxState::Failed)) == "failed");
}

TEST_CASE("a showing of a record's personal data is in the audit log, by id and time only") {
    TempDir dir;
    auto store = OpenIn(dir.path());
    const IntakeRecord record = MakeRecord(TestId(7));
    REQUIRE_FALSE(store->Add(record));
    REQUIRE_FALSE(store->NoteViewed(record.id, "cli record show"));
    CHECK(Events(*store, record.id) == std::vector<std::string>{"created", "confirmed", "viewed"});
    CHECK(store->Audit(1).at(0).detail == "cli record show");
    CHECK(store->NoteViewed(TestId(8)).code == ErrorCode::NotFound);
    CHECK(store->NoteViewed("not-an-id").code == ErrorCode::InvalidArgument);
    CHECK(Events(*store, TestId(8)).empty());
}
