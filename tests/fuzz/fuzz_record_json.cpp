// libFuzzer: the record JSON reader must survive any bytes (a record comes back
// from disk or from another tool), and whatever it accepts must write back to
// JSON that it accepts again, unchanged.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "docintake/record.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const docintake::RecordParseResult parsed = docintake::ParseRecordJson(text);
    if (parsed.error) {
        if (!parsed.record.id.empty() || !parsed.record.fields.empty()) __builtin_trap();
        return 0;
    }
    const std::string json = docintake::RecordToJson(parsed.record);
    const docintake::RecordParseResult again = docintake::ParseRecordJson(json);
    if (again.error || docintake::RecordToJson(again.record) != json) __builtin_trap();
    return 0;
}
