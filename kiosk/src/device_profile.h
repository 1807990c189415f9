#pragma once
// The camera's device profile (docintake/calibrate.h, docs/calibration.md).
// Calibration itself is done elsewhere: the kiosk only notes whether a valid
// profile is configured, and runs marked "uncalibrated" when it is not.

#include <string>

namespace docintake::kiosk {

struct ProfileStatus {
    bool calibrated = false;
    std::string problem;  // why not: "not configured", or the loader's error code
};

ProfileStatus CheckDeviceProfile(const std::string& path);

}  // namespace docintake::kiosk
