#pragma once
// The on-device record store: intake records encrypted at rest in SQLite, an
// outbox of what still has to be handed off, retention, and an audit log.
//
//   docintake::StoreOptions options;
//   options.dir = "/var/lib/docintake";
//   auto opened = docintake::RecordStore::Open(options);
//   if (opened.error) die(opened.error.message);
//   docintake::RecordStore& store = *opened.store;
//   store.Add(record);                    // encrypted, in the outbox as pending
//   for (auto& entry : store.List()) ...  // ids and states only, never personal data
//
// Layout of a store folder: records.db (+ -wal, -shm), store.key (0600, unless the
// key comes from elsewhere). Each record's JSON is sealed with XChaCha20-Poly1305
// (libsodium) under the store key, with the record id as associated data; nothing
// personal is written in plaintext: not in the database, its WAL, temporary files
// or logs. SQLite runs in WAL mode with synchronous=FULL and secure_delete on, so
// a record written is on disk when Add returns and a purged one is overwritten.
//
// Several RecordStore objects, in one process or several, may use one folder at
// once: SQLite's locks serialise the writes (busy timeout: StoreOptions).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "docintake/error.h"
#include "docintake/record.h"

namespace docintake {

struct StoreOptions {
    std::string dir;  // the store folder; created (mode 0700) when create is true
    bool create = true;
    // Where the 32-byte key is. Empty: <dir>/store.key, created with mode 0600 on
    // first use. A key file readable by others than its owner is refused.
    std::string key_file;
    // The key itself as 64 hex characters (e.g. from a secrets manager or the
    // DOCINTAKE_STORE_KEY environment variable, which the CLI reads); wins over key_file.
    std::string key_hex;
    // Retention: delivered records are purged this long after delivery,
    // undelivered ones (pending or failed) this long after they were created.
    std::int64_t delivered_retention_seconds = 72 * 3600;
    std::int64_t undelivered_retention_seconds = 30 * 24 * 3600;
    // Audit events (ids and times only) are pruned this long after they were
    // written, so a kiosk that runs for years does not keep an unbounded trail;
    // a year covers a yearly review. 0 keeps them for ever.
    std::int64_t audit_retention_seconds = 365 * 24 * 3600;
    int busy_timeout_ms = 5000;
};

enum class OutboxState { Pending, Delivered, Failed };
// "pending", "delivered", "failed".
const char* ToString(OutboxState state);

// One record's place in the outbox. No personal data: safe to print and log.
struct OutboxEntry {
    std::string id;
    OutboxState state = OutboxState::Pending;
    int attempts = 0;
    std::int64_t created_at = 0;       // Unix seconds
    std::int64_t delivered_at = 0;     // Unix seconds, 0 until delivered
    std::int64_t next_attempt_at = 0;  // Unix seconds: not before this (backoff)
    std::string last_error;            // why the last attempt failed, e.g. "http 503"; no personal data
};

// An audit event: record ids and times only.
struct AuditEvent {
    std::int64_t at = 0;  // Unix seconds
    std::string record_id;
    std::string event;  // "created", "edited", "confirmed", "delivered", "failed", "purged", "resent", "viewed"
    std::string detail; // no personal data: e.g. "field=surname by=staff", "http 503", "sink=https"
};

struct OutboxCounts {
    int pending = 0;
    int delivered = 0;
    int failed = 0;
    std::int64_t last_delivery_at = 0;  // Unix seconds, 0 if none
    std::string last_error;             // the most recent attempt's error, if it failed
};

struct PurgeReport {
    int delivered_purged = 0;
    int undelivered_purged = 0;
    int audit_events_pruned = 0;  // audit events older than audit_retention_seconds
};

class RecordStore;

struct StoreOpenResult {
    std::unique_ptr<RecordStore> store;
    // NotAStore (folder missing or holds something else), WrongKey, CorruptStore,
    // PermissionDenied (key file mode), IoError ...; one line, no personal data.
    Error error;
};

class RecordStore {
public:
    static StoreOpenResult Open(const StoreOptions& options);
    ~RecordStore();
    RecordStore(const RecordStore&) = delete;
    RecordStore& operator=(const RecordStore&) = delete;

    // Stores a confirmed record and puts it in the outbox (pending), in one
    // transaction: after a crash it is either wholly there or not at all. Audit:
    // "created" and "confirmed". An id already stored is an error (AlreadyExists).
    Error Add(const IntakeRecord& record);
    // Replaces a stored record's content (a staff correction before delivery).
    // Audit "edited". A delivered record cannot be changed (Conflict).
    Error Update(const IntakeRecord& record, const std::string& audit_detail = {});
    // The record, decrypted; NotFound when absent or purged.
    Error Get(const std::string& id, IntakeRecord& out) const;
    // The record's JSON exactly as stored (what a sink sends).
    Error GetJson(const std::string& id, std::string& out) const;

    std::vector<OutboxEntry> List() const;  // oldest first
    OutboxCounts Counts() const;
    // Pending records whose next attempt is due at `now` (Unix seconds), oldest first.
    std::vector<OutboxEntry> Due(std::int64_t now, int limit = 100) const;

    // Outcome of one delivery attempt; each is one transaction.
    Error MarkDelivered(const std::string& id, std::int64_t now, const std::string& sink);
    // A failure worth retrying: attempts + 1, next attempt at `next_attempt_at`.
    Error MarkRetry(const std::string& id, std::int64_t next_attempt_at, const std::string& reason, std::int64_t now);
    // A permanent refusal (4xx other than 408/429): state failed, kept until purged.
    Error MarkFailed(const std::string& id, const std::string& reason, std::int64_t now);
    // Failed (or delayed pending) records go back to pending, due now. Audit "resent".
    Error Resend(const std::string& id, std::int64_t now);
    int ResendAllFailed(std::int64_t now);

    // Deletes what the retention limits allow at `now` (0: the clock), wipes the
    // freed pages and truncates the WAL. Audit "purged" per record.
    PurgeReport Purge(std::int64_t now = 0);

    // Notes in the audit log that a person was shown the record's personal data
    // (e.g. `docintake record show`); call it before showing. NotFound when absent.
    Error NoteViewed(const std::string& id, const std::string& detail = {});

    // Newest first, at most `limit`.
    std::vector<AuditEvent> Audit(int limit = 1000) const;
    // PRAGMA integrity_check: empty when the database is sound, else what SQLite says.
    std::string IntegrityCheck() const;

    const StoreOptions& options() const;

private:
    RecordStore();
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// The Unix time now, as the store and the outbox use it.
std::int64_t UnixNow();
// RFC 3339 UTC for a Unix time: "2026-12-06T10:15:00Z".
std::string Rfc3339(std::int64_t unix_seconds);

}  // namespace docintake
