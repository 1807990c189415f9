#include "store/seal.h"

#include <sodium.h>

namespace docintake::store {
namespace {

constexpr std::size_t kHeader = 3;
constexpr std::size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr std::size_t kTag = crypto_aead_xchacha20poly1305_ietf_ABYTES;

// The id under which the key check is sealed; no record id looks like it.
constexpr const char* kKeyCheckLabel = "docintake-store key check";
constexpr const char* kKeyCheckText = "docintake record store: this key opens this store";

std::string AssociatedData(const unsigned char* header, const std::string& record_id) {
    return std::string(reinterpret_cast<const char*>(header), kHeader) + record_id;
}

}  // namespace

std::vector<unsigned char> Seal(const StoreKey& key, const std::string& record_id, int schema_version,
                                const std::string& plaintext) {
    std::vector<unsigned char> blob(kHeader + kNonce + plaintext.size() + kTag);
    blob[0] = kSealFormat;
    blob[1] = static_cast<unsigned char>((schema_version >> 8) & 0xff);
    blob[2] = static_cast<unsigned char>(schema_version & 0xff);
    unsigned char* nonce = blob.data() + kHeader;
    randombytes_buf(nonce, kNonce);
    const std::string ad = AssociatedData(blob.data(), record_id);
    unsigned long long sealed_size = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(blob.data() + kHeader + kNonce, &sealed_size,
                                               reinterpret_cast<const unsigned char*>(plaintext.data()),
                                               plaintext.size(), reinterpret_cast<const unsigned char*>(ad.data()),
                                               ad.size(), nullptr, nonce, key.bytes());
    blob.resize(kHeader + kNonce + static_cast<std::size_t>(sealed_size));
    return blob;
}

bool Unseal(const StoreKey& key, const std::string& record_id, const std::vector<unsigned char>& blob,
            std::string& plaintext, int& schema_version) {
    if (blob.size() < kHeader + kNonce + kTag || blob[0] != kSealFormat) return false;
    schema_version = blob[1] << 8 | blob[2];
    const std::string ad = AssociatedData(blob.data(), record_id);
    const std::size_t sealed_size = blob.size() - kHeader - kNonce;
    std::string out(sealed_size - kTag, '\0');
    unsigned long long out_size = 0;
    const int rc = crypto_aead_xchacha20poly1305_ietf_decrypt(
        reinterpret_cast<unsigned char*>(out.data()), &out_size, nullptr, blob.data() + kHeader + kNonce, sealed_size,
        reinterpret_cast<const unsigned char*>(ad.data()), ad.size(), blob.data() + kHeader, key.bytes());
    if (rc != 0) return false;
    out.resize(static_cast<std::size_t>(out_size));
    plaintext.swap(out);
    sodium_memzero(out.data(), out.size());
    return true;
}

std::vector<unsigned char> MakeKeyCheck(const StoreKey& key) { return Seal(key, kKeyCheckLabel, 0, kKeyCheckText); }

bool KeyCheckOpens(const StoreKey& key, const std::vector<unsigned char>& check) {
    std::string text;
    int version = -1;
    return Unseal(key, kKeyCheckLabel, check, text, version) && version == 0 && text == kKeyCheckText;
}

}  // namespace docintake::store
