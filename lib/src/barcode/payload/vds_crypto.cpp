// OpenSSL 3 calls for raw ECDSA signatures, certificates and base64.
#include "barcode/payload/vds_crypto.h"

#include <openssl/bn.h>
#include <openssl/ecdsa.h>

#include "barcode/payload/vds_format.h"

namespace docintake::vds {
namespace {

struct MdCtxFree {
    void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
struct SigFree {
    void operator()(ECDSA_SIG* s) const { ECDSA_SIG_free(s); }
};

}  // namespace

int EcKeyBits(EVP_PKEY* key) {
    if (key == nullptr || EVP_PKEY_get_base_id(key) != EVP_PKEY_EC) return 0;
    return EVP_PKEY_get_bits(key);
}

bool VerifyRawEcdsa(EVP_PKEY* key, const std::uint8_t* data, std::size_t size,
                    const std::vector<std::uint8_t>& signature, const EVP_MD* md) {
    const int bits = EcKeyBits(key);
    if (bits <= 0) return false;
    const std::size_t half = static_cast<std::size_t>(bits + 7) / 8;
    if (signature.size() != 2 * half) return false;
    if (md == nullptr)
        md = bits <= 224 ? EVP_sha224() : bits <= 256 ? EVP_sha256() : bits <= 384 ? EVP_sha384() : EVP_sha512();

    std::unique_ptr<ECDSA_SIG, SigFree> sig(ECDSA_SIG_new());
    BIGNUM* r = BN_bin2bn(signature.data(), static_cast<int>(half), nullptr);
    BIGNUM* s = BN_bin2bn(signature.data() + half, static_cast<int>(half), nullptr);
    if (!sig || !r || !s || ECDSA_SIG_set0(sig.get(), r, s) != 1) {
        BN_free(r);
        BN_free(s);
        return false;
    }
    unsigned char* der = nullptr;
    const int der_size = i2d_ECDSA_SIG(sig.get(), &der);
    if (der_size <= 0) return false;
    std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
    const bool ok = ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, md, nullptr, key) == 1 &&
                    EVP_DigestVerify(ctx.get(), der, static_cast<std::size_t>(der_size), data, size) == 1;
    OPENSSL_free(der);
    return ok;
}

std::int64_t UtcDayStart(int year, int month, int day) {
    // Days from civil date (proleptic Gregorian), after H. Hinnant's algorithm.
    const int y = year - (month <= 2 ? 1 : 0);
    const int era = (y >= 0 ? y : y - 399) / 400;
    const int yoe = y - era * 400;
    const int doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    const std::int64_t days = std::int64_t{era} * 146097 + doe - 719468;
    return days * 86400;
}

bool CertValidDuring(const X509* cert, std::int64_t begin, std::int64_t end) {
    const ASN1_TIME* not_before = X509_get0_notBefore(cert);
    const ASN1_TIME* not_after = X509_get0_notAfter(cert);
    if (!not_before || !not_after) return false;
    time_t end_t = static_cast<time_t>(end), begin_t = static_cast<time_t>(begin);
    // X509_cmp_time: -1 when the ASN1 time is before the given time, 1 after, 0 on error.
    const int nb = X509_cmp_time(not_before, &end_t);
    const int na = X509_cmp_time(not_after, &begin_t);
    return nb != 0 && na != 0 && nb < 0 && na > 0;
}

X509Ptr CertFromDer(const std::vector<std::uint8_t>& der) {
    if (der.empty() || der.size() > 64 * 1024) return nullptr;
    const unsigned char* p = der.data();
    X509Ptr cert(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
    if (cert && p != der.data() + der.size()) return nullptr;  // trailing bytes
    return cert;
}

bool DecodeBase64(std::string_view text, std::vector<std::uint8_t>& out) {
    out.clear();
    std::uint32_t acc = 0;
    int bits = 0;
    std::size_t i = 0;
    for (; i < text.size() && text[i] != '='; ++i) {
        const char c = text[i];
        int v = -1;
        if (c >= 'A' && c <= 'Z') v = c - 'A';
        else if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
        else if (c >= '0' && c <= '9') v = c - '0' + 52;
        else if (c == '+' || c == '-') v = 62;
        else if (c == '/' || c == '_') v = 63;
        if (v < 0) return false;
        acc = (acc << 6) | static_cast<std::uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<std::uint8_t>(acc >> bits));
            acc &= (1u << bits) - 1;
        }
    }
    const std::size_t data_chars = i;
    for (; i < text.size(); ++i)
        if (text[i] != '=') return false;
    if (data_chars % 4 == 1) return false;         // not a whole byte
    if (text.size() - data_chars > 2) return false;  // at most "=="
    return acc == 0;  // leftover bits must be zero
}

std::string SerialHex(const X509* cert) {
    BIGNUM* bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert), nullptr);
    if (!bn) return {};
    char* hex = BN_bn2hex(bn);
    std::string out = hex ? StripLeadingZeros(hex) : std::string();
    OPENSSL_free(hex);
    BN_free(bn);
    return out;
}

std::string SubjectEntry(const X509* cert, int nid) {
    const X509_NAME* name = X509_get_subject_name(cert);
    const int index = X509_NAME_get_index_by_NID(name, nid, -1);
    if (index < 0) return {};
    const ASN1_STRING* data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, index));
    unsigned char* utf8 = nullptr;
    const int n = ASN1_STRING_to_UTF8(&utf8, data);
    if (n < 0) return {};
    std::string out(reinterpret_cast<char*>(utf8), static_cast<std::size_t>(n));
    OPENSSL_free(utf8);
    return out;
}

}  // namespace docintake::vds
