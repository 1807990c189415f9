#pragma once
// The store's 32-byte key: held in sodium_malloc'd memory (guard pages, mlock'd
// where the system allows, read-only once loaded, wiped when freed), loaded
// from hex, from a key file, or from <dir>/store.key made on first use.

#include <sodium.h>

#include <string>

#include "docintake/error.h"
#include "docintake/store.h"

namespace docintake::store {

class StoreKey {
public:
    static constexpr std::size_t kSize = crypto_aead_xchacha20poly1305_ietf_KEYBYTES;

    StoreKey();
    ~StoreKey();
    StoreKey(const StoreKey&) = delete;
    StoreKey& operator=(const StoreKey&) = delete;

    // False when sodium_malloc failed (out of memory or locked-memory limits).
    bool allocated() const { return bytes_ != nullptr; }
    const unsigned char* bytes() const { return bytes_; }

    // Each fills the key and makes it read-only; on error the key is wiped.
    Error FromHex(const std::string& hex);
    // `may_create`: a missing file is made (random key, mode 0600) instead of an error.
    Error FromFile(const std::string& path, bool may_create);

private:
    Error Fill(const unsigned char* source, std::size_t size);
    Error FromHexChars(const char* hex, std::size_t size);
    Error ReadFile(const std::string& path, bool& missing);
    Error CreateFile(const std::string& path);

    unsigned char* bytes_ = nullptr;
};

// The key file a store uses: options.key_file, else <dir>/store.key.
std::string KeyFilePath(const StoreOptions& options);

}  // namespace docintake::store
