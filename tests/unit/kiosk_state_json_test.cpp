// The state JSON the web UI reads (docs/kiosk-api.md): every member on every
// screen, with the types and values the contract gives.
#include <doctest/doctest.h>

#include <docintake/mrz.h>

#include "flow.h"
#include "support/specimen_record.h"
#include "state_json.h"

using namespace docintake;
using namespace docintake::kiosk;
using docintake::test::SpecimenRecord;
using nlohmann::json;

namespace {

void CheckShape(const json& s) {
    for (const char* key : {"state", "language", "record", "outcome", "flags", "feedback", "scan", "camera",
                            "inactivity", "calibrated", "version"}) {
        CAPTURE(key);
        CHECK(s.contains(key));
    }
    CHECK(s.size() == 11);
    CHECK(s["state"].is_string());
    CHECK((s["language"].is_null() || s["language"].is_string()));
    CHECK((s["record"].is_null() || s["record"].is_object()));
    CHECK((s["outcome"].is_null() || s["outcome"] == "confirmed" || s["outcome"] == "declined"));
    CHECK(s["flags"]["help"].is_boolean());
    CHECK(s["flags"]["protection"].is_boolean());
    CHECK((s["camera"] == "ok" || s["camera"] == "lost"));
    CHECK(s["inactivity"]["timeout_s"].is_number_integer());
    CHECK(s["inactivity"]["remaining_s"].is_number_integer());
    CHECK(s["calibrated"].is_boolean());
    CHECK(s["version"].is_string());
    if (s["state"] != "scan") CHECK(s["feedback"].is_null());
}

}  // namespace

TEST_CASE("the state JSON has every member of the contract on every screen") {
    FlowSettings settings;
    settings.languages = {"en", "ar"};
    FlowTime now{500, 1'796'000'000};
    Flow flow(settings, now);
    StateExtras extras;
    extras.camera_ok = false;
    extras.calibrated = true;

    json s = StateToJson(flow, now, extras);
    CheckShape(s);
    CHECK(s["state"] == "attract");
    CHECK(s["camera"] == "lost");
    CHECK(s["calibrated"] == true);
    CHECK(s["scan"].is_null());
    CHECK(s["inactivity"]["timeout_s"] == 90);
    CHECK(s["inactivity"]["remaining_s"] == 90);

    FlowEvent e;
    e.kind = EventKind::Start;
    REQUIRE_FALSE(flow.Handle(e, now));
    e.kind = EventKind::Language;
    e.value = "ar";
    REQUIRE_FALSE(flow.Handle(e, now));
    e.kind = EventKind::Consent;
    REQUIRE_FALSE(flow.Handle(e, now));
    ScanStatus scan;
    scan.state = "reading";
    scan.feedback = "glare";
    scan.confidence = 0.4567;
    scan.frames = 4;
    flow.UpdateScan(scan);
    now.monotonic_s += 30.2;
    s = StateToJson(flow, now, {});
    CheckShape(s);
    CHECK(s["state"] == "scan");
    CHECK(s["language"] == "ar");
    CHECK(s["feedback"] == "glare");
    CHECK(s["scan"]["state"] == "reading");
    CHECK(s["scan"]["frames"] == 4);
    CHECK(s["scan"]["confidence"].get<double>() == doctest::Approx(0.457));
    CHECK(s["inactivity"]["remaining_s"] == 60);  // 59.8 rounded up

    REQUIRE(flow.DocumentRead(SpecimenRecord(), now));
    s = StateToJson(flow, now, {});
    CheckShape(s);
    CHECK(s["state"] == "review");
    REQUIRE(s["record"].is_object());
    CHECK(s["record"]["id"].get<std::string>().size() == 32);
    CHECK(s["record"]["consent"]["language"] == "ar");
    CHECK(s["feedback"].is_null());
    CHECK(s["scan"]["state"] == "done");

    e.kind = EventKind::Confirm;
    REQUIRE_FALSE(flow.Handle(e, now));
    s = StateToJson(flow, now, {});
    CheckShape(s);
    CHECK(s["state"] == "done");
    CHECK(s["outcome"] == "confirmed");
    CHECK(s["record"].is_null());
    CHECK(s["scan"].is_null());
}
