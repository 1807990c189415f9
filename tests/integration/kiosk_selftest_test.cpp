// The staff screen's self-test on the real docintake-kiosk: its camera source is a
// folder of drawn shots of the printed test card (bench/testcard/test_card.h), a
// staff member starts the self-test over HTTP, and the verdict and its report
// files come back. Only the card's specimen MRZs are read.
#include "kiosk_process.h"

#include <filesystem>

#include <opencv2/imgcodecs.hpp>

#include "../../bench/testcard/test_card.h"
#include "staff_auth.h"

using kiosk_test::json;
using kiosk_test::KioskProcess;
using kiosk_test::WaitFor;

TEST_CASE("staff run the self-test on the test card from the kiosk's camera and get a verdict and a report") {
    docintake_test::TempDir work;
    const std::string shots = work.file("camera");
    std::filesystem::create_directories(shots);
    const cv::Mat card = docintake::testcard::RenderCard(8);
    REQUIRE_FALSE(card.empty());
    for (unsigned i = 0; i < 4; ++i) {
        docintake::testcard::Shot shot;
        shot.frame = {1280, 960};  // the card at 8 px/mm fills most of it
        shot.seed = i + 1;
        REQUIRE(cv::imwrite(shots + "/shot_" + std::to_string(i) + ".png", docintake::testcard::RenderShot(card, shot)));
    }
    const std::string hash = docintake::kiosk::HashPin("2468");
    REQUIRE_FALSE(hash.empty());
    KioskProcess kiosk(shots, "staff_pin_hash = " + hash + "\nread_barcodes = false\nselftest_frames = 4\n" +
                                  "report_dir = " + work.file("reports") + "\nsource_fps = 4\n");
    auto& http = kiosk.http();
    CHECK(http.Post("/api/staff/selftest")->status == 401);  // staff only
    auto login = http.Post("/api/staff/login", R"({"pin":"2468"})", "application/json");
    REQUIRE(login);
    REQUIRE(login->status == 200);
    const httplib::Headers auth = {{"Authorization", "Bearer " + json::parse(login->body)["token"].get<std::string>()}};

    CHECK(json::parse(http.Get("/api/staff/selftest", auth)->body)["state"] == "idle");
    auto started = http.Post("/api/staff/selftest", auth, "", "application/json");
    REQUIRE(started);
    CHECK(started->status == 202);
    json status;
    const bool done = WaitFor(240, [&] {
        status = json::parse(http.Get("/api/staff/selftest", auth)->body);
        return status["state"] == "done";
    });
    REQUIRE_MESSAGE(done, "no verdict within 240 s; log:\n" << kiosk.log());
    const json& report = status["report"];
    INFO(report.dump());
    CHECK(report["frames"] == 4);
    CHECK(report["pass"] == true);
    CHECK(report["wrong_reads"] == 0);
    CHECK(report["reads_per_format"]["TD3"] == 4);
    CHECK(report["px_per_mm"].get<double>() == doctest::Approx(8).epsilon(0.03));
    CHECK(std::filesystem::exists(work.file("reports/selftest-report.html")));
    CHECK(std::filesystem::exists(work.file("reports/selftest-report.png")));
    CHECK(kiosk.log().find("self-test: pass after 4 frames") != std::string::npos);
    CHECK(kiosk.Terminate() == 0);
}
