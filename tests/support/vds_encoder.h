#pragma once
// Test-side encoder and signer of binary ICAO Visible Digital Seals, with test
// keys and self-signed certificates made by OpenSSL at test time.

#include <openssl/ec.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "support/c40_encode.h"

namespace docintake_test {

using Bytes = std::vector<std::uint8_t>;

struct PkeyFree {
    void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct CertFree {
    void operator()(X509* x) const { X509_free(x); }
};
using KeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;
using CertPtr = std::unique_ptr<X509, CertFree>;

inline Bytes EncodeVdsDate(int year, int month, int day) {
    const std::uint32_t v = static_cast<std::uint32_t>(month * 1000000 + day * 10000 + year);
    return {static_cast<std::uint8_t>(v >> 16), static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v)};
}

inline void Append(Bytes& out, const Bytes& more) { out.insert(out.end(), more.begin(), more.end()); }

// Tag, BER length, value.
inline Bytes Tlv(std::uint8_t tag, const Bytes& value) {
    Bytes out{tag};
    if (value.size() < 0x80) {
        out.push_back(static_cast<std::uint8_t>(value.size()));
    } else if (value.size() < 0x100) {
        out.push_back(0x81);
        out.push_back(static_cast<std::uint8_t>(value.size()));
    } else {
        out.push_back(0x82);
        out.push_back(static_cast<std::uint8_t>(value.size() >> 8));
        out.push_back(static_cast<std::uint8_t>(value.size()));
    }
    Append(out, value);
    return out;
}

// An MRZ feature: the lines joined, fillers written as spaces, in C40.
inline Bytes MrzFeature(std::string joined_lines) {
    for (char& c : joined_lines)
        if (c == '<') c = ' ';
    return EncodeC40(joined_lines);
}

struct SealSpec {
    int icao_version = 4;           // 3 or 4
    std::string country = "UTO";    // 1-3 characters; padded with spaces to 3
    std::string signer = "UTTS";    // 4 characters
    std::string cert_ref = "5B";    // hex serial; version 3 pads it to 5 with zeros
    int issue[3] = {2024, 3, 1};
    int signed_on[3] = {2024, 3, 2};
    std::uint16_t document_ref = 0xFB06;
    std::vector<std::pair<std::uint8_t, Bytes>> features;
};

// Header and message zone: the bytes a signature covers.
inline Bytes EncodeSealBody(const SealSpec& spec) {
    Bytes out{0xDC, static_cast<std::uint8_t>(spec.icao_version == 3 ? 0x02 : 0x03)};
    std::string country = spec.country;
    Append(out, EncodeC40(country.size() == 1 ? country : country + std::string(3 - country.size(), ' ')));
    if (spec.icao_version == 3) {
        Append(out, EncodeC40(spec.signer + std::string(5 - spec.cert_ref.size(), '0') + spec.cert_ref));
    } else {
        char length[3];
        std::snprintf(length, sizeof length, "%02X", static_cast<unsigned>(spec.cert_ref.size()));
        Append(out, EncodeC40(spec.signer + length));
        Append(out, EncodeC40(spec.cert_ref));
    }
    Append(out, EncodeVdsDate(spec.issue[0], spec.issue[1], spec.issue[2]));
    Append(out, EncodeVdsDate(spec.signed_on[0], spec.signed_on[1], spec.signed_on[2]));
    out.push_back(static_cast<std::uint8_t>(spec.document_ref >> 8));
    out.push_back(static_cast<std::uint8_t>(spec.document_ref & 0xFF));
    for (const auto& f : spec.features) Append(out, Tlv(f.first, f.second));
    return out;
}

inline KeyPtr GenerateEcKey(const char* curve) { return KeyPtr(EVP_EC_gen(curve)); }

// Raw r||s over data, hash by curve size unless md is given.
inline Bytes SignRaw(EVP_PKEY* key, const Bytes& data, const EVP_MD* md = nullptr) {
    const int bits = EVP_PKEY_get_bits(key);
    if (!md) md = bits <= 224 ? EVP_sha224() : bits <= 256 ? EVP_sha256() : bits <= 384 ? EVP_sha384() : EVP_sha512();
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    std::size_t der_size = 0;
    EVP_DigestSignInit(ctx, nullptr, md, nullptr, key);
    EVP_DigestSign(ctx, nullptr, &der_size, data.data(), data.size());
    Bytes der(der_size);
    EVP_DigestSign(ctx, der.data(), &der_size, data.data(), data.size());
    EVP_MD_CTX_free(ctx);
    const unsigned char* p = der.data();
    ECDSA_SIG* sig = d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der_size));
    const std::size_t half = static_cast<std::size_t>(bits + 7) / 8;
    Bytes raw(2 * half);
    BN_bn2binpad(ECDSA_SIG_get0_r(sig), raw.data(), static_cast<int>(half));
    BN_bn2binpad(ECDSA_SIG_get0_s(sig), raw.data() + half, static_cast<int>(half));
    ECDSA_SIG_free(sig);
    return raw;
}

inline Bytes SignSeal(const SealSpec& spec, EVP_PKEY* key) {
    Bytes seal = EncodeSealBody(spec);
    Append(seal, Tlv(0xFF, SignRaw(key, seal)));
    return seal;
}

// A certificate for `key` with subject C, CN (and O when given), issued by
// `issuer` (self-signed when null), valid between two "YYYYMMDDHHMMSSZ" times.
inline CertPtr MakeCert(EVP_PKEY* key, const char* country, const char* common_name, long serial,
                        const char* not_before = "20200101000000Z", const char* not_after = "20350101000000Z",
                        X509* issuer = nullptr, EVP_PKEY* issuer_key = nullptr, bool ca = false) {
    CertPtr cert(X509_new());
    X509_set_version(cert.get(), 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), serial);
    X509_NAME* name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "C", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(country), -1, -1, 0);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(common_name), -1,
                               -1, 0);
    X509_set_issuer_name(cert.get(), issuer ? X509_get_subject_name(issuer) : name);
    ASN1_TIME_set_string(X509_getm_notBefore(cert.get()), not_before);
    ASN1_TIME_set_string(X509_getm_notAfter(cert.get()), not_after);
    X509_set_pubkey(cert.get(), key);
    if (ca) {
        X509V3_CTX ctx;
        X509V3_set_ctx(&ctx, cert.get(), cert.get(), nullptr, nullptr, 0);
        X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, NID_basic_constraints, "critical,CA:TRUE");
        X509_add_ext(cert.get(), ext, -1);
        X509_EXTENSION_free(ext);
    }
    X509_sign(cert.get(), issuer_key ? issuer_key : key, EVP_sha256());
    return cert;
}

inline Bytes CertDer(X509* cert) {
    unsigned char* der = nullptr;
    const int n = i2d_X509(cert, &der);
    Bytes out(der, der + (n > 0 ? n : 0));
    OPENSSL_free(der);
    return out;
}

inline void WriteFile(const std::string& path, const Bytes& bytes) {
    if (FILE* f = std::fopen(path.c_str(), "wb")) {
        std::fwrite(bytes.data(), 1, bytes.size(), f);
        std::fclose(f);
    }
}

}  // namespace docintake_test
