#include "store/sqlite_db.h"

namespace docintake::store {

Error SqliteError(sqlite3* db, int rc, const std::string& what) {
    ErrorCode code = ErrorCode::IoError;
    switch (rc & 0xff) {
        case SQLITE_BUSY:
        case SQLITE_LOCKED: code = ErrorCode::Busy; break;
        case SQLITE_CORRUPT:
        case SQLITE_NOTADB: code = ErrorCode::CorruptStore; break;
        case SQLITE_PERM:
        case SQLITE_READONLY:
        case SQLITE_AUTH: code = ErrorCode::PermissionDenied; break;
        case SQLITE_CONSTRAINT:
            code = rc == SQLITE_CONSTRAINT_PRIMARYKEY || rc == SQLITE_CONSTRAINT_UNIQUE ? ErrorCode::AlreadyExists
                                                                                      : ErrorCode::Internal;
            break;
        case SQLITE_MISUSE:
        case SQLITE_ERROR:
        case SQLITE_RANGE: code = ErrorCode::Internal; break;
        default: break;
    }
    // errmsg describes the connection's last failure; errstr the code alone.
    const char* detail = db && sqlite3_errcode(db) == rc ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    return {code, what + ": " + detail};
}

Database::~Database() {
    if (db_) sqlite3_close_v2(db_);
}

int Database::Open(const std::string& path) {
    // NOMUTEX: RecordStore serialises its own calls; NOFOLLOW: records.db is ours, not a link elsewhere.
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_NOFOLLOW;
    const int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
    if (rc == SQLITE_OK) sqlite3_extended_result_codes(db_, 1);
    return rc;
}

int Database::Exec(const char* sql) { return sqlite3_exec(db_, sql, nullptr, nullptr, nullptr); }

Statement::Statement(sqlite3* db, const char* sql) { prepare_rc_ = sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr); }

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement& Statement::Bind(int index, std::int64_t value) {
    if (stmt_) sqlite3_bind_int64(stmt_, index, value);
    return *this;
}

Statement& Statement::Bind(int index, const std::string& text) {
    if (stmt_) sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    return *this;
}

Statement& Statement::BindBlob(int index, const std::vector<unsigned char>& bytes) {
    if (stmt_) sqlite3_bind_blob(stmt_, index, bytes.data(), static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
    return *this;
}

int Statement::Step() {
    if (prepare_rc_ != SQLITE_OK) return prepare_rc_;
    if (!stmt_) return SQLITE_MISUSE;
    return sqlite3_step(stmt_);
}

int Statement::Run() {
    int rc = Step();
    while (rc == SQLITE_ROW) rc = Step();
    return rc;
}

std::int64_t Statement::Int(int column) const { return sqlite3_column_int64(stmt_, column); }

std::string Statement::Text(int column) const {
    const unsigned char* text = sqlite3_column_text(stmt_, column);
    const int size = sqlite3_column_bytes(stmt_, column);
    return text ? std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(size)) : std::string();
}

std::vector<unsigned char> Statement::Blob(int column) const {
    const auto* data = static_cast<const unsigned char*>(sqlite3_column_blob(stmt_, column));
    const int size = sqlite3_column_bytes(stmt_, column);
    return data ? std::vector<unsigned char>(data, data + size) : std::vector<unsigned char>();
}

WriteTransaction::WriteTransaction(Database& db) : db_(db), begin_rc_(db.Exec("BEGIN IMMEDIATE")) {
    open_ = begin_rc_ == SQLITE_OK;
}

WriteTransaction::~WriteTransaction() {
    if (open_) db_.Exec("ROLLBACK");
}

int WriteTransaction::Commit() {
    if (!open_) return begin_rc_ != SQLITE_OK ? begin_rc_ : SQLITE_MISUSE;
    const int rc = db_.Exec("COMMIT");
    // A failed COMMIT (e.g. busy) leaves the transaction open; the destructor rolls it back.
    if (rc == SQLITE_OK) open_ = false;
    return rc;
}

}  // namespace docintake::store
