#pragma once
// A thin RAII layer over the sqlite3 C API for the record store: one connection,
// prepared statements, write transactions, and SQLite's result codes mapped to
// docintake::Error. SQLite's messages name tables and constraints, never the
// values bound to a statement, so they may go into an Error.

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <vector>

#include "docintake/error.h"

namespace docintake::store {

// An Error for SQLite result code `rc` while doing `what` (e.g. "add").
Error SqliteError(sqlite3* db, int rc, const std::string& what);

class Database {
public:
    Database() = default;
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    // Opens an existing file read-write (never creates it); the result code.
    int Open(const std::string& path);
    sqlite3* get() const { return db_; }
    // Runs SQL without results (or ignoring them); the result code.
    int Exec(const char* sql);

private:
    sqlite3* db_ = nullptr;
};

class Statement {
public:
    Statement(sqlite3* db, const char* sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    // SQLITE_OK when prepared; the other calls do nothing on a failed statement.
    int prepare_rc() const { return prepare_rc_; }
    Statement& Bind(int index, std::int64_t value);
    Statement& Bind(int index, const std::string& text);
    Statement& BindBlob(int index, const std::vector<unsigned char>& bytes);
    // SQLITE_ROW, SQLITE_DONE or an error code (the preparation's if it failed).
    int Step();
    // Steps to the end; SQLITE_DONE or the first error code.
    int Run();

    std::int64_t Int(int column) const;
    std::string Text(int column) const;
    std::vector<unsigned char> Blob(int column) const;

private:
    sqlite3_stmt* stmt_ = nullptr;
    int prepare_rc_ = SQLITE_OK;
};

// BEGIN IMMEDIATE: takes the write lock up front (waiting up to the busy
// timeout), so two writers never deadlock upgrading a read lock. Rolled back
// unless committed.
class WriteTransaction {
public:
    explicit WriteTransaction(Database& db);
    ~WriteTransaction();
    WriteTransaction(const WriteTransaction&) = delete;
    WriteTransaction& operator=(const WriteTransaction&) = delete;

    int begin_rc() const { return begin_rc_; }
    int Commit();

private:
    Database& db_;
    int begin_rc_;
    bool open_ = false;
};

}  // namespace docintake::store
