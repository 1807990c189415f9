#include "state_json.h"

#include <cmath>

#include "docintake/version.h"

namespace docintake::kiosk {

const char* KioskVersion() { return docintake::Version(); }

nlohmann::json StateToJson(const Flow& flow, FlowTime now, const StateExtras& extras) {
    using nlohmann::json;
    json state;
    state["state"] = ToString(flow.screen());
    state["language"] = flow.language() ? json(*flow.language()) : json(nullptr);
    json record = nullptr;
    if (const IntakeRecord* r = flow.record()) {
        record = json::parse(RecordToJson(*r), nullptr, /*allow_exceptions=*/false);
        if (record.is_discarded()) record = nullptr;
    }
    state["record"] = std::move(record);
    const char* outcome = ToString(flow.outcome());
    state["outcome"] = outcome ? json(outcome) : json(nullptr);
    state["flags"] = {{"protection", flow.protection()}, {"help", flow.help()}};
    const ScanStatus* scan = flow.scan();
    state["feedback"] = scan && flow.screen() == Screen::Scan ? json(scan->feedback) : json(nullptr);
    if (scan) {
        state["scan"] = {{"state", scan->state},
                         {"confidence", std::round(scan->confidence * 1000) / 1000},
                         {"frames", scan->frames}};
    } else {
        state["scan"] = nullptr;
    }
    state["camera"] = extras.camera_ok ? "ok" : "lost";
    state["inactivity"] = {{"timeout_s", static_cast<int>(flow.settings().inactivity_seconds)},
                           {"remaining_s", static_cast<int>(std::ceil(flow.remaining_seconds(now)))}};
    state["calibrated"] = extras.calibrated;
    state["version"] = KioskVersion();
    return state;
}

}  // namespace docintake::kiosk
