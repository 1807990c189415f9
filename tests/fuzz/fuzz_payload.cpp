// libFuzzer: DecodePayload (classification and every decoder behind it), the
// barcode JSON and the MRZ cross-check must survive any bytes.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "docintake/cross_check.h"
#include "json/barcode_json.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    // The first byte picks the symbology, the rest is the payload.
    const auto format = static_cast<docintake::BarcodeFormat>(data[0] % 4);
    docintake::BarcodeRead read;
    read.format = format;
    read.bytes.assign(data + 1, data + size);
    docintake::PayloadOptions options;
    options.reference_date = 20261125;
    read.payload = docintake::DecodePayload(read.bytes, format, options);
    const docintake::DecodedPayload& p = read.payload;
    if (p.signature == docintake::SignatureStatus::Verified) __builtin_trap();
    const bool identity = p.kind == docintake::PayloadKind::AAMVA || p.kind == docintake::PayloadKind::VDS ||
                          p.kind == docintake::PayloadKind::VDSNC;
    if (!identity && !p.fields.empty()) __builtin_trap();  // never guessed into identity fields
    if (docintake::ToJson(read).dump().empty()) __builtin_trap();

    static const docintake::MrzParseResult mrz = docintake::ParseMrz(
        "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10",
        docintake::MrzParseOptions{20261125});
    const auto mismatches = docintake::CrossCheck(mrz.mrz, {read});
    if (!identity && !mismatches.empty()) __builtin_trap();
    (void)docintake::ToJson(mismatches).dump();
    return 0;
}
