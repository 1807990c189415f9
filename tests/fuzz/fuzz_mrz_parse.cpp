// libFuzzer: MRZ text parsing and its JSON must survive any bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <docintake/mrz.h>

#include "json/mrz_json.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const docintake::MrzParseResult r = docintake::ParseMrz(text, docintake::MrzParseOptions{20261125});
    if (!r.error) {
        // Everything a caller might touch must be well-formed.
        const std::string json = docintake::ToJson(r.mrz).dump();
        if (json.empty()) __builtin_trap();
        (void)r.mrz.birth_date.iso();
        (void)r.mrz.expiry_date.iso();
        if (r.mrz.valid() && !r.mrz.first_failed_check().empty()) __builtin_trap();
    }
    return 0;
}
