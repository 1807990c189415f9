// Records in the store: Add, Update, Get, GetJson; the audit log; integrity.

#include <sodium.h>

#include "store/seal.h"
#include "store/store_impl.h"
#include "store/store_time.h"

namespace docintake {
namespace {

using store::SqliteError;
using store::Statement;

// Record ids are 32 lower-case hex characters (record.h); anything else is refused
// before it reaches the database, a sink's file name or the audit log.
bool IsRecordId(const std::string& id) {
    if (id.size() != 32) return false;
    for (char c : id)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

Error BadId() { return {ErrorCode::InvalidArgument, "a record id is 32 lower-case hex characters"}; }

// The id and the schema version (which the sealed blob holds in 2 bytes).
Error CheckStorable(const IntakeRecord& record) {
    if (!IsRecordId(record.id)) return BadId();
    if (record.schema_version < 1 || record.schema_version > 0xffff)
        return {ErrorCode::InvalidArgument, "record " + record.id + " has an invalid schema version"};
    return {};
}

// The record's JSON sealed under the store key; the plaintext is wiped.
std::vector<unsigned char> SealRecord(const store::StoreKey& key, const IntakeRecord& record) {
    std::string json = RecordToJson(record);
    std::vector<unsigned char> sealed = store::Seal(key, record.id, record.schema_version, json);
    sodium_memzero(json.data(), json.size());
    return sealed;
}

Error ReadSealed(store::StoreState& impl, const std::string& id, std::string& json, int& schema_version) {
    if (!IsRecordId(id)) return BadId();
    std::vector<unsigned char> sealed;
    {
        std::lock_guard<std::mutex> lock(impl.mutex);
        Statement select(impl.db.get(), "SELECT sealed FROM records WHERE id = ?");
        const int rc = select.Bind(1, id).Step();
        if (rc == SQLITE_DONE) return {ErrorCode::NotFound, "no record " + id};
        if (rc != SQLITE_ROW) return SqliteError(impl.db.get(), rc, "reading record " + id);
        sealed = select.Blob(0);
    }
    if (!store::Unseal(impl.key, id, sealed, json, schema_version))
        return {ErrorCode::CorruptStore, "record " + id + " fails its authentication (tampered or damaged)"};
    return {};
}

}  // namespace

const char* ToString(OutboxState state) {
    switch (state) {
        case OutboxState::Pending: return "pending";
        case OutboxState::Delivered: return "delivered";
        case OutboxState::Failed: return "failed";
    }
    return "pending";
}

namespace store {

int InsertAudit(Database& db, std::int64_t at, const std::string& record_id, const char* event,
                const std::string& detail) {
    Statement insert(db.get(), "INSERT INTO audit(at, record_id, event, detail) VALUES (?, ?, ?, ?)");
    return insert.Bind(1, at).Bind(2, record_id).Bind(3, std::string(event)).Bind(4, OneLine(detail)).Run();
}

std::string OneLine(std::string_view text, std::size_t max_bytes) {
    std::string line(text.substr(0, max_bytes));
    if (text.size() > max_bytes) {
        // Do not end inside a UTF-8 sequence: drop continuation bytes and their lead.
        std::size_t end = line.size();
        while (end > 0 && (static_cast<unsigned char>(line[end - 1]) & 0xC0) == 0x80) --end;
        if (end > 0 && (static_cast<unsigned char>(line[end - 1]) & 0x80)) --end;
        line.resize(end);
    }
    for (char& c : line)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
    return line;
}

}  // namespace store

Error RecordStore::Add(const IntakeRecord& record) {
    if (Error error = CheckStorable(record)) return error;
    std::int64_t created_at = 0;
    if (record.created_at.empty()) {
        created_at = UnixNow();
    } else if (!store::ParseRfc3339(record.created_at, created_at)) {
        return {ErrorCode::InvalidArgument, "record " + record.id + " has a created_at that is not RFC 3339"};
    }
    const std::vector<unsigned char> sealed = SealRecord(impl_->key, record);

    std::lock_guard<std::mutex> lock(impl_->mutex);
    store::Database& db = impl_->db;
    store::WriteTransaction transaction(db);
    if (transaction.begin_rc() != SQLITE_OK) return SqliteError(db.get(), transaction.begin_rc(), "add");
    Statement insert(db.get(),
                     "INSERT INTO records(id, created_at, state, attempts, next_attempt_at, delivered_at, last_error,"
                     " sealed) VALUES (?, ?, 'pending', 0, 0, 0, '', ?)");
    int rc = insert.Bind(1, record.id).Bind(2, created_at).BindBlob(3, sealed).Run();
    if (rc == SQLITE_CONSTRAINT_PRIMARYKEY || rc == SQLITE_CONSTRAINT_UNIQUE)
        return {ErrorCode::AlreadyExists, "record " + record.id + " is stored already"};
    // "created" when the record was made (at the kiosk), "confirmed" when stored.
    if (rc == SQLITE_DONE) rc = store::InsertAudit(db, created_at, record.id, "created", "");
    if (rc == SQLITE_DONE) rc = store::InsertAudit(db, UnixNow(), record.id, "confirmed", "");
    if (rc == SQLITE_DONE) rc = transaction.Commit();
    return rc == SQLITE_OK ? Error{} : SqliteError(db.get(), rc, "add");
}

Error RecordStore::Update(const IntakeRecord& record, const std::string& audit_detail) {
    if (Error error = CheckStorable(record)) return error;
    const std::vector<unsigned char> sealed = SealRecord(impl_->key, record);

    std::lock_guard<std::mutex> lock(impl_->mutex);
    store::Database& db = impl_->db;
    store::WriteTransaction transaction(db);
    if (transaction.begin_rc() != SQLITE_OK) return SqliteError(db.get(), transaction.begin_rc(), "update");
    Statement select(db.get(), "SELECT state FROM records WHERE id = ?");
    int rc = select.Bind(1, record.id).Step();
    if (rc == SQLITE_DONE) return {ErrorCode::NotFound, "no record " + record.id};
    if (rc != SQLITE_ROW) return SqliteError(db.get(), rc, "update");
    if (select.Text(0) == "delivered")
        return {ErrorCode::Conflict, "record " + record.id + " was delivered and cannot be changed"};
    Statement update(db.get(), "UPDATE records SET sealed = ? WHERE id = ?");
    rc = update.BindBlob(1, sealed).Bind(2, record.id).Run();
    if (rc == SQLITE_DONE) rc = store::InsertAudit(db, UnixNow(), record.id, "edited", audit_detail);
    if (rc == SQLITE_DONE) rc = transaction.Commit();
    return rc == SQLITE_OK ? Error{} : SqliteError(db.get(), rc, "update");
}

Error RecordStore::Get(const std::string& id, IntakeRecord& out) const {
    std::string json;
    int schema_version = 0;
    if (Error error = ReadSealed(*impl_, id, json, schema_version)) return error;
    RecordParseResult parsed = ParseRecordJson(json);
    sodium_memzero(json.data(), json.size());
    // The parser's message is left out: it might quote the record's content.
    if (parsed.error)
        return {ErrorCode::CorruptStore,
                "record " + id + " is intact but does not parse (" + ToString(parsed.error.code) + ")"};
    if (parsed.record.id != id || parsed.record.schema_version != schema_version)
        return {ErrorCode::CorruptStore, "record " + id + " holds another record's id or version"};
    out = std::move(parsed.record);
    return {};
}

Error RecordStore::GetJson(const std::string& id, std::string& out) const {
    int schema_version = 0;
    return ReadSealed(*impl_, id, out, schema_version);
}

Error RecordStore::NoteViewed(const std::string& id, const std::string& detail) {
    if (!IsRecordId(id)) return BadId();
    std::lock_guard<std::mutex> lock(impl_->mutex);
    store::Database& db = impl_->db;
    store::WriteTransaction transaction(db);
    if (transaction.begin_rc() != SQLITE_OK) return SqliteError(db.get(), transaction.begin_rc(), "audit");
    Statement select(db.get(), "SELECT 1 FROM records WHERE id = ?");
    int rc = select.Bind(1, id).Step();
    if (rc == SQLITE_DONE) return {ErrorCode::NotFound, "no record " + id};
    if (rc != SQLITE_ROW) return SqliteError(db.get(), rc, "audit");
    rc = store::InsertAudit(db, UnixNow(), id, "viewed", detail);
    if (rc == SQLITE_DONE) rc = transaction.Commit();
    return rc == SQLITE_OK ? Error{} : SqliteError(db.get(), rc, "audit");
}

std::vector<AuditEvent> RecordStore::Audit(int limit) const {
    std::vector<AuditEvent> events;
    std::lock_guard<std::mutex> lock(impl_->mutex);
    Statement select(impl_->db.get(), "SELECT at, record_id, event, detail FROM audit ORDER BY seq DESC LIMIT ?");
    select.Bind(1, static_cast<std::int64_t>(limit));
    while (select.Step() == SQLITE_ROW)
        events.push_back({select.Int(0), select.Text(1), select.Text(2), select.Text(3)});
    return events;
}

std::string RecordStore::IntegrityCheck() const {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    Statement check(impl_->db.get(), "PRAGMA integrity_check");
    std::string problems;
    int rc;
    while ((rc = check.Step()) == SQLITE_ROW) {
        const std::string line = check.Text(0);
        if (line == "ok") continue;
        problems += (problems.empty() ? "" : "; ") + line;
    }
    if (rc != SQLITE_DONE)
        problems += (problems.empty() ? "" : "; ") + SqliteError(impl_->db.get(), rc, "integrity check").message;
    return problems;
}

}  // namespace docintake
