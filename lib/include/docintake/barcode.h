#pragma once
// Barcodes on identity documents: the symbol as read, and its payload decoded
// into the same field names as the MRZ where they mean the same.
//
// Payload decoding is pure (no image code) and safe on any bytes: AAMVA driving
// licences, ICAO Visible Digital Seals (VDS), VDS-NC (JSON in a QR code).
// Anything else is reported as text or binary, never guessed into identity fields.

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "docintake/error.h"

namespace docintake {

enum class BarcodeFormat { PDF417, DataMatrix, QRCode, Aztec };
// "PDF417", "DataMatrix", "QRCode", "Aztec".
const char* ToString(BarcodeFormat format);

enum class PayloadKind { AAMVA, VDS, VDSNC, Text, Binary };
// "aamva", "vds", "vds-nc", "text", "binary".
const char* ToString(PayloadKind kind);

enum class SignatureStatus {
    Verified,    // signature checks out against a signer in the trust store
    Invalid,     // signature present and does not verify (or the signer's certificate is bad)
    Unverified,  // signature present, signer not in the trust store: not trusted
    Absent,      // the payload carries no signature
};
// "verified", "invalid", "unverified", "absent".
const char* ToString(SignatureStatus status);

// Field names follow the MRZ's: surname, given_names, document_number, nationality,
// birth_date (ISO 8601), sex (M/F/X), expiry_date, plus what a document type adds
// (issue_date, address, azr_number, ...). Order is the order of the payload.
using Fields = std::vector<std::pair<std::string, std::string>>;

// Signer certificates the user trusts for VDS and VDS-NC signatures.
class TrustStore {
public:
    TrustStore();
    ~TrustStore();
    TrustStore(TrustStore&&) noexcept;
    TrustStore& operator=(TrustStore&&) noexcept;

    // Loads every certificate (DER or PEM: .der .crt .cer .pem) in a directory.
    // Returns an error naming the first file that cannot be read as a certificate.
    static TrustStore FromDirectory(const std::string& dir, Error* error = nullptr);
    bool empty() const;
    std::size_t size() const;

    struct Impl;
    const Impl* impl() const { return impl_.get(); }

private:
    std::unique_ptr<Impl> impl_;
};

struct PayloadOptions {
    const TrustStore* trust = nullptr;  // null: nothing is trusted, signatures are unverified
    // Reference date (YYYYMMDD, 0 = today UTC) for certificate validity and expiry.
    std::int32_t reference_date = 0;
};

struct DecodedPayload {
    PayloadKind kind = PayloadKind::Binary;
    std::string document_type;  // e.g. "driving_licence", "arrival_attestation", "residence_permit"
    Fields fields;
    SignatureStatus signature = SignatureStatus::Absent;
    std::string signer;            // e.g. VDS signer and certificate reference "DETS27"
    std::vector<std::string> warnings;  // snake_case, e.g. "truncated_surname", "expired"
    Error error;  // set when the payload claims a format (AAMVA header, VDS magic) but breaks it
};

// Decodes the bytes of one symbol. Never throws; malformed input gives an error
// and kind Text or Binary with no identity fields.
DecodedPayload DecodePayload(const std::vector<std::uint8_t>& bytes, BarcodeFormat format,
                             const PayloadOptions& options = {});

}  // namespace docintake
