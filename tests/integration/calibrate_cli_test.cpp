// `docintake calibrate` and `docintake selftest` run for real on folders of
// camera shots of the test card (bench/testcard/test_card.h) with known scale
// and blur: JSON per frame with px/mm near the truth, a saved profile that
// loads, pass (exit 0) on sharp shots and fail (exit 1) on blurred ones, 2 for
// a missing source; no MRZ text in any output.
#include <doctest/doctest.h>

#include <sys/wait.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include <docintake/calibrate.h>

#include "../../bench/testcard/charuco_views.h"
#include "../../bench/testcard/test_card.h"
#include "support/temp_dir.h"

namespace {

struct Run {
    int exit_code = -1;
    std::string out;
    std::vector<nlohmann::json> objects;  // one per stdout line
};

Run Docintake(const std::string& args) {
    const std::string cmd = "OMP_THREAD_LIMIT=1 DOCINTAKE_MODEL_DIR='" DOCINTAKE_MODEL_DIR "' '" + std::string(DOCINTAKE_BIN_DIR) +
                            "/docintake' " + args + " 2>/dev/null";
    Run run;
    FILE* p = popen(cmd.c_str(), "r");
    REQUIRE(p);
    char buf[4096];
    for (std::size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) run.out.append(buf, n);
    const int status = pclose(p);
    run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    std::istringstream lines(run.out);
    for (std::string l; std::getline(lines, l);) {
        INFO(l);
        run.objects.push_back(nlohmann::json::parse(l));
    }
    return run;
}

void WriteShots(const std::string& dir, double blur, int count) {
    docintake::testcard::Shot shot;
    shot.px_per_mm = 8;
    shot.blur_sigma = blur;
    const cv::Mat card = docintake::testcard::RenderCard(shot.px_per_mm);
    REQUIRE(!card.empty());
    for (int i = 0; i < count; ++i) {
        shot.seed = static_cast<unsigned>(i + 1);
        shot.angle_deg = i - 1.0;
        REQUIRE(cv::imwrite(dir + "/shot" + std::to_string(i) + ".png", docintake::testcard::RenderShot(card, shot)));
    }
}

}  // namespace

TEST_CASE("calibrate prints measures per frame and saves a profile") {
    docintake_test::TempDir dir;
    WriteShots(dir.path(), 0.7, 3);
    const std::string profile = dir.file("profile.json");
    const Run r = Docintake("calibrate '" + dir.path() + "' --json --frames 2 --save-profile '" + profile + "' --light-notes 'ceiling LEDs'");
    CHECK(r.exit_code == 0);
    REQUIRE(r.objects.size() == 2);
    for (const nlohmann::json& j : r.objects) {
        CAPTURE(j.dump());
        for (const char* key : {"px_per_mm", "char_height_px", "sharpness", "glare_fraction", "clipped_fraction", "mean_level", "noise",
                                "motion", "mrz_sharpness", "feedback"})
            CHECK(j.contains(key));
        REQUIRE(j["px_per_mm"].is_number());
        CHECK(std::fabs(j["px_per_mm"].get<double>() / 8 - 1) < 0.03);
        CHECK(j["char_height_px"].get<double>() > 15);
        CHECK(j["glare"].is_null());
    }
    CHECK(r.objects[0]["motion"].is_null());
    CHECK(r.objects[1]["motion"].is_number());
    CHECK(r.out.find("SPECIMEN") == std::string::npos);  // measures, never the document's text

    docintake::DeviceProfile p;
    const docintake::Error e = docintake::LoadDeviceProfile(profile, p);
    REQUIRE_MESSAGE(!e, e.message);
    CHECK(p.width == 1920);
    CHECK(p.height == 1080);
    REQUIRE(p.px_per_mm.has_value());
    CHECK(std::fabs(*p.px_per_mm / 8 - 1) < 0.03);
    CHECK(p.light_notes == "ceiling LEDs");

    // Without a camera, the sweep says how to do it by hand.
    const Run sweep = Docintake("calibrate '" + dir.path() + "' --json --frames 1 --no-read --sweep");
    CHECK(sweep.exit_code == 0);
    REQUIRE(sweep.objects.size() == 2);
    CHECK(sweep.objects[0]["sweep"]["guidance"].get<std::string>().find("By hand") != std::string::npos);
    CHECK(sweep.objects[1]["px_per_mm"].is_null());

    CHECK(Docintake("calibrate '" + dir.file("missing") + "'").exit_code == 2);
    CHECK(Docintake("calibrate '" + dir.path() + "' --sweep --focus-values 9:1:1").exit_code == 2);
}

TEST_CASE("selftest passes on sharp shots of the card and fails on blurred ones") {
    docintake_test::TempDir sharp, blurred;
    WriteShots(sharp.path(), 0.7, 3);
    WriteShots(blurred.path(), 3.0, 2);
    const std::string report = sharp.file("log");
    const Run pass = Docintake("selftest '" + sharp.path() + "' --frames 3 --report '" + report + "'");
    CHECK(pass.exit_code == 0);
    REQUIRE(pass.objects.size() == 1);
    const nlohmann::json& p = pass.objects[0];
    CAPTURE(p.dump());
    CHECK(p["pass"] == true);
    CHECK(p["frames"] == 3);
    for (const char* format : {"TD1", "TD2", "TD3", "MRVA", "MRVB"}) CHECK(p["reads_per_format"][format] == 3);
    for (const char* format : {"QRCode", "DataMatrix", "Aztec", "PDF417"}) CHECK(p["reads_per_barcode"][format] == 3);
    CHECK(p["first_stable_frame"] == 2);
    CHECK(p["blur_margin_px"].get<double>() >= 0.75);
    CHECK(pass.out.find("SPECIMEN") == std::string::npos);
    // The report: a page and a picture, the verdict on both, no document text.
    std::ifstream html(report + "/selftest-report.html");
    REQUIRE(html.good());
    const std::string page((std::istreambuf_iterator<char>(html)), std::istreambuf_iterator<char>());
    CHECK(page.find("PASS") != std::string::npos);
    CHECK(page.find("selftest-report.png") != std::string::npos);
    CHECK(page.find("SPECIMEN") == std::string::npos);
    const cv::Mat picture = cv::imread(report + "/selftest-report.png");
    CHECK(picture.cols == 1200);

    const Run fail = Docintake("selftest '" + blurred.path() + "' --no-margins");
    CHECK(fail.exit_code == 1);
    REQUIRE(fail.objects.size() == 1);
    CHECK(fail.objects[0]["pass"] == false);
    CHECK(!fail.objects[0]["reason"].get<std::string>().empty());

    CHECK(Docintake("selftest '" + sharp.file("missing") + "'").exit_code == 2);
}

TEST_CASE("calibrate --lens solves the lens from board views and keeps it in the profile") {
    docintake_test::TempDir dir;
    const docintake::testcard::KnownCamera cam;
    const docintake::CharucoBoardSpec spec;
    const cv::Mat board = docintake::testcard::BoardImage(spec);
    const cv::Mat ideal = docintake::testcard::IdealPixels(cam);
    unsigned seed = 1;
    for (const auto& [rvec, tvec] : docintake::testcard::CalibrationPoses()) {
        const cv::Mat view = docintake::testcard::BoardView(board, spec, cam, ideal, rvec, tvec, seed);
        REQUIRE(cv::imwrite(dir.file("view" + std::to_string(seed++) + ".png"), view));
    }
    const std::string profile = dir.file("profile.json");
    const Run r = Docintake("calibrate '" + dir.path() + "' --lens --no-read --json --save-profile '" + profile + "'");
    CHECK(r.exit_code == 0);
    REQUIRE(r.objects.size() == 10);  // nine frames, then the lens
    for (std::size_t i = 0; i < 9; ++i) CHECK(r.objects[i]["board_corners"].get<int>() >= 8);
    const nlohmann::json& lens = r.objects.back()["lens"];
    CAPTURE(lens.dump());
    CHECK(lens["views"] == 9);
    CHECK(lens["reprojection_error_px"].get<double>() <= 0.5);
    CHECK(lens["within_target"] == true);
    CHECK(std::fabs(lens["camera_matrix"][0].get<double>() / 1000 - 1) < 0.02);

    docintake::DeviceProfile p;
    REQUIRE(!docintake::LoadDeviceProfile(profile, p));
    REQUIRE(p.lens.has_value());
    CHECK(p.lens->reprojection_error_px <= 0.5);
    // The profile then undistorts the frames it measures; --lens on top of it is refused.
    CHECK(Docintake("calibrate '" + dir.path() + "' --no-read --json --frames 1 --profile '" + profile + "'").exit_code == 0);
    CHECK(Docintake("calibrate '" + dir.path() + "' --lens --profile '" + profile + "'").exit_code == 2);
}
