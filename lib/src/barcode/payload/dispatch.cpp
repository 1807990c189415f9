// DecodePayload: which format the bytes of a symbol claim, and its decoder.
//
// The order matters: a VDS starts with the magic byte 0xDC, a VDS-NC is JSON
// with "data" and "sig", an AAMVA record starts with '@' and "ANSI "/"AAMVA".
// Everything else is text (valid UTF-8) or binary, never identity fields.

#include <string_view>

#include "barcode/payload/aamva.h"
#include "barcode/payload/classify.h"
#include "barcode/payload/vds.h"
#include "docintake/barcode.h"

namespace docintake {

const char* ToString(BarcodeFormat format) {
    switch (format) {
        case BarcodeFormat::PDF417: return "PDF417";
        case BarcodeFormat::DataMatrix: return "DataMatrix";
        case BarcodeFormat::QRCode: return "QRCode";
        case BarcodeFormat::Aztec: return "Aztec";
    }
    return "unknown";
}

const char* ToString(PayloadKind kind) {
    switch (kind) {
        case PayloadKind::AAMVA: return "aamva";
        case PayloadKind::VDS: return "vds";
        case PayloadKind::VDSNC: return "vds-nc";
        case PayloadKind::Text: return "text";
        case PayloadKind::Binary: return "binary";
    }
    return "unknown";
}

const char* ToString(SignatureStatus status) {
    switch (status) {
        case SignatureStatus::Verified: return "verified";
        case SignatureStatus::Invalid: return "invalid";
        case SignatureStatus::Unverified: return "unverified";
        case SignatureStatus::Absent: return "absent";
    }
    return "unknown";
}

// The symbology does not pick the decoder: the bytes say what they claim to be,
// and the decoder then checks the claim.
DecodedPayload DecodePayload(const std::vector<std::uint8_t>& bytes, BarcodeFormat /*format*/,
                             const PayloadOptions& options) {
    const PayloadKind plain = payload::IsValidUtf8(bytes) ? PayloadKind::Text : PayloadKind::Binary;
    DecodedPayload out;
    switch (payload::Classify(bytes)) {
        case payload::Claim::AAMVA: out = aamva::Decode(bytes, options); break;
        case payload::Claim::VDS: out = DecodeVds(bytes, options); break;
        case payload::Claim::VDSNC:
            out = DecodeVdsNc(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()),
                              options);
            break;
        case payload::Claim::None: break;
    }
    if (out.error || (out.kind != PayloadKind::AAMVA && out.kind != PayloadKind::VDS &&
                      out.kind != PayloadKind::VDSNC)) {
        // A payload that breaks the format it claims is reported as what it is.
        out.kind = plain;
        out.fields.clear();
        out.document_type.clear();
        if (out.error) out.signature = SignatureStatus::Absent;
    }
    return out;
}

}  // namespace docintake
