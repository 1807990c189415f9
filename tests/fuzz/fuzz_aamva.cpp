// libFuzzer: the AAMVA DL/ID decoder and its JSON must survive any bytes.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "barcode/payload/aamva.h"
#include "json/barcode_json.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::vector<std::uint8_t> bytes(data, data + size);
    docintake::PayloadOptions options;
    options.reference_date = 20261125;
    const docintake::DecodedPayload p = docintake::aamva::Decode(bytes, options);
    // A broken record never carries identity fields.
    if (p.error && p.kind == docintake::PayloadKind::AAMVA) __builtin_trap();
    if (docintake::ToJson(p, docintake::BarcodeFormat::PDF417, bytes).dump().empty()) __builtin_trap();
    return 0;
}
