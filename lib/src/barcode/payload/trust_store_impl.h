#pragma once
// The inside of docintake::TrustStore, shared by the VDS and VDS-NC verifiers.

#include <string>
#include <vector>

#include "barcode/payload/vds_crypto.h"
#include "docintake/barcode.h"

namespace docintake {

struct TrustStore::Impl {
    struct Entry {
        vds::X509Ptr cert;
        std::string signer_id;   // subject C + CN, upper case: "DETS"
        std::string serial_hex;  // upper case, no leading zeros: "27"
    };
    std::vector<Entry> entries;
};

namespace vds {

// Certificates a binary seal's header points at: signer identifier = the subject's
// country and common name, certificate reference = the serial number in hex
// (BSI TR-03137, ICAO Doc 9303-13). Null-safe.
std::vector<const X509*> FindSealSigners(const TrustStore* trust, const std::string& signer_id,
                                         const std::string& cert_ref);

// True when `cert` itself is in the store, or its issuer is (subject name match
// and the issuer's key verifies the certificate's signature).
bool IssuedByTrusted(const TrustStore* trust, X509* cert);

}  // namespace vds
}  // namespace docintake
