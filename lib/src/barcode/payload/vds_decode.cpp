// DecodeVds: a binary Visible Digital Seal, decoded and its signature checked
// against the signer certificates of the trust store.
#include "barcode/payload/trust_store_impl.h"
#include "barcode/payload/vds.h"
#include "barcode/payload/vds_crypto.h"
#include "barcode/payload/vds_features.h"
#include "barcode/payload/vds_format.h"

namespace docintake {
namespace {

struct Verdict {
    SignatureStatus status = SignatureStatus::Absent;
    std::vector<std::string> warnings;
};

// verified: a trusted certificate named by the header verifies the signature and
// was valid on the signature date. invalid: named certificates exist and none
// does. unverified: no trusted certificate carries that name.
Verdict VerifySeal(const std::vector<std::uint8_t>& bytes, const vds::Seal& seal,
                   const PayloadOptions& options) {
    Verdict verdict;
    if (!seal.has_signature) return verdict;
    const std::vector<const X509*> signers =
        vds::FindSealSigners(options.trust, seal.header.signer_id, seal.header.cert_ref);
    if (signers.empty()) {
        verdict.status = SignatureStatus::Unverified;
        return verdict;
    }
    const vds::Date& d = seal.header.signature_date;
    const std::int64_t day = vds::UtcDayStart(d.year, d.month, d.day);
    bool signature_ok = false;
    for (const X509* cert : signers) {
        EVP_PKEY* key = X509_get0_pubkey(cert);
        if (!vds::VerifyRawEcdsa(key, bytes.data(), seal.signed_size, seal.signature)) continue;
        signature_ok = true;
        if (vds::CertValidDuring(cert, day, day + 86399)) {
            verdict.status = SignatureStatus::Verified;
            return verdict;
        }
    }
    verdict.status = SignatureStatus::Invalid;
    if (signature_ok) verdict.warnings.push_back("signer_certificate_not_valid_on_signature_date");
    return verdict;
}

}  // namespace

DecodedPayload DecodeVds(const std::vector<std::uint8_t>& bytes, const PayloadOptions& options) {
    DecodedPayload out;
    out.kind = PayloadKind::Binary;
    vds::Seal seal;
    if (Error e = vds::ParseSeal(bytes, seal)) {
        out.error = e;
        return out;
    }
    vds::Interpretation meaning;
    if (Error e = vds::InterpretSeal(seal, options, meaning)) {
        out.error = e;
        return out;
    }
    out.kind = PayloadKind::VDS;
    out.document_type = meaning.document_type;
    out.fields = std::move(meaning.fields);
    out.warnings = std::move(meaning.warnings);
    out.signer = seal.header.signer_cert_ref();
    Verdict verdict = VerifySeal(bytes, seal, options);
    out.signature = verdict.status;
    for (std::string& w : verdict.warnings) out.warnings.push_back(std::move(w));
    if (!seal.has_signature) out.warnings.push_back("unsigned_seal");
    return out;
}

}  // namespace docintake
