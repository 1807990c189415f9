#include "device_profile.h"

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

namespace docintake::kiosk {

DeviceProfile LoadDeviceProfile(const std::string& path) {
    DeviceProfile profile;
    if (path.empty()) {
        profile.problem = "not configured";
        return profile;
    }
    std::ifstream file(path);
    if (!file) {
        profile.problem = "missing";
        return profile;
    }
    std::stringstream text;
    text << file.rdbuf();
    const auto json = nlohmann::json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
    if (json.is_discarded() || !json.is_object()) {
        profile.problem = "not a JSON object";
        return profile;
    }
    profile.calibrated = true;
    return profile;
}

}  // namespace docintake::kiosk
