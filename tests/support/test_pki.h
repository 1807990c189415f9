#pragma once
// A throwaway PKI made at test time with OpenSSL: a CA, a server certificate for
// 127.0.0.1 / localhost, a client certificate, and an unrelated second CA. EC P-256.

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>

#include <cstdio>
#include <string>

namespace docintake_test {

struct TestPki {
    std::string ca_cert;
    std::string server_cert, server_key;
    std::string client_cert, client_key;
    std::string other_ca_cert;  // trusts nothing the receiver shows
    // Issued by the same CA for another name only (elsewhere.example): fails the host check on 127.0.0.1.
    std::string elsewhere_cert, elsewhere_key;
    bool ok = false;
};

namespace pki_detail {

inline bool AddExtension(X509* cert, X509* issuer, int nid, const char* value) {
    X509V3_CTX ctx;
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
    if (!ext) return false;
    const bool ok = X509_add_ext(cert, ext, -1) == 1;
    X509_EXTENSION_free(ext);
    return ok;
}

// Signed by issuer (self-signed when issuer is null), valid from an hour ago for a day.
inline X509* MakeCert(EVP_PKEY* key, const char* common_name, long serial, X509* issuer, EVP_PKEY* issuer_key,
                      const char* kind /* "ca", "server", "elsewhere" (a server of another name), "client" */) {
    X509* cert = X509_new();
    X509_set_version(cert, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert), serial);
    X509_NAME* name = X509_get_subject_name(cert);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(common_name), -1, -1, 0);
    X509_set_issuer_name(cert, issuer ? X509_get_subject_name(issuer) : name);
    X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert), 24 * 3600);
    X509_set_pubkey(cert, key);
    X509* signer = issuer ? issuer : cert;
    const std::string k = kind;
    bool ok = true;
    if (k == "ca") {
        ok = AddExtension(cert, signer, NID_basic_constraints, "critical,CA:TRUE") &&
             AddExtension(cert, signer, NID_key_usage, "critical,keyCertSign,cRLSign") &&
             AddExtension(cert, signer, NID_subject_key_identifier, "hash");
    } else {
        ok = AddExtension(cert, signer, NID_basic_constraints, "critical,CA:FALSE") &&
             AddExtension(cert, signer, NID_key_usage, "critical,digitalSignature,keyAgreement") &&
             AddExtension(cert, signer, NID_authority_key_identifier, "keyid") &&
             AddExtension(cert, signer, NID_ext_key_usage, k == "client" ? "clientAuth" : "serverAuth");
        if (k == "server") ok = ok && AddExtension(cert, signer, NID_subject_alt_name, "IP:127.0.0.1,DNS:localhost");
        if (k == "elsewhere") ok = ok && AddExtension(cert, signer, NID_subject_alt_name, "DNS:elsewhere.example");
    }
    if (!ok || X509_sign(cert, issuer_key ? issuer_key : key, EVP_sha256()) <= 0) {
        X509_free(cert);
        return nullptr;
    }
    return cert;
}

inline bool WriteCert(const std::string& path, X509* cert) {
    FILE* f = std::fopen(path.c_str(), "w");
    if (!f) return false;
    const bool ok = PEM_write_X509(f, cert) == 1;
    std::fclose(f);
    return ok;
}

inline bool WriteKey(const std::string& path, EVP_PKEY* key) {
    FILE* f = std::fopen(path.c_str(), "w");
    if (!f) return false;
    const bool ok = PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr) == 1;
    std::fclose(f);
    chmod(path.c_str(), 0600);
    return ok;
}

}  // namespace pki_detail

inline TestPki MakeTestPki(const std::string& dir) {
    using namespace pki_detail;
    TestPki pki;
    pki.ca_cert = dir + "/ca.pem";
    pki.server_cert = dir + "/server.pem";
    pki.server_key = dir + "/server.key";
    pki.client_cert = dir + "/client.pem";
    pki.client_key = dir + "/client.key";
    pki.other_ca_cert = dir + "/other-ca.pem";
    pki.elsewhere_cert = dir + "/elsewhere.pem";
    pki.elsewhere_key = dir + "/elsewhere.key";
    EVP_PKEY* ca_key = EVP_EC_gen("P-256");
    EVP_PKEY* server_key = EVP_EC_gen("P-256");
    EVP_PKEY* client_key = EVP_EC_gen("P-256");
    EVP_PKEY* other_key = EVP_EC_gen("P-256");
    EVP_PKEY* elsewhere_key = EVP_EC_gen("P-256");
    X509* ca = ca_key ? MakeCert(ca_key, "docintake test CA", 1, nullptr, nullptr, "ca") : nullptr;
    X509* server = ca && server_key ? MakeCert(server_key, "127.0.0.1", 2, ca, ca_key, "server") : nullptr;
    X509* client = ca && client_key ? MakeCert(client_key, "kiosk-test-001", 3, ca, ca_key, "client") : nullptr;
    X509* other = other_key ? MakeCert(other_key, "unrelated test CA", 4, nullptr, nullptr, "ca") : nullptr;
    X509* elsewhere = ca && elsewhere_key ? MakeCert(elsewhere_key, "elsewhere.example", 5, ca, ca_key, "elsewhere") : nullptr;
    pki.ok = ca && server && client && other && elsewhere && WriteCert(pki.ca_cert, ca) && WriteCert(pki.server_cert, server) &&
             WriteKey(pki.server_key, server_key) && WriteCert(pki.client_cert, client) &&
             WriteKey(pki.client_key, client_key) && WriteCert(pki.other_ca_cert, other) &&
             WriteCert(pki.elsewhere_cert, elsewhere) && WriteKey(pki.elsewhere_key, elsewhere_key);
    for (X509* cert : {ca, server, client, other, elsewhere}) X509_free(cert);
    for (EVP_PKEY* key : {ca_key, server_key, client_key, other_key, elsewhere_key}) EVP_PKEY_free(key);
    return pki;
}

}  // namespace docintake_test
