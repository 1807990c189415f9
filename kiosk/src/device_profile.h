#pragma once
// The camera's device profile (calibration). Calibration itself is another
// issue: the kiosk only notes whether a readable profile is there, and runs
// marked "uncalibrated" when it is not.

#include <string>

namespace docintake::kiosk {

struct DeviceProfile {
    bool calibrated = false;
    std::string problem;  // why not: "not configured", "missing", "not a JSON object"
};

DeviceProfile LoadDeviceProfile(const std::string& path);

}  // namespace docintake::kiosk
