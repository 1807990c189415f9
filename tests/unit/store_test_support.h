#pragma once
// Helpers for the record store's tests: records with distinctive personal data,
// store options in a temp folder, reading a store folder's files, and raw SQLite
// access to a store's database (to tamper with it as an attacker would).

#include <sqlite3.h>
#include <sys/stat.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <docintake/store.h>

namespace docintake_test {

// Personal data no store file may hold in plaintext.
constexpr const char* kSurname = "ZYXWVUTSRQ";
constexpr const char* kDocumentNumber = "QX7Y3Z9W1";

// A 32-hex record id made from a number, distinct per number.
inline std::string TestId(int n) {
    char id[33];
    std::snprintf(id, sizeof id, "%032x", n + 0x1000);
    return id;
}

inline docintake::RecordField Field(const std::string& value) {
    docintake::RecordField field;
    field.value = value;
    field.source = "mrz";
    field.checked = true;
    field.confidence = 0.98;
    return field;
}

// A confirmed TD3 record as BuildRecord would make it (filled by hand).
inline docintake::IntakeRecord MakeRecord(const std::string& id, const std::string& created_at = "2026-12-06T10:15:00Z",
                                          const std::string& surname = kSurname,
                                          const std::string& document_number = kDocumentNumber) {
    docintake::IntakeRecord record;
    record.id = id;
    record.created_at = created_at;
    record.intake_date = created_at.substr(0, 10);
    record.document_format = "TD3";
    record.fields = {{"document_code", Field("P")},      {"issuing_state", Field("UTO")},
                     {"surname", Field(surname)},        {"given_names", Field("ANNA MARIA")},
                     {"document_number", Field(document_number)}, {"nationality", Field("UTO")},
                     {"birth_date", Field("1974-08-12")}, {"sex", Field("F")},
                     {"expiry_date", Field("2032-04-15")}};
    docintake::Consent consent;
    consent.given = true;
    consent.scope = "intake_record";
    consent.language = "ar";
    consent.at = created_at;
    record.consent = consent;
    return record;
}

inline std::string FieldValue(const docintake::IntakeRecord& record, const std::string& name) {
    for (const auto& field : record.fields)
        if (field.first == name) return field.second.value;
    return {};
}

inline docintake::StoreOptions OptionsIn(const std::string& dir) {
    docintake::StoreOptions options;
    options.dir = dir;
    return options;
}

inline std::string ReadBytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline void WriteBytes(const std::string& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

inline unsigned Mode(const std::string& path) {
    struct stat st {};
    return stat(path.c_str(), &st) == 0 ? (st.st_mode & 07777u) : 0xFFFFu;
}

// Every regular file in a folder (recursively), by path.
inline std::vector<std::string> FilesIn(const std::string& dir) {
    std::vector<std::string> files;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir))
        if (entry.is_regular_file()) files.push_back(entry.path().string());
    return files;
}

// A raw connection to a store's records.db, beside the store's own.
class RawDb {
public:
    explicit RawDb(const std::string& path) { sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr); }
    ~RawDb() { sqlite3_close_v2(db_); }
    RawDb(const RawDb&) = delete;
    RawDb& operator=(const RawDb&) = delete;

    int Exec(const std::string& sql) { return sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr); }

    // The first column of the first row, as bytes ("" when there is none).
    std::string Query(const std::string& sql) {
        sqlite3_stmt* stmt = nullptr;
        std::string out;
        if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW) {
            const void* data = sqlite3_column_blob(stmt, 0);
            out.assign(static_cast<const char*>(data), static_cast<std::size_t>(sqlite3_column_bytes(stmt, 0)));
        }
        sqlite3_finalize(stmt);
        return out;
    }

    // Sets a blob column of one row (tampering).
    int SetBlob(const std::string& sql, const std::string& bytes) {
        sqlite3_stmt* stmt = nullptr;
        int rc = sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr);
        if (rc == SQLITE_OK) {
            sqlite3_bind_blob(stmt, 1, bytes.data(), static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
            rc = sqlite3_step(stmt);
        }
        sqlite3_finalize(stmt);
        return rc;
    }

private:
    sqlite3* db_ = nullptr;
};

}  // namespace docintake_test
