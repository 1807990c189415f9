// libFuzzer: the device profile is config read from disk at start; its reader
// must survive any bytes, and whatever it accepts must write back to JSON that
// it accepts again, unchanged.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "docintake/calibrate.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    docintake::DeviceProfile profile;
    if (docintake::ParseDeviceProfile(text, profile)) {
        if (!profile.camera_id.empty() || !profile.controls.empty() || profile.width != 0) __builtin_trap();
        return 0;
    }
    const std::string json = docintake::DeviceProfileToJson(profile);
    docintake::DeviceProfile again;
    if (docintake::ParseDeviceProfile(json, again) || docintake::DeviceProfileToJson(again) != json) __builtin_trap();
    return 0;
}
