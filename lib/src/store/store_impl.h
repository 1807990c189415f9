#pragma once
// What a RecordStore holds, shared by the files that implement it
// (store_open.cpp, record_store.cpp, outbox.cpp).

#include <mutex>
#include <string>
#include <string_view>

#include "docintake/store.h"
#include "store/sqlite_db.h"
#include "store/store_key.h"

namespace docintake {
namespace store {

// The state of one open store (RecordStore::Impl is private; helpers take this).
struct StoreState {
    StoreOptions options;  // as given, except key_hex, which is wiped once the key is loaded
    Database db;
    StoreKey key;
    // One connection per RecordStore: its calls take turns. Other RecordStores
    // (and processes) have their own connections and SQLite's locks.
    mutable std::mutex mutex;
};

// The store format this library writes (meta.format_version).
constexpr int kStoreFormatVersion = 1;

// An audit row inside the caller's transaction; the SQLite result code.
int InsertAudit(Database& db, std::int64_t at, const std::string& record_id, const char* event,
                const std::string& detail);

// A caller's free text (reason, audit detail) made into one bounded line: control
// characters become spaces, long text is cut at a character boundary.
std::string OneLine(std::string_view text, std::size_t max_bytes = 200);

}  // namespace store

struct RecordStore::Impl : store::StoreState {};

}  // namespace docintake
