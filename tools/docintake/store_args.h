#pragma once
// Options shared by the commands that use a record store (`read --store`,
// `outbox ...`, `record ...`), and opening the store with one clear error line.

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include <docintake/store.h>

namespace docintake::cli {

// The store key comes from the environment first, so that it never has to be
// on a command line where `ps` shows it.
constexpr const char* kStoreKeyVariable = "DOCINTAKE_STORE_KEY";

struct StoreArgs {
    std::string dir;
    std::string key_file;
};

// --store DIR (required unless `required` is false) and --key-file FILE.
inline CLI::Option* AddStoreOptions(CLI::App* cmd, StoreArgs& args, bool required = true) {
    CLI::Option* store = cmd->add_option("--store", args.dir, "Record store folder (records.db, store.key)");
    if (required) store->required();
    cmd->add_option("--key-file", args.key_file,
                    "File with the store's 32-byte key (default: $DOCINTAKE_STORE_KEY as 64 hex "
                    "characters, else <store>/store.key, created on first use)");
    return store;
}

inline bool IsHexKey(const std::string& key) {
    if (key.size() != 64) return false;
    for (char c : key)
        if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
    return true;
}

// Fills what Open needs; false (after printing why) when the key in the
// environment is malformed. The key itself is never printed.
inline bool ToStoreOptions(const StoreArgs& args, const char* command, bool create, StoreOptions& options) {
    options.dir = args.dir;
    options.create = create;
    options.key_file = args.key_file;
    if (const char* env = std::getenv(kStoreKeyVariable); env && env[0]) {
        if (!IsHexKey(env)) {
            std::fprintf(stderr, "docintake %s: error: invalid_argument: %s must be 64 hex characters\n", command,
                         kStoreKeyVariable);
            return false;
        }
        options.key_hex = env;
    }
    return true;
}

// Prints "docintake <command>: error: <code>: <message>" on stderr. Errors of the
// library carry no personal data; neither does this line.
inline void PrintError(const char* command, const Error& error) {
    std::fprintf(stderr, "docintake %s: error: %s: %s\n", command, ToString(error.code), error.message.c_str());
}

// Opens the store, or prints one line and returns null. `create` is for `read`,
// the only command that may make a new store; the others need an existing one.
inline std::unique_ptr<RecordStore> OpenStore(const StoreOptions& options, const char* command) {
    StoreOpenResult opened = RecordStore::Open(options);
    if (opened.error || !opened.store) {
        Error error = opened.error;
        if (!error) error = {ErrorCode::Internal, "the store did not open and gave no reason"};
        PrintError(command, error);
        return nullptr;
    }
    return std::move(opened.store);
}

inline std::unique_ptr<RecordStore> OpenStore(const StoreArgs& args, const char* command, bool create) {
    StoreOptions options;
    if (!ToStoreOptions(args, command, create, options)) return nullptr;
    return OpenStore(options, command);
}

}  // namespace docintake::cli
