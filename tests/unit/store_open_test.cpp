// Opening a record store: folder and file modes, the key (hex, key file, the
// default store.key), and the clear errors for a wrong key, a key file others
// may read, a folder that is not a store, a database that is something else,
// and a sealed record that was tampered with.

#include <doctest/doctest.h>
#include <sodium.h>
#include <sys/stat.h>

#include "support/temp_dir.h"
#include "unit/store_test_support.h"

using namespace docintake;
using namespace docintake_test;

namespace {

constexpr const char* kKeyA = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
constexpr const char* kKeyB = "ff0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

StoreOptions WithHexKey(const std::string& dir, const std::string& hex) {
    StoreOptions options = OptionsIn(dir);
    options.key_hex = hex;
    return options;
}

// An error is one line and names no personal data.
void CheckCleanMessage(const Error& error) {
    CHECK(error.message.find('\n') == std::string::npos);
    CHECK(error.message.find(kSurname) == std::string::npos);
    CHECK(error.message.find(kDocumentNumber) == std::string::npos);
}

void MakeStoreWithRecord(const StoreOptions& options) {
    StoreOpenResult opened = RecordStore::Open(options);
    REQUIRE_MESSAGE(!opened.error, opened.error.message);
    REQUIRE_FALSE(opened.store->Add(MakeRecord(TestId(1))));
}

}  // namespace

TEST_CASE("a new store: folder 0700, database, WAL and key files 0600, whatever the umask") {
    TempDir tmp;
    const std::string dir = tmp.file("site/store");  // parents are made too
    const mode_t old_umask = umask(0);
    StoreOpenResult opened = RecordStore::Open(OptionsIn(dir));
    REQUIRE_MESSAGE(!opened.error, opened.error.message);
    REQUIRE_FALSE(opened.store->Add(MakeRecord(TestId(1))));
    CHECK(Mode(dir) == 0700u);
    CHECK(Mode(dir + "/records.db") == 0600u);
    CHECK(Mode(dir + "/records.db-wal") == 0600u);
    CHECK(Mode(dir + "/records.db-shm") == 0600u);
    CHECK(Mode(dir + "/store.key") == 0600u);
    CHECK(ReadBytes(dir + "/store.key").size() == 32);
    for (const std::string& file : FilesIn(dir)) CHECK_MESSAGE(Mode(file) == 0600u, file);
    umask(old_umask);
    CHECK(RawDb(dir + "/records.db").Query("PRAGMA journal_mode") == "wal");
    // The key is not kept in the options the store hands out.
    CHECK(opened.store->options().key_hex.empty());
    CHECK(opened.store->options().dir == dir);
}

TEST_CASE("the default key file is made once and opens the store again") {
    TempDir tmp;
    MakeStoreWithRecord(OptionsIn(tmp.path()));
    const std::string key = ReadBytes(tmp.file("store.key"));
    StoreOptions existing = OptionsIn(tmp.path());
    existing.create = false;
    StoreOpenResult opened = RecordStore::Open(existing);
    REQUIRE_MESSAGE(!opened.error, opened.error.message);
    IntakeRecord back;
    CHECK_FALSE(opened.store->Get(TestId(1), back));
    CHECK(ReadBytes(tmp.file("store.key")) == key);
}

TEST_CASE("a key given as hex, or in a key file as raw bytes or hex") {
    TempDir tmp;
    MakeStoreWithRecord(WithHexKey(tmp.path(), kKeyA));
    CHECK_FALSE(std::filesystem::exists(tmp.file("store.key")));  // no key file when the key is given

    StoreOptions upper = WithHexKey(tmp.path(), kKeyA);
    for (char& c : upper.key_hex) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    CHECK_FALSE(RecordStore::Open(upper).error);

    TempDir keys;
    WriteBytes(keys.file("hex.key"), std::string(kKeyA) + "\n");
    chmod(keys.file("hex.key").c_str(), 0600);
    StoreOptions from_hex_file = OptionsIn(tmp.path());
    from_hex_file.key_file = keys.file("hex.key");
    StoreOpenResult opened = RecordStore::Open(from_hex_file);
    CHECK_MESSAGE(!opened.error, opened.error.message);

    std::string raw;
    for (int i = 0; i < 32; ++i) raw.push_back(static_cast<char>(i));  // kKeyA's bytes
    WriteBytes(keys.file("raw.key"), raw);
    chmod(keys.file("raw.key").c_str(), 0400);
    StoreOptions from_raw_file = OptionsIn(tmp.path());
    from_raw_file.key_file = keys.file("raw.key");
    opened = RecordStore::Open(from_raw_file);
    CHECK_MESSAGE(!opened.error, opened.error.message);
}

TEST_CASE("malformed keys are refused without echoing them") {
    TempDir tmp;
    for (const std::string& bad : {std::string("00112233"), std::string(kKeyA).substr(0, 63) + "g",
                                   std::string(kKeyA) + "00"}) {
        const Error error = RecordStore::Open(WithHexKey(tmp.path(), bad)).error;
        CHECK(error.code == ErrorCode::InvalidArgument);
        CHECK(error.message.find(bad) == std::string::npos);
    }
    WriteBytes(tmp.file("short.key"), "0123456789");
    chmod(tmp.file("short.key").c_str(), 0600);
    StoreOptions options = OptionsIn(tmp.file("s"));
    options.key_file = tmp.file("short.key");
    CHECK(RecordStore::Open(options).error.code == ErrorCode::InvalidArgument);
    options.key_file = tmp.file("absent.key");  // an explicit key file is never made up
    const Error missing = RecordStore::Open(options).error;
    CHECK(missing.code == ErrorCode::WrongKey);
    CHECK_FALSE(std::filesystem::exists(tmp.file("absent.key")));
    CHECK_FALSE(std::filesystem::exists(tmp.file("s")));  // a bad key is found before the folder is made
}

TEST_CASE("a wrong key is WrongKey at Open") {
    TempDir tmp;
    MakeStoreWithRecord(WithHexKey(tmp.path(), kKeyA));
    const Error error = RecordStore::Open(WithHexKey(tmp.path(), kKeyB)).error;
    CHECK(error.code == ErrorCode::WrongKey);
    CheckCleanMessage(error);

    // The default key file swapped for another key: the same.
    TempDir other;
    MakeStoreWithRecord(OptionsIn(other.path()));
    std::string key = ReadBytes(other.file("store.key"));
    key[0] = static_cast<char>(key[0] ^ 1);
    WriteBytes(other.file("store.key"), key);
    CHECK(RecordStore::Open(OptionsIn(other.path())).error.code == ErrorCode::WrongKey);

    // The key file deleted: an error, and no new key is made for the old store.
    std::filesystem::remove(other.file("store.key"));
    CHECK(RecordStore::Open(OptionsIn(other.path())).error.code == ErrorCode::WrongKey);
    CHECK_FALSE(std::filesystem::exists(other.file("store.key")));
}

TEST_CASE("a key file group or others may read is refused") {
    TempDir tmp;
    MakeStoreWithRecord(OptionsIn(tmp.path()));
    for (mode_t mode : {0644, 0640, 0604, 0660, 0602}) {
        chmod(tmp.file("store.key").c_str(), mode);
        const Error error = RecordStore::Open(OptionsIn(tmp.path())).error;
        CHECK_MESSAGE(error.code == ErrorCode::PermissionDenied, mode);
        CheckCleanMessage(error);
    }
    chmod(tmp.file("store.key").c_str(), 0600);
    CHECK_FALSE(RecordStore::Open(OptionsIn(tmp.path())).error);
}

TEST_CASE("a missing or empty folder is NotAStore when the store may not be created") {
    TempDir tmp;
    StoreOptions options = OptionsIn(tmp.file("nowhere"));
    options.create = false;
    Error error = RecordStore::Open(options).error;
    CHECK(error.code == ErrorCode::NotAStore);
    CHECK_FALSE(std::filesystem::exists(tmp.file("nowhere")));

    options.dir = tmp.path();
    error = RecordStore::Open(options).error;
    CHECK(error.code == ErrorCode::NotAStore);
    CHECK(FilesIn(tmp.path()).empty());  // nothing made

    WriteBytes(tmp.file("a-file"), "x");
    options.dir = tmp.file("a-file");
    options.create = true;
    CHECK(RecordStore::Open(options).error.code == ErrorCode::NotAStore);
    CHECK(RecordStore::Open(StoreOptions{}).error.code == ErrorCode::InvalidArgument);
}

TEST_CASE("a records.db that is not SQLite is refused and left as it was") {
    TempDir tmp;
    std::string garbage;
    for (int i = 0; i < 8192; ++i) garbage.push_back(static_cast<char>((i * 7919 + 13) & 0xff));
    for (const std::string& content : {garbage, std::string("just some text, not a database\n")}) {
        WriteBytes(tmp.file("records.db"), content);
        const Error error = RecordStore::Open(OptionsIn(tmp.path())).error;
        CHECK_MESSAGE((error.code == ErrorCode::NotAStore || error.code == ErrorCode::CorruptStore), error.message);
        CheckCleanMessage(error);
        CHECK(ReadBytes(tmp.file("records.db")) == content);
    }
}

TEST_CASE("a SQLite database that is not a store is NotAStore and is not changed") {
    TempDir tmp;
    {
        sqlite3* db = nullptr;
        sqlite3_open(tmp.file("records.db").c_str(), &db);
        sqlite3_exec(db, "CREATE TABLE people(name TEXT); INSERT INTO people VALUES ('x')", nullptr, nullptr, nullptr);
        sqlite3_close(db);
    }
    const std::string before = ReadBytes(tmp.file("records.db"));
    const Error error = RecordStore::Open(OptionsIn(tmp.path())).error;
    CHECK(error.code == ErrorCode::NotAStore);
    CHECK(ReadBytes(tmp.file("records.db")) == before);
    CHECK_FALSE(std::filesystem::exists(tmp.file("store.key")));
    CHECK(RawDb(tmp.file("records.db")).Query("PRAGMA journal_mode") == "delete");
}

TEST_CASE("a damaged store: newer format is Unsupported, a missing key check or table CorruptStore") {
    TempDir tmp;
    MakeStoreWithRecord(OptionsIn(tmp.path()));
    {
        RawDb raw(tmp.file("records.db"));
        REQUIRE(raw.Exec("UPDATE meta SET value = 2 WHERE key = 'format_version'") == SQLITE_OK);
    }
    CHECK(RecordStore::Open(OptionsIn(tmp.path())).error.code == ErrorCode::Unsupported);
    {
        RawDb raw(tmp.file("records.db"));
        REQUIRE(raw.Exec("UPDATE meta SET value = 1 WHERE key = 'format_version'") == SQLITE_OK);
        REQUIRE(raw.Exec("DELETE FROM meta WHERE key = 'key_check'") == SQLITE_OK);
    }
    CHECK(RecordStore::Open(OptionsIn(tmp.path())).error.code == ErrorCode::CorruptStore);

    TempDir other;
    MakeStoreWithRecord(OptionsIn(other.path()));
    REQUIRE(RawDb(other.file("records.db")).Exec("DROP TABLE audit") == SQLITE_OK);
    CHECK(RecordStore::Open(OptionsIn(other.path())).error.code == ErrorCode::CorruptStore);
}

TEST_CASE("a tampered sealed record is CorruptStore at Get; so is one moved to another id") {
    TempDir tmp;
    StoreOpenResult opened = RecordStore::Open(OptionsIn(tmp.path()));
    REQUIRE_MESSAGE(!opened.error, opened.error.message);
    RecordStore& store = *opened.store;
    REQUIRE_FALSE(store.Add(MakeRecord(TestId(1))));
    REQUIRE_FALSE(store.Add(MakeRecord(TestId(2), "2026-12-06T10:16:00Z", "OTHERNAME", "AB1234567")));

    RawDb raw(tmp.file("records.db"));
    const std::string where1 = " WHERE id = '" + TestId(1) + "'";
    const std::string where2 = " WHERE id = '" + TestId(2) + "'";
    std::string sealed = raw.Query("SELECT sealed FROM records" + where1);
    REQUIRE(sealed.size() > 100);
    sealed[sealed.size() / 2] = static_cast<char>(sealed[sealed.size() / 2] ^ 0x01);
    REQUIRE(raw.SetBlob("UPDATE records SET sealed = ?" + where1, sealed) == SQLITE_DONE);

    IntakeRecord out;
    std::string json;
    Error error = store.Get(TestId(1), out);
    CHECK(error.code == ErrorCode::CorruptStore);
    CheckCleanMessage(error);
    CHECK(store.GetJson(TestId(1), json).code == ErrorCode::CorruptStore);
    CHECK(json.empty());

    // Record 2's intact blob under record 1's id: the associated data no longer matches.
    REQUIRE(raw.SetBlob("UPDATE records SET sealed = ?" + where1, raw.Query("SELECT sealed FROM records" + where2)) ==
            SQLITE_DONE);
    CHECK(store.Get(TestId(1), out).code == ErrorCode::CorruptStore);
    // The version byte changed: authenticated too.
    sealed = raw.Query("SELECT sealed FROM records" + where2);
    sealed[2] = static_cast<char>(sealed[2] + 1);
    REQUIRE(raw.SetBlob("UPDATE records SET sealed = ?" + where2, sealed) == SQLITE_DONE);
    CHECK(store.Get(TestId(2), out).code == ErrorCode::CorruptStore);
    // Cut short.
    REQUIRE(raw.SetBlob("UPDATE records SET sealed = ?" + where2, sealed.substr(0, 20)) == SQLITE_DONE);
    CHECK(store.Get(TestId(2), out).code == ErrorCode::CorruptStore);
    CHECK(store.IntegrityCheck().empty());  // the database itself is sound
}

TEST_CASE("two stores opened on one new folder share its key") {
    TempDir tmp;
    StoreOpenResult first = RecordStore::Open(OptionsIn(tmp.path()));
    StoreOpenResult second = RecordStore::Open(OptionsIn(tmp.path()));
    REQUIRE_MESSAGE(!first.error, first.error.message);
    REQUIRE_MESSAGE(!second.error, second.error.message);
    REQUIRE_FALSE(first.store->Add(MakeRecord(TestId(1))));
    IntakeRecord back;
    CHECK_FALSE(second.store->Get(TestId(1), back));
    CHECK(second.store->List().size() == 1);
}

TEST_CASE("a record sealed with the right key but holding no record JSON is CorruptStore, quoting nothing") {
    TempDir tmp;
    StoreOpenResult opened = RecordStore::Open(OptionsIn(tmp.path()));
    REQUIRE_MESSAGE(!opened.error, opened.error.message);
    REQUIRE_FALSE(opened.store->Add(MakeRecord(TestId(1))));
    // Sealed as the store seals (format 1, schema version 1, id as associated data).
    const std::string key = ReadBytes(tmp.file("store.key"));
    REQUIRE(key.size() == crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
    const std::string plaintext = std::string("{\"surname\": \"") + kSurname + "\"";
    std::string blob = {'\x01', '\x00', '\x01'};
    std::string nonce(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, '\0');
    randombytes_buf(nonce.data(), nonce.size());
    blob += nonce;
    const std::string ad = blob.substr(0, 3) + TestId(1);
    std::string sealed(plaintext.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
    unsigned long long sealed_size = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(
        reinterpret_cast<unsigned char*>(sealed.data()), &sealed_size,
        reinterpret_cast<const unsigned char*>(plaintext.data()), plaintext.size(),
        reinterpret_cast<const unsigned char*>(ad.data()), ad.size(), nullptr,
        reinterpret_cast<const unsigned char*>(nonce.data()), reinterpret_cast<const unsigned char*>(key.data()));
    blob += sealed.substr(0, sealed_size);
    RawDb raw(tmp.file("records.db"));
    REQUIRE(raw.SetBlob("UPDATE records SET sealed = ? WHERE id = '" + TestId(1) + "'", blob) == SQLITE_DONE);

    std::string json;
    CHECK_FALSE(opened.store->GetJson(TestId(1), json));  // it opens: the key and associated data are right
    CHECK(json == plaintext);
    IntakeRecord out;
    const Error error = opened.store->Get(TestId(1), out);
    CHECK(error.code == ErrorCode::CorruptStore);
    CheckCleanMessage(error);
}
