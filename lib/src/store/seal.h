#pragma once
// Sealing a record's JSON for the database: XChaCha20-Poly1305 (IETF, libsodium)
// under the store key, a random nonce for every write, and the record id and
// schema version as associated data, so a sealed blob moved to another row, or
// relabelled with another version, fails to open.
//
// Blob layout: [1 byte seal format][2 bytes schema version, big-endian]
//              [24 bytes nonce][ciphertext][16 bytes tag]
// The associated data is the blob's first 3 bytes followed by the record id.

#include <string>
#include <vector>

#include "store/store_key.h"

namespace docintake::store {

constexpr unsigned char kSealFormat = 1;

std::vector<unsigned char> Seal(const StoreKey& key, const std::string& record_id, int schema_version,
                                const std::string& plaintext);

// The plaintext, or false when the blob is malformed or fails authentication.
// `schema_version` is the version the blob was sealed with.
bool Unseal(const StoreKey& key, const std::string& record_id, const std::vector<unsigned char>& blob,
            std::string& plaintext, int& schema_version);

// The key check value kept in the meta table: a known text sealed at store
// creation. Opening it proves the key is this store's.
std::vector<unsigned char> MakeKeyCheck(const StoreKey& key);
bool KeyCheckOpens(const StoreKey& key, const std::vector<unsigned char>& check);

}  // namespace docintake::store
