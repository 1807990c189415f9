// The outbox: what is still to be handed off, the outcome of each attempt,
// resending, and retention (Purge).

#include "store/store_impl.h"

namespace docintake {
namespace {

using store::SqliteError;
using store::Statement;

constexpr const char* kEntryColumns = "id, state, attempts, created_at, delivered_at, next_attempt_at, last_error";

OutboxState StateFromText(const std::string& text) {
    if (text == "delivered") return OutboxState::Delivered;
    if (text == "failed") return OutboxState::Failed;
    return OutboxState::Pending;
}

OutboxEntry ReadEntry(const Statement& row) {
    OutboxEntry entry;
    entry.id = row.Text(0);
    entry.state = StateFromText(row.Text(1));
    entry.attempts = static_cast<int>(row.Int(2));
    entry.created_at = row.Int(3);
    entry.delivered_at = row.Int(4);
    entry.next_attempt_at = row.Int(5);
    entry.last_error = row.Text(6);
    return entry;
}

// One change of a record's outbox state, in one transaction with its audit
// event. `allowed` lists the states the change may start from; `sql` is an
// UPDATE of the record whose last parameter is the id.
struct Transition {
    const char* what;                      // for error messages: "mark delivered"
    std::vector<const char*> allowed;      // states it may start from
    const char* sql;
    std::vector<std::int64_t> numbers;     // bound first, in order
    std::vector<std::string> texts;        // then these
    const char* event;
    std::string detail;
    std::int64_t at;
};

Error Apply(store::StoreState& impl, const std::string& id, const Transition& t) {
    std::lock_guard<std::mutex> lock(impl.mutex);
    store::Database& db = impl.db;
    store::WriteTransaction transaction(db);
    if (transaction.begin_rc() != SQLITE_OK) return SqliteError(db.get(), transaction.begin_rc(), t.what);
    Statement select(db.get(), "SELECT state FROM records WHERE id = ?");
    int rc = select.Bind(1, id).Step();
    if (rc == SQLITE_DONE) return {ErrorCode::NotFound, "no record " + id};
    if (rc != SQLITE_ROW) return SqliteError(db.get(), rc, t.what);
    const std::string state = select.Text(0);
    bool allowed = false;
    for (const char* from : t.allowed) allowed = allowed || state == from;
    if (!allowed) return {ErrorCode::Conflict, "cannot " + std::string(t.what) + " record " + id + ": it is " + state};
    Statement update(db.get(), t.sql);
    int index = 1;
    for (std::int64_t number : t.numbers) update.Bind(index++, number);
    for (const std::string& text : t.texts) update.Bind(index++, text);
    rc = update.Bind(index, id).Run();
    if (rc == SQLITE_DONE) rc = store::InsertAudit(db, t.at, id, t.event, t.detail);
    if (rc == SQLITE_DONE) rc = transaction.Commit();
    return rc == SQLITE_OK ? Error{} : SqliteError(db.get(), rc, t.what);
}

}  // namespace

std::vector<OutboxEntry> RecordStore::List() const {
    std::vector<OutboxEntry> entries;
    std::lock_guard<std::mutex> lock(impl_->mutex);
    Statement select(impl_->db.get(),
                     (std::string("SELECT ") + kEntryColumns + " FROM records ORDER BY created_at, rowid").c_str());
    while (select.Step() == SQLITE_ROW) entries.push_back(ReadEntry(select));
    return entries;
}

OutboxCounts RecordStore::Counts() const {
    OutboxCounts counts;
    std::lock_guard<std::mutex> lock(impl_->mutex);
    sqlite3* db = impl_->db.get();
    // One read transaction, so the three queries see one state of the store.
    impl_->db.Exec("BEGIN");
    Statement states(db, "SELECT state, count(*) FROM records GROUP BY state");
    while (states.Step() == SQLITE_ROW) {
        const int n = static_cast<int>(states.Int(1));
        switch (StateFromText(states.Text(0))) {
            case OutboxState::Pending: counts.pending = n; break;
            case OutboxState::Delivered: counts.delivered = n; break;
            case OutboxState::Failed: counts.failed = n; break;
        }
    }
    // From the audit log, which outlives purged records.
    Statement delivered(db, "SELECT at FROM audit WHERE event = 'delivered' ORDER BY seq DESC LIMIT 1");
    if (delivered.Step() == SQLITE_ROW) counts.last_delivery_at = delivered.Int(0);
    Statement last(db,
                   "SELECT event, detail FROM audit WHERE event IN ('delivered', 'attempt_failed', 'failed')"
                   " ORDER BY seq DESC LIMIT 1");
    if (last.Step() == SQLITE_ROW && last.Text(0) != "delivered") counts.last_error = last.Text(1);
    impl_->db.Exec("COMMIT");
    return counts;
}

std::vector<OutboxEntry> RecordStore::Due(std::int64_t now, int limit) const {
    std::vector<OutboxEntry> entries;
    std::lock_guard<std::mutex> lock(impl_->mutex);
    Statement select(impl_->db.get(), (std::string("SELECT ") + kEntryColumns +
                                       " FROM records WHERE state = 'pending' AND next_attempt_at <= ?"
                                       " ORDER BY created_at, rowid LIMIT ?")
                                          .c_str());
    select.Bind(1, now).Bind(2, static_cast<std::int64_t>(limit));
    while (select.Step() == SQLITE_ROW) entries.push_back(ReadEntry(select));
    return entries;
}

Error RecordStore::MarkDelivered(const std::string& id, std::int64_t now, const std::string& sink) {
    return Apply(*impl_, id,
                 {"mark delivered", {"pending", "failed"},
                  "UPDATE records SET state = 'delivered', attempts = attempts + 1, delivered_at = ?,"
                  " last_error = '' WHERE id = ?",
                  {now}, {}, "delivered", "sink=" + sink, now});
}

Error RecordStore::MarkRetry(const std::string& id, std::int64_t next_attempt_at, const std::string& reason,
                             std::int64_t now) {
    return Apply(*impl_, id,
                 {"mark for retry", {"pending"},
                  "UPDATE records SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ?",
                  {next_attempt_at}, {store::OneLine(reason)}, "attempt_failed", reason, now});
}

Error RecordStore::MarkFailed(const std::string& id, const std::string& reason, std::int64_t now) {
    return Apply(*impl_, id,
                 {"mark failed", {"pending"},
                  "UPDATE records SET state = 'failed', attempts = attempts + 1, last_error = ? WHERE id = ?",
                  {}, {store::OneLine(reason)}, "failed", reason, now});
}

Error RecordStore::Resend(const std::string& id, std::int64_t now) {
    return Apply(*impl_, id,
                 {"resend", {"pending", "failed"},
                  "UPDATE records SET state = 'pending', next_attempt_at = ? WHERE id = ?",
                  {now}, {}, "resent", "", now});
}

int RecordStore::ResendAllFailed(std::int64_t now) {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    store::Database& db = impl_->db;
    store::WriteTransaction transaction(db);
    if (transaction.begin_rc() != SQLITE_OK) return 0;
    Statement audit(db.get(),
                    "INSERT INTO audit(at, record_id, event, detail) SELECT ?, id, 'resent', 'all failed'"
                    " FROM records WHERE state = 'failed' ORDER BY created_at, rowid");
    if (audit.Bind(1, now).Run() != SQLITE_DONE) return 0;
    Statement update(db.get(), "UPDATE records SET state = 'pending', next_attempt_at = ? WHERE state = 'failed'");
    if (update.Bind(1, now).Run() != SQLITE_DONE) return 0;
    const int changed = sqlite3_changes(db.get());
    return transaction.Commit() == SQLITE_OK ? changed : 0;
}

namespace {

// Deletes the expired records and audits each, in one transaction; what was deleted.
PurgeReport DeleteExpired(store::Database& db, std::int64_t now, std::int64_t delivered_before,
                          std::int64_t created_before) {
    constexpr const char* kExpired =
        " FROM records WHERE (state = 'delivered' AND delivered_at <= ?1)"
        " OR (state IN ('pending', 'failed') AND created_at <= ?2)";
    store::WriteTransaction transaction(db);
    if (transaction.begin_rc() != SQLITE_OK) return {};
    Statement count(db.get(), (std::string("SELECT coalesce(sum(state = 'delivered'), 0),"
                                           " coalesce(sum(state <> 'delivered'), 0)") + kExpired).c_str());
    if (count.Bind(1, delivered_before).Bind(2, created_before).Step() != SQLITE_ROW) return {};
    const PurgeReport found{static_cast<int>(count.Int(0)), static_cast<int>(count.Int(1))};
    if (found.delivered_purged + found.undelivered_purged == 0) return {};
    Statement audit(db.get(), (std::string("INSERT INTO audit(at, record_id, event, detail)"
                                           " SELECT ?3, id, 'purged', 'state=' || state") + kExpired +
                               " ORDER BY created_at, rowid").c_str());
    if (audit.Bind(1, delivered_before).Bind(2, created_before).Bind(3, now).Run() != SQLITE_DONE) return {};
    Statement erase(db.get(), (std::string("DELETE") + kExpired).c_str());
    if (erase.Bind(1, delivered_before).Bind(2, created_before).Run() != SQLITE_DONE) return {};
    return transaction.Commit() == SQLITE_OK ? found : PurgeReport{};
}

// Deletes the audit events written at or before `written_before`; how many.
int PruneAudit(store::Database& db, std::int64_t written_before) {
    Statement erase(db.get(), "DELETE FROM audit WHERE at <= ?");
    if (erase.Bind(1, written_before).Run() != SQLITE_DONE) return 0;
    return sqlite3_changes(db.get());
}

}  // namespace

PurgeReport RecordStore::Purge(std::int64_t now) {
    if (now == 0) now = UnixNow();
    const StoreOptions& options = impl_->options;
    std::lock_guard<std::mutex> lock(impl_->mutex);
    PurgeReport report = DeleteExpired(impl_->db, now, now - options.delivered_retention_seconds,
                                       now - options.undelivered_retention_seconds);
    if (options.audit_retention_seconds > 0) report.audit_events_pruned = PruneAudit(impl_->db, now - options.audit_retention_seconds);
    // secure_delete zeroed the freed pages in the WAL; the checkpoint copies them
    // over the old ones in records.db and empties the WAL file, so neither keeps
    // a purged record's (or an edit's earlier) sealed bytes. Readers elsewhere may
    // make it partial; the next purge (or the last connection's close) finishes it.
    impl_->db.Exec("PRAGMA wal_checkpoint(TRUNCATE)");
    return report;
}

}  // namespace docintake
