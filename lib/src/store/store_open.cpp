// RecordStore::Open: the folder, the database file, its schema and the key.

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

#include "store/seal.h"
#include "store/store_impl.h"

namespace docintake {
namespace {

using store::Database;
using store::SqliteError;
using store::Statement;

constexpr const char* kSchema =
    "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID;"
    // Plaintext columns hold no personal data; the record itself is `sealed`.
    "CREATE TABLE IF NOT EXISTS records("
    "  id TEXT PRIMARY KEY NOT NULL,"
    "  created_at INTEGER NOT NULL,"
    "  state TEXT NOT NULL CHECK(state IN ('pending', 'delivered', 'failed')),"
    "  attempts INTEGER NOT NULL DEFAULT 0,"
    "  next_attempt_at INTEGER NOT NULL DEFAULT 0,"
    "  delivered_at INTEGER NOT NULL DEFAULT 0,"
    "  last_error TEXT NOT NULL DEFAULT '',"
    "  sealed BLOB NOT NULL);"
    "CREATE INDEX IF NOT EXISTS records_by_state ON records(state, next_attempt_at);"
    "CREATE TABLE IF NOT EXISTS audit("
    "  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
    "  at INTEGER NOT NULL,"
    "  record_id TEXT NOT NULL,"
    "  event TEXT NOT NULL,"
    "  detail TEXT NOT NULL DEFAULT '');"
    "CREATE INDEX IF NOT EXISTS audit_by_event ON audit(event, seq);";

std::string Errno(const std::string& what, int err) { return what + ": " + std::strerror(err); }

// mkdir -p with mode 0700 for each folder made.
Error MakeFolders(const std::string& dir) {
    std::size_t at = 0;
    while (at != std::string::npos) {
        at = dir.find('/', at + 1);
        const std::string part = dir.substr(0, at);
        if (part.empty() || mkdir(part.c_str(), 0700) == 0 || errno == EEXIST) continue;
        const int err = errno;
        return {err == EACCES ? ErrorCode::PermissionDenied : ErrorCode::IoError, Errno("creating " + part, err)};
    }
    return {};
}

Error PrepareFolder(const StoreOptions& options) {
    if (options.dir.empty()) return {ErrorCode::InvalidArgument, "no store folder given"};
    struct stat st {};
    if (stat(options.dir.c_str(), &st) == 0) {
        if (!S_ISDIR(st.st_mode)) return {ErrorCode::NotAStore, options.dir + " is not a folder"};
        return {};
    }
    if (errno != ENOENT)
        return {errno == EACCES ? ErrorCode::PermissionDenied : ErrorCode::IoError, Errno(options.dir, errno)};
    if (!options.create) return {ErrorCode::NotAStore, "no record store at " + options.dir + " (folder missing)"};
    return MakeFolders(options.dir);
}

// records.db is made here, mode 0600, before SQLite opens it: SQLite would make
// it 0644 less the umask, and its -wal and -shm files copy the database's mode.
// An existing records.db is never opened here: POSIX record locks belong to the
// process, and closing any descriptor of the file drops the SQLite locks that
// another connection of this process holds on it. A second process would then
// take itself for the last user, checkpoint and delete the WAL that connection
// still writes to (seen with the kiosk, which opens its store twice, and the CLI).
Error PrepareDatabaseFile(const std::string& path, const StoreOptions& options) {
    struct stat st {};
    if (lstat(path.c_str(), &st) == 0) {
        if (!S_ISREG(st.st_mode)) return {ErrorCode::NotAStore, path + " is not a regular file"};
        if (access(path.c_str(), R_OK | W_OK) != 0)
            return {ErrorCode::PermissionDenied, Errno(path, errno)};
        return {};
    }
    if (errno != ENOENT) return {errno == EACCES ? ErrorCode::PermissionDenied : ErrorCode::IoError, Errno(path, errno)};
    if (!options.create) return {ErrorCode::NotAStore, "no record store at " + options.dir + " (no records.db)"};
    // O_EXCL: a new file, which no connection of this process can hold yet.
    const int fd = open(path.c_str(), O_RDWR | O_CLOEXEC | O_NOFOLLOW | O_CREAT | O_EXCL, 0600);
    if (fd < 0) {
        if (errno == EEXIST) return {};  // another process made it meanwhile
        const int err = errno;
        return {err == EACCES ? ErrorCode::PermissionDenied : ErrorCode::IoError, Errno(path, err)};
    }
    close(fd);
    return {};
}

// Which tables the file has: 0 none (a new store), 1 ours, -1 something else;
// or an error when the file is not a SQLite database.
Error InspectTables(Database& db, const std::string& path, int& kind) {
    Statement tables(db.get(),
                     "SELECT count(*), coalesce(sum(name = 'meta'), 0) FROM sqlite_master WHERE type = 'table'");
    const int rc = tables.Step();
    if (rc != SQLITE_ROW) {
        if ((rc & 0xff) == SQLITE_NOTADB)
            return {ErrorCode::NotAStore, path + " is not a record store (not a SQLite database)"};
        return SqliteError(db.get(), rc, "opening " + path);
    }
    kind = tables.Int(0) == 0 ? 0 : tables.Int(1) == 1 ? 1 : -1;
    return {};
}

Error CreateSchema(Database& db, const store::StoreKey& key) {
    store::WriteTransaction transaction(db);
    if (transaction.begin_rc() != SQLITE_OK)
        return SqliteError(db.get(), transaction.begin_rc(), "creating the store");
    int rc = db.Exec(kSchema);
    if (rc == SQLITE_OK) {
        // OR IGNORE: a process that created the store meanwhile wrote these first.
        Statement version(db.get(), "INSERT OR IGNORE INTO meta(key, value) VALUES ('format_version', ?)");
        rc = version.Bind(1, static_cast<std::int64_t>(store::kStoreFormatVersion)).Run();
    }
    if (rc == SQLITE_DONE) {
        Statement check(db.get(), "INSERT OR IGNORE INTO meta(key, value) VALUES ('key_check', ?)");
        rc = check.BindBlob(1, store::MakeKeyCheck(key)).Run();
    }
    if (rc == SQLITE_DONE) {
        Statement created(db.get(), "INSERT OR IGNORE INTO meta(key, value) VALUES ('created_at', ?)");
        rc = created.Bind(1, UnixNow()).Run();
    }
    if (rc == SQLITE_DONE) rc = transaction.Commit();
    return rc == SQLITE_OK ? Error{} : SqliteError(db.get(), rc, "creating the store");
}

Error CheckMeta(Database& db, const store::StoreKey& key, const std::string& path) {
    Statement version(db.get(), "SELECT value FROM meta WHERE key = 'format_version'");
    int rc = version.Step();
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return SqliteError(db.get(), rc, "reading " + path);
    if (rc == SQLITE_DONE) return {ErrorCode::CorruptStore, path + " has no store format version"};
    const std::int64_t format = version.Int(0);
    if (format > store::kStoreFormatVersion)
        return {ErrorCode::Unsupported, path + " has store format " + std::to_string(format) +
                                            ", newer than this library's " +
                                            std::to_string(store::kStoreFormatVersion)};
    if (format < 1) return {ErrorCode::CorruptStore, path + " has an invalid store format version"};
    Statement check(db.get(), "SELECT value FROM meta WHERE key = 'key_check'");
    rc = check.Step();
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return SqliteError(db.get(), rc, "reading " + path);
    if (rc == SQLITE_DONE) return {ErrorCode::CorruptStore, path + " has no key check value"};
    if (!store::KeyCheckOpens(key, check.Blob(0)))
        return {ErrorCode::WrongKey, "the store key does not open " + path};
    Statement tables(db.get(),
                     "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('records', 'audit')");
    rc = tables.Step();
    if (rc != SQLITE_ROW) return SqliteError(db.get(), rc, "reading " + path);
    if (tables.Int(0) != 2) return {ErrorCode::CorruptStore, path + " lacks the store's tables"};
    return {};
}

// Settings of this connection only.
Error Configure(Database& db) {
    // secure_delete: freed pages are zeroed; temp_store: no temporary files on disk;
    // synchronous FULL: the WAL is synced at every commit, so a record added is on disk.
    const int rc = db.Exec(
        "PRAGMA secure_delete = ON; PRAGMA temp_store = MEMORY; PRAGMA synchronous = FULL");
    return rc == SQLITE_OK ? Error{} : SqliteError(db.get(), rc, "configuring the store's database");
}

// WAL mode is kept in the database file; set on every open (a no-op once set),
// never on a file that is not ours. Switching needs the database to itself and
// SQLite does not wait for that (no busy handler), so a store being created by
// two processes at once retries here, within the busy timeout.
Error EnableWal(Database& db, int busy_timeout_ms) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(busy_timeout_ms);
    for (;;) {
        Statement wal(db.get(), "PRAGMA journal_mode = WAL");
        const int rc = wal.Step();
        if (rc == SQLITE_ROW && wal.Text(0) == "wal") return {};
        if (rc == SQLITE_ROW) return {ErrorCode::IoError, "the store's database could not be put in WAL mode"};
        const bool busy = (rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED;
        if (!busy || std::chrono::steady_clock::now() >= deadline)
            return SqliteError(db.get(), rc, "putting the store's database in WAL mode");
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
}

// A key given (as hex or a key file) is loaded before anything is made on disk.
Error LoadGivenKey(const StoreOptions& options, store::StoreKey& key) {
    if (!key.allocated()) return {ErrorCode::IoError, "no secure memory for the store key"};
    if (!options.key_hex.empty()) return key.FromHex(options.key_hex);
    if (!options.key_file.empty()) return key.FromFile(options.key_file, false);
    return {};
}

// <dir>/store.key is made only for a new store: a missing key of an existing
// store is an error, not a reason to make a key that cannot open it.
Error LoadDefaultKey(const StoreOptions& options, bool new_store, store::StoreKey& key) {
    return key.FromFile(store::KeyFilePath(options), new_store && options.create);
}

}  // namespace

RecordStore::RecordStore() : impl_(std::make_unique<Impl>()) {}
RecordStore::~RecordStore() = default;

StoreOpenResult RecordStore::Open(const StoreOptions& options) {
    StoreOpenResult result;
    if (sodium_init() < 0) {
        result.error = {ErrorCode::Internal, "libsodium failed to initialise"};
        return result;
    }
    std::unique_ptr<RecordStore> store(new RecordStore());
    Impl& impl = *store->impl_;
    impl.options = options;
    sodium_memzero(impl.options.key_hex.data(), impl.options.key_hex.size());
    impl.options.key_hex.clear();
    if ((result.error = LoadGivenKey(options, impl.key))) return result;

    if ((result.error = PrepareFolder(options))) return result;
    const std::string path = options.dir + "/records.db";
    if ((result.error = PrepareDatabaseFile(path, options))) return result;
    const int rc = impl.db.Open(path);
    if (rc != SQLITE_OK) {
        result.error = SqliteError(impl.db.get(), rc, "opening " + path);
        if ((rc & 0xff) == SQLITE_CANTOPEN) result.error.code = ErrorCode::NotAStore;
        return result;
    }
    sqlite3_busy_timeout(impl.db.get(), options.busy_timeout_ms > 0 ? options.busy_timeout_ms : 0);
    int tables = 0;
    if ((result.error = InspectTables(impl.db, path, tables))) return result;
    if (tables < 0) {
        result.error = {ErrorCode::NotAStore, path + " is a SQLite database but not a record store"};
        return result;
    }
    if (tables == 0 && !options.create) {
        result.error = {ErrorCode::NotAStore, "no record store at " + options.dir + " (empty database)"};
        return result;
    }
    if (options.key_hex.empty() && options.key_file.empty() &&
        (result.error = LoadDefaultKey(options, tables == 0, impl.key)))
        return result;
    if ((result.error = Configure(impl.db))) return result;
    if ((result.error = EnableWal(impl.db, options.busy_timeout_ms))) return result;
    if (tables == 0 && (result.error = CreateSchema(impl.db, impl.key))) return result;
    if ((result.error = CheckMeta(impl.db, impl.key, path))) return result;
    result.store = std::move(store);
    return result;
}

const StoreOptions& RecordStore::options() const { return impl_->options; }

}  // namespace docintake
