#pragma once
// Options for barcode payloads shared by `docintake decode-barcode` and `docintake read`.

#include <cstdio>
#include <string>

#include <CLI/CLI.hpp>

#include <docintake/barcode.h>

namespace docintake::cli {

struct BarcodeArgs {
    std::string trust_dir;
};

inline void AddBarcodeOptions(CLI::App* cmd, BarcodeArgs& args) {
    cmd->add_option("--trust", args.trust_dir,
                    "Folder of signer certificates (DER/PEM) trusted for VDS and VDS-NC signatures; "
                    "without it every signature is at best 'unverified'");
}

// Loads the trust store; false (after printing why) when the folder has a bad file.
inline bool LoadTrust(const BarcodeArgs& args, const char* command, TrustStore& trust) {
    if (args.trust_dir.empty()) return true;
    Error error;
    trust = TrustStore::FromDirectory(args.trust_dir, &error);
    if (error) {
        std::fprintf(stderr, "docintake %s: error: --trust: %s: %s\n", command, ToString(error.code),
                     error.message.c_str());
        return false;
    }
    return true;
}

}  // namespace docintake::cli
