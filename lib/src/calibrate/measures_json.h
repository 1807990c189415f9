#pragma once
// FrameMeasures as JSON for the CLI and the kiosk: numbers and geometry only,
// nothing read from the document.

#include <nlohmann/json.hpp>

#include "docintake/calibrate.h"

namespace docintake::calibrate {

// px_per_mm, mrz_sharpness, motion, glare, mrz_glare_fraction are null when absent.
nlohmann::ordered_json ToJson(const FrameMeasures& m);
nlohmann::ordered_json ToJson(const SweepResult& sweep, CameraControl control);
nlohmann::ordered_json ToJson(const SweepChoice& choice);

}  // namespace docintake::calibrate
