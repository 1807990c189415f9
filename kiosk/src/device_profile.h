#pragma once
// The camera's device profile (docintake/calibrate.h, docs/calibration.md).
// Calibration itself is done with `docintake calibrate`: the kiosk notes whether a
// valid profile is configured (and runs marked "uncalibrated" when it is not), and
// takes the profile's lens calibration to undistort frames.

#include <optional>
#include <string>

#include "docintake/calibrate.h"

namespace docintake::kiosk {

struct ProfileStatus {
    bool calibrated = false;
    std::string problem;  // why not: "not configured", or the loader's error code
    std::optional<LensCalibration> lens;  // when the profile has one
};

ProfileStatus CheckDeviceProfile(const std::string& path);

}  // namespace docintake::kiosk
