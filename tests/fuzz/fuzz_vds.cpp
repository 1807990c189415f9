// libFuzzer: the binary VDS decoder (header, C40, features, signature parsing)
// and its JSON must survive any bytes; without a trust store nothing verifies.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "barcode/payload/vds.h"
#include "json/barcode_json.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::vector<std::uint8_t> bytes(data, data + size);
    docintake::PayloadOptions options;
    options.reference_date = 20261125;
    const docintake::DecodedPayload p = docintake::DecodeVds(bytes, options);
    if (p.signature == docintake::SignatureStatus::Verified) __builtin_trap();
    if (p.error && !p.fields.empty()) __builtin_trap();
    if (docintake::ToJson(p, docintake::BarcodeFormat::DataMatrix, bytes).dump().empty()) __builtin_trap();
    // Also with the magic byte in place, so that mutations reach the header parser.
    if (!bytes.empty() && bytes[0] != 0xDC) {
        bytes.insert(bytes.begin(), 0xDC);
        const docintake::DecodedPayload q = docintake::DecodeVds(bytes, options);
        if (q.signature == docintake::SignatureStatus::Verified) __builtin_trap();
    }
    return 0;
}
