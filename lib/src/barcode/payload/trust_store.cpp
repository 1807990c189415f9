// Signer and CSCA certificates the user trusts, loaded from a directory.
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iterator>

#include <openssl/pem.h>

#include "barcode/payload/trust_store_impl.h"
#include "barcode/payload/vds_format.h"

namespace docintake {
namespace {

namespace fs = std::filesystem;

constexpr std::uintmax_t kMaxCertFileBytes = 1 << 20;

std::string Upper(std::string s) {
    for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

bool IsCertFile(const fs::path& path) {
    const std::string ext = Upper(path.extension().string());
    return ext == ".DER" || ext == ".CRT" || ext == ".CER" || ext == ".PEM";
}

// Every certificate in a PEM file, or the one DER certificate.
std::vector<vds::X509Ptr> ReadCertificates(const std::vector<std::uint8_t>& bytes) {
    std::vector<vds::X509Ptr> certs;
    BIO* bio = BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size()));
    if (bio) {
        while (X509* cert = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr)) certs.emplace_back(cert);
        BIO_free(bio);
    }
    if (certs.empty())
        if (vds::X509Ptr cert = vds::CertFromDer(bytes)) certs.push_back(std::move(cert));
    return certs;
}

}  // namespace

TrustStore::TrustStore() : impl_(std::make_unique<Impl>()) {}
TrustStore::~TrustStore() = default;
TrustStore::TrustStore(TrustStore&&) noexcept = default;
TrustStore& TrustStore::operator=(TrustStore&&) noexcept = default;

bool TrustStore::empty() const { return !impl_ || impl_->entries.empty(); }
std::size_t TrustStore::size() const { return impl_ ? impl_->entries.size() : 0; }

TrustStore TrustStore::FromDirectory(const std::string& dir, Error* error) {
    TrustStore store;
    Error first;
    auto fail = [&](ErrorCode code, std::string message) {
        if (!first) first = {code, std::move(message)};
    };
    std::error_code ec;
    std::vector<fs::path> files;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
        if (IsCertFile(it->path())) files.push_back(it->path());
    if (ec) fail(ErrorCode::EmptyInput, "trust store: cannot read directory " + dir);
    std::sort(files.begin(), files.end());  // the same order, and the same first error, every run

    for (const fs::path& path : files) {
        const std::uintmax_t size = fs::file_size(path, ec);
        std::vector<std::uint8_t> bytes;
        if (!ec && size <= kMaxCertFileBytes) {
            std::ifstream in(path, std::ios::binary);
            bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        }
        std::vector<vds::X509Ptr> certs = ReadCertificates(bytes);
        if (certs.empty()) {
            fail(ErrorCode::MalformedPayload, "trust store: not a certificate: " + path.filename().string());
            continue;
        }
        for (vds::X509Ptr& cert : certs) {
            Impl::Entry entry;
            entry.signer_id = Upper(vds::SubjectEntry(cert.get(), NID_countryName) +
                                    vds::SubjectEntry(cert.get(), NID_commonName));
            entry.serial_hex = vds::SerialHex(cert.get());
            entry.cert = std::move(cert);
            store.impl_->entries.push_back(std::move(entry));
        }
    }
    if (error) *error = first;
    return store;
}

namespace vds {

std::vector<const X509*> FindSealSigners(const TrustStore* trust, const std::string& signer_id,
                                         const std::string& cert_ref) {
    std::vector<const X509*> found;
    if (!trust || !trust->impl()) return found;
    const std::string id = Upper(signer_id), serial = StripLeadingZeros(cert_ref);
    for (const auto& entry : trust->impl()->entries)
        if (entry.signer_id == id && entry.serial_hex == serial) found.push_back(entry.cert.get());
    return found;
}

bool IssuedByTrusted(const TrustStore* trust, X509* cert) {
    if (!trust || !trust->impl() || !cert) return false;
    for (const auto& entry : trust->impl()->entries) {
        X509* candidate = entry.cert.get();
        if (X509_cmp(candidate, cert) == 0) return true;
        if (X509_NAME_cmp(X509_get_subject_name(candidate), X509_get_issuer_name(cert)) != 0) continue;
        EVP_PKEY* issuer_key = X509_get0_pubkey(candidate);
        if (issuer_key && X509_verify(cert, issuer_key) == 1) return true;
    }
    return false;
}

}  // namespace vds
}  // namespace docintake
