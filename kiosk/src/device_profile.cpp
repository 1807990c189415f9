#include "device_profile.h"

#include "docintake/calibrate.h"

namespace docintake::kiosk {

ProfileStatus CheckDeviceProfile(const std::string& path) {
    ProfileStatus status;
    if (path.empty()) {
        status.problem = "not configured";
        return status;
    }
    DeviceProfile profile;
    const Error error = LoadDeviceProfile(path, profile);
    if (error) {
        status.problem = std::string("not usable (") + ToString(error.code) + ")";
        return status;
    }
    status.calibrated = true;
    status.lens = profile.lens;
    return status;
}

}  // namespace docintake::kiosk
