// libFuzzer: the VDS-NC (JSON) decoder, its canonicaliser and signature check
// must survive any text; without a trust store nothing verifies.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "barcode/payload/vds.h"
#include "json/barcode_json.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    docintake::PayloadOptions options;
    options.reference_date = 20261125;
    const docintake::DecodedPayload p = docintake::DecodeVdsNc(text, options);
    if (p.signature == docintake::SignatureStatus::Verified) __builtin_trap();
    if (p.error && !p.fields.empty()) __builtin_trap();
    const std::vector<std::uint8_t> bytes(data, data + size);
    if (docintake::ToJson(p, docintake::BarcodeFormat::QRCode, bytes).dump().empty()) __builtin_trap();
    return 0;
}
