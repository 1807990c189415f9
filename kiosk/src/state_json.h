#pragma once
// The state JSON of GET /api/state and the event stream (docs/kiosk-api.md).

#include <nlohmann/json.hpp>

#include "flow.h"

namespace docintake::kiosk {

struct StateExtras {
    bool camera_ok = true;
    bool calibrated = false;
};

nlohmann::json StateToJson(const Flow& flow, FlowTime now, const StateExtras& extras);

// The version the state JSON reports.
const char* KioskVersion();

}  // namespace docintake::kiosk
