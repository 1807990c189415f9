#include "ocr/own_model.h"

#include <sodium.h>

#include "ocr/own_model_digest.h"  // generated into the build tree

namespace docintake::ocr {

std::string Sha256Hex(const std::string& bytes) {
    if (sodium_init() < 0) return {};
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
    char hex[2 * crypto_hash_sha256_BYTES + 1];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    return hex;
}

const char* OwnModelSha256() { return kOwnModelSha256; }

bool IsOwnModel(const std::string& bytes) {
    const std::string digest = Sha256Hex(bytes);
    return !digest.empty() && digest == kOwnModelSha256;
}

}  // namespace docintake::ocr
