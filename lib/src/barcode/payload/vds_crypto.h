#pragma once
// OpenSSL helpers shared by the VDS and VDS-NC decoders and the trust store.

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <cstdint>
#include <ctime>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace docintake::vds {

struct X509Free {
    void operator()(X509* x) const { X509_free(x); }
};
using X509Ptr = std::unique_ptr<X509, X509Free>;

// ECDSA signature written as raw r||s (each half the size of the curve order),
// checked over `data`. With md null the hash follows the curve size, as the VDS
// specifications ask: SHA-224 up to 224 bits, SHA-256, SHA-384, else SHA-512.
// False for a wrong signature, a non-EC key or a signature of the wrong size.
bool VerifyRawEcdsa(EVP_PKEY* key, const std::uint8_t* data, std::size_t size,
                    const std::vector<std::uint8_t>& signature, const EVP_MD* md = nullptr);

// Bits of the EC key's group order (0 for other keys).
int EcKeyBits(EVP_PKEY* key);

// Seconds since 1970-01-01 UTC at the start of that day.
std::int64_t UtcDayStart(int year, int month, int day);

// True when the certificate is valid at some moment of [begin, end].
bool CertValidDuring(const X509* cert, std::int64_t begin, std::int64_t end);

// Certificate from DER bytes (exactly one, nothing after it).
X509Ptr CertFromDer(const std::vector<std::uint8_t>& der);

// Base64 with either alphabet (standard or URL-safe), padding optional.
bool DecodeBase64(std::string_view text, std::vector<std::uint8_t>& out);

// Upper-case hexadecimal serial number without leading zeros.
std::string SerialHex(const X509* cert);

// The first value of a subject attribute (NID_countryName, NID_commonName), UTF-8.
std::string SubjectEntry(const X509* cert, int nid);

}  // namespace docintake::vds
