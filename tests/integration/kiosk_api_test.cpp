// The real docintake-kiosk on the sample video, driven over HTTP on 127.0.0.1
// as its web UI does: the whole flow into the store's outbox, decline, the
// staff PIN with its lockout, the event stream, a camera that disappears and
// comes back, and a clean exit on SIGTERM.
#include "kiosk_process.h"

#include <docintake/calibrate.h>
#include <docintake/store.h>

#include <filesystem>

#include "staff_auth.h"

using kiosk_test::json;
using kiosk_test::KioskProcess;
using kiosk_test::WaitFor;

namespace {

// The sample card's MRZ (kiosk/data/README.md): none of it may reach a log.
const char* const kPersonalData[] = {"LI2286528", "RAHIMI", "SHAMMARI", "1954-01-08", "540108"};

std::string ConfigText(const std::string& extra = {}) {
    return "# written by kiosk_api_test\ninactivity_seconds = 90\ndone_seconds = 2\nread_barcodes = false\n" + extra;
}

// start, language, consent; then waits (bounded) for the scanner to move to review.
json ToReview(KioskProcess& kiosk) {
    REQUIRE(kiosk.Event({{"event", "start"}}).first == 200);
    auto [status, state] = kiosk.Event({{"event", "language"}, {"value", "en"}});
    REQUIRE(status == 200);
    CHECK(state["state"] == "consent");
    CHECK(state["language"] == "en");
    REQUIRE(kiosk.Event({{"event", "consent"}}).first == 200);
    json review;
    const bool reached = WaitFor(60, [&] {
        review = kiosk.State();
        return review["state"] == "review";
    });
    if (!reached) FAIL("no review within 60 s; log:\n" << kiosk.log());
    return review;
}

}  // namespace

TEST_CASE("a document read on the sample video is edited, confirmed and lands in the outbox") {
    REQUIRE(std::filesystem::is_regular_file(kiosk_test::kSampleVideo));
    KioskProcess kiosk(kiosk_test::kSampleVideo, ConfigText());
    json state = kiosk.State();
    CHECK(state["state"] == "attract");
    CHECK(state["record"].is_null());
    CHECK(state["camera"] == "ok");
    CHECK(state["calibrated"] == false);  // no device profile configured
    CHECK(state["inactivity"]["timeout_s"] == 90);

    // Events refused where they do not belong.
    CHECK(kiosk.Event({{"event", "confirm"}}).first == 400);
    CHECK(kiosk.Event({{"event", "reboot"}}).first == 400);
    CHECK(kiosk.Event(json::array()).first == 400);

    REQUIRE(kiosk.Event({{"event", "protection"}}).first == 200);
    json review = ToReview(kiosk);
    REQUIRE(review["record"].is_object());
    CHECK(review["feedback"].is_null());
    CHECK(review["flags"]["protection"] == true);
    const std::string id = review["record"]["id"];
    const json given = review["record"]["fields"]["given_names"];
    const std::string original = given["value"];

    auto [edit_status, edited] = kiosk.Event({{"event", "edit"}, {"value", {{"field", "given_names"}, {"value", "OMAR"}}}});
    REQUIRE(edit_status == 200);
    CHECK(edited["record"]["fields"]["given_names"]["value"] == "OMAR");
    CHECK(kiosk.Event({{"event", "edit"}, {"value", {{"field", "no_such_field"}, {"value", "X"}}}}).first == 400);

    auto [confirm_status, done] = kiosk.Event({{"event", "confirm"}});
    REQUIRE(confirm_status == 200);
    CHECK(done["state"] == "done");
    CHECK(done["outcome"] == "confirmed");
    CHECK(done["record"].is_null());
    // done_seconds = 2: back to attract by itself, the session wiped.
    CHECK(WaitFor(10, [&] { return kiosk.State()["state"] == "attract"; }));
    CHECK(kiosk.State()["language"].is_null());

    // Decline stores nothing.
    REQUIRE(kiosk.Event({{"event", "start"}}).first == 200);
    REQUIRE(kiosk.Event({{"event", "language"}, {"value", "en"}}).first == 200);
    auto [decline_status, declined] = kiosk.Event({{"event", "decline"}});
    CHECK(decline_status == 200);
    CHECK(declined["outcome"] == "declined");

    // The store (opened beside the running kiosk) holds exactly the confirmed record.
    docintake::StoreOptions options;
    options.dir = kiosk.store_dir();
    options.create = false;
    auto opened = docintake::RecordStore::Open(options);
    REQUIRE_FALSE(opened.error);
    const auto entries = opened.store->List();
    REQUIRE(entries.size() == 1);
    CHECK(entries[0].id == id);
    CHECK(entries[0].state == docintake::OutboxState::Pending);
    docintake::IntakeRecord stored;
    REQUIRE_FALSE(opened.store->Get(id, stored));
    const docintake::RecordField* field = stored.field("given_names");
    REQUIRE(field);
    CHECK(field->value == "OMAR");
    REQUIRE(field->previous);
    CHECK(*field->previous == original);
    REQUIRE(field->changed_by);
    CHECK(*field->changed_by == docintake::Editor::Person);
    CHECK(stored.has_flag(docintake::RecordFlag::ProtectionRequested));
    REQUIRE(stored.consent);
    CHECK(stored.consent->language == "en");
    opened.store.reset();

    CHECK(kiosk.Terminate() == 0);
    const std::string log = kiosk.log();
    CHECK(log.find(id) != std::string::npos);  // record ids are logged ...
    for (const char* personal : kPersonalData) {
        CAPTURE(personal);
        CHECK(log.find(personal) == std::string::npos);  // ... personal data never
    }
}

TEST_CASE("staff: PIN login, status without personal data, lockout after repeated failures") {
    const std::string hash = docintake::kiosk::HashPin("2468");
    REQUIRE_FALSE(hash.empty());
    docintake_test::TempDir receiver;  // a file:// handoff: the sender delivers there
    KioskProcess kiosk(kiosk_test::kSampleVideo,
                       ConfigText("staff_pin_hash = " + hash + "\nlockout_failures = 3\nlockout_seconds = 300\n" +
                                  "handoff_url = file://" + receiver.path() + "\nsend_interval_seconds = 1\n"));
    auto& http = kiosk.http();
    CHECK(http.Get("/api/staff/status")->status == 401);
    auto wrong = http.Post("/api/staff/login", R"({"pin":"1111"})", "application/json");
    REQUIRE(wrong);
    CHECK(wrong->status == 401);
    auto login = http.Post("/api/staff/login", R"({"pin":"2468"})", "application/json");
    REQUIRE(login);
    REQUIRE(login->status == 200);
    const std::string token = json::parse(login->body)["token"];
    const httplib::Headers auth = {{"Authorization", "Bearer " + token}};

    // A read document in review: staff status must still say nothing about it.
    const std::string id = ToReview(kiosk)["record"]["id"];
    REQUIRE(kiosk.Event({{"event", "help"}}).first == 200);
    auto status = http.Get("/api/staff/status", auth);
    REQUIRE(status);
    REQUIRE(status->status == 200);
    const json s = json::parse(status->body);
    CHECK(s["camera"]["status"] == "ok");
    CHECK(s["camera"]["frames"].get<int>() > 0);
    CHECK(s["requests"]["help"] == 1);
    CHECK(s["outbox"]["pending"] == 0);
    CHECK(s["retention"]["delivered_hours"] == 72);
    CHECK(s["calibrated"] == false);
    CHECK(s["reader"]["last_read_ms"].is_number());
    CHECK(s["reader"]["quality"]["mean_level"].get<double>() > 0);
    for (const char* personal : kPersonalData) CHECK(status->body.find(personal) == std::string::npos);
    CHECK(http.Post("/api/staff/resend", auth)->status == 200);

    // Confirmed, the record is handed off by the background sender; staff see it delivered.
    REQUIRE(kiosk.Event({{"event", "confirm"}}).first == 200);
    CHECK(WaitFor(20, [&] { return std::filesystem::exists(receiver.file(id + ".json")); }));
    json delivered;
    CHECK(WaitFor(10, [&] {
        delivered = json::parse(http.Get("/api/staff/status", auth)->body);
        return delivered["outbox"]["delivered"] == 1;
    }));
    CHECK(delivered["outbox"]["pending"] == 0);
    CHECK(delivered["outbox"]["last_delivery_at"].is_string());
    CHECK(delivered["requests"]["help"] == 1);
    CHECK(kiosk.log().find("record " + id + " delivered") != std::string::npos);

    CHECK(http.Post("/api/staff/logout", auth)->status == 200);
    CHECK(http.Get("/api/staff/status", auth)->status == 401);
    // Three wrong PINs in a row (the login above reset the first one): the third locks
    // logins out, even with the right PIN.
    CHECK(http.Post("/api/staff/login", R"({"pin":"0000"})", "application/json")->status == 401);
    CHECK(http.Post("/api/staff/login", R"({"pin":"0001"})", "application/json")->status == 401);
    CHECK(http.Post("/api/staff/login", R"({"pin":"0002"})", "application/json")->status == 423);
    CHECK(http.Post("/api/staff/login", R"({"pin":"2468"})", "application/json")->status == 423);
    CHECK(kiosk.Terminate() == 0);
}

TEST_CASE("a camera source that disappears shows camera lost, and ok again when it returns") {
    KioskProcess* running = nullptr;
    docintake_test::TempDir media;
    const std::string video = media.file("camera.avi");
    std::filesystem::copy_file(kiosk_test::kSampleVideo, video);
    KioskProcess kiosk(video, ConfigText());
    running = &kiosk;
    CHECK(WaitFor(10, [&] { return running->State()["camera"] == "ok"; }));

    // The event stream sends the state at once and again at least once a second.
    int events = 0;
    std::string stream;
    auto& http = kiosk.http();
    http.Get("/api/events", [&](const char* data, size_t length) {
        stream.append(data, length);
        events = 0;
        for (std::size_t at = 0; (at = stream.find("event: state\ndata: {", at)) != std::string::npos; ++at) ++events;
        return events < 3;
    });
    CHECK(events >= 3);

    auto preview = http.Get("/preview.jpg");
    REQUIRE(preview);
    CHECK(preview->status == 200);
    CHECK(preview->get_header_value("Content-Type") == "image/jpeg");

    std::filesystem::rename(video, media.file("away.avi"));
    CHECK(WaitFor(10, [&] { return running->State()["camera"] == "lost"; }));
    std::filesystem::rename(media.file("away.avi"), video);
    CHECK(WaitFor(10, [&] { return running->State()["camera"] == "ok"; }));
    CHECK(kiosk.Terminate() == 0);
}

TEST_CASE("static files, catalogs and languages; other hosts and paths are refused") {
    docintake_test::TempDir calibration;
    docintake::DeviceProfile profile;
    profile.camera_id = "test";
    profile.source = "0";
    profile.width = 640;
    profile.height = 480;
    profile.created = "2026-12-06T02:00:00Z";
    REQUIRE_FALSE(docintake::SaveDeviceProfile(calibration.file("profile.json"), profile));
    KioskProcess kiosk(kiosk_test::kSampleVideo,
                       ConfigText("languages = en, ar\ndevice_profile = " + calibration.file("profile.json") + "\n"));
    CHECK(kiosk.State()["calibrated"] == true);
    auto& http = kiosk.http();
    auto languages = http.Get("/api/languages");
    REQUIRE(languages);
    const json list = json::parse(languages->body);
    REQUIRE(list.size() == 2);
    CHECK(list[0]["code"] == "en");
    CHECK(list[1]["code"] == "ar");
    CHECK(list[1]["dir"] == "rtl");
    CHECK(http.Get("/i18n/en.json")->status == 200);
    CHECK(http.Get("/i18n/zz.json")->status == 404);
    CHECK(http.Get("/audio/en/../../x.wav")->status == 404);
    CHECK(http.Get("/audio/zz/start.wav")->status == 404);
    CHECK(http.Get("/")->status == 200);
    CHECK(http.Get("/api/state", {{"Host", "attacker.example:80"}})->status == 403);
    CHECK(kiosk.Terminate() == 0);
}

TEST_CASE("inactivity returns to attract and wipes the session") {
    KioskProcess kiosk(kiosk_test::kSampleVideo, ConfigText("inactivity_seconds = 5\n"));
    REQUIRE(kiosk.Event({{"event", "help"}}).first == 200);
    REQUIRE(kiosk.Event({{"event", "start"}}).first == 200);
    auto [status, state] = kiosk.Event({{"event", "language"}, {"value", "ar"}});
    REQUIRE(status == 200);
    CHECK(state["inactivity"]["timeout_s"] == 5);
    CHECK(state["flags"]["help"] == true);
    std::this_thread::sleep_for(std::chrono::seconds(3));
    REQUIRE(kiosk.Event({{"event", "touch"}}).first == 200);  // extends it
    std::this_thread::sleep_for(std::chrono::seconds(3));
    CHECK(kiosk.State()["state"] == "consent");
    CHECK(WaitFor(5, [&] { return kiosk.State()["state"] == "attract"; }));
    const json wiped = kiosk.State();
    CHECK(wiped["language"].is_null());
    CHECK(wiped["flags"]["help"] == false);
    CHECK(kiosk.Terminate() == 0);
}
