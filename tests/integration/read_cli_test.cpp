// `docintake read` and `docintake scan` run as a user would: real files, real
// process, JSON on stdout, exit codes.
#include <doctest/doctest.h>

#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/videoio.hpp>

#include "support/mrz_frame.h"
#include "support/temp_dir.h"

namespace {

const std::vector<std::string> kTd3 = {"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                                       "L898902C36UTO7408122F1204159ZE184226B<<<<<10"};
// The ICAO TD2 specimen, for the read test: with the model of ac5a930 the TD3
// specimen frame reads exactly but Ambiguous (a 0/O doubt in its document number,
// see read_frames_test), and this test is about the JSON and the exit codes.
const std::vector<std::string> kTd2 = {"I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<",
                                       "D231458907UTO7408122F1204159<<<<<<<6"};

std::string ModelDir() {
    const char* env = std::getenv("DOCINTAKE_MODEL_DIR");
    return env && env[0] ? env : DOCINTAKE_MODEL_DIR;
}

struct Run {
    int exit_code = -1;
    std::vector<nlohmann::json> objects;  // one per stdout line
};

Run Docintake(const std::string& args) {
    const std::string cmd = "OMP_THREAD_LIMIT=1 DOCINTAKE_MODEL_DIR='" + ModelDir() + "' '" +
                            std::string(DOCINTAKE_BIN_DIR) + "/docintake' " + args + " 2>/dev/null";
    Run run;
    FILE* p = popen(cmd.c_str(), "r");
    REQUIRE(p);
    std::string out;
    char buf[4096];
    for (std::size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
    const int status = pclose(p);
    run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    std::istringstream lines(out);
    for (std::string l; std::getline(lines, l);) {
        INFO(l);
        run.objects.push_back(nlohmann::json::parse(l));
    }
    return run;
}

bool ModelPresent() {
    FILE* f = std::fopen((ModelDir() + "/mrz.traineddata").c_str(), "rb");
    if (f) std::fclose(f);
    return f != nullptr;
}

}  // namespace

TEST_CASE("docintake read prints one JSON object per image and exits by the worst result") {
    REQUIRE_MESSAGE(ModelPresent(), "models/mrz.traineddata is missing");
    docintake_test::TempDir dir;
    const cv::Mat frame = docintake::test::RenderMrzFrame(kTd2);
    REQUIRE(!frame.empty());
    REQUIRE(cv::imwrite(dir.file("td2.png"), frame));
    cv::Mat empty_table(720, 1280, CV_8UC3, cv::Scalar(60, 90, 120));
    REQUIRE(cv::imwrite(dir.file("table.png"), empty_table));
    {
        std::FILE* f = std::fopen(dir.file("broken.png").c_str(), "wb");
        REQUIRE(f);
        std::fputs("not a png", f);
        std::fclose(f);
    }

    const Run good = Docintake("read --today 2026-11-25 '" + dir.file("td2.png") + "'");
    CHECK(good.exit_code == 0);
    REQUIRE(good.objects.size() == 1);
    const auto& j = good.objects[0];
    CHECK(j["source"] == dir.file("td2.png"));
    REQUIRE(j["mrz"].is_object());
    CHECK(j["mrz"]["valid"] == true);
    CHECK(j["mrz"]["status"] == "valid");
    CHECK(j["mrz"]["format"] == "TD2");
    CHECK(j["mrz"]["lines"] == kTd2);
    CHECK(j["mrz"]["surname"] == "ERIKSSON");
    CHECK(j["mrz"]["given_names"] == "ANNA MARIA");
    CHECK(j["mrz"]["birth_date"] == "1974-08-12");
    CHECK(j["barcodes"] == nlohmann::json::array());
    CHECK(j["feedback"] == "ok");
    CHECK(j["timings_ms"]["total"].get<double>() > 0);
    CHECK(j["timings_ms"].contains("locate"));
    CHECK(j["timings_ms"].contains("ocr"));
    CHECK(j["error"].is_null());

    const Run mixed = Docintake("read '" + dir.file("td2.png") + "' '" + dir.file("table.png") + "'");
    CHECK(mixed.exit_code == 1);
    REQUIRE(mixed.objects.size() == 2);
    CHECK(mixed.objects[1]["mrz"].is_null());
    CHECK(mixed.objects[1]["feedback"] == "no_document");

    const Run broken = Docintake("read '" + dir.file("broken.png") + "' '" + dir.file("td2.png") + "'");
    CHECK(broken.exit_code == 2);
    REQUIRE(broken.objects.size() == 2);
    CHECK(broken.objects[0]["error"]["code"] == "invalid_image");
    CHECK(broken.objects[0]["mrz"].is_null());
    CHECK(broken.objects[1]["mrz"]["valid"] == true);  // one bad file does not stop the others

    CHECK(Docintake("read --today 25.11.2026 '" + dir.file("td2.png") + "'").exit_code == 2);
    CHECK(Docintake("read --model no-such-model '" + dir.file("td2.png") + "'").exit_code == 2);
}

TEST_CASE("docintake scan agrees over a folder of frames") {
    REQUIRE_MESSAGE(ModelPresent(), "models/mrz.traineddata is missing");
    docintake_test::TempDir dir;
    for (unsigned i = 0; i < 4; ++i) {
        docintake::test::FrameSpec spec;
        spec.seed = 7 + i;
        spec.angle_deg = 2.0 * i;
        REQUIRE(cv::imwrite(dir.file("frame" + std::to_string(i) + ".png"), docintake::test::RenderMrzFrame(kTd3, spec)));
    }
    const Run scan = Docintake("scan --today 2026-11-25 '" + dir.path() + "'");
    CHECK(scan.exit_code == 0);
    REQUIRE(scan.objects.size() == 1);
    CHECK(scan.objects[0]["state"] == "done");
    CHECK(scan.objects[0]["mrz"]["lines"] == kTd3);
    CHECK(scan.objects[0]["frames_used"].get<int>() >= 2);

    // The same frames as a video (Motion JPEG in AVI: OpenCV writes it without codecs).
    {
        cv::VideoWriter video(dir.file("scan.avi"), cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), 10, cv::Size(1920, 1080));
        REQUIRE(video.isOpened());
        for (unsigned i = 0; i < 4; ++i) video.write(cv::imread(dir.file("frame" + std::to_string(i) + ".png")));
    }
    const Run video = Docintake("scan --today 2026-11-25 '" + dir.file("scan.avi") + "'");
    CHECK(video.exit_code == 0);
    REQUIRE(video.objects.size() == 1);
    CHECK(video.objects[0]["state"] == "done");
    CHECK(video.objects[0]["mrz"]["lines"] == kTd3);

    docintake_test::TempDir empty;
    const Run none = Docintake("scan '" + empty.path() + "'");
    CHECK(none.exit_code == 1);
    REQUIRE(none.objects.size() == 1);
    CHECK(none.objects[0]["state"] == "failed");
    CHECK(none.objects[0]["reason"] == "no MRZ in 0 frames (mostly no_document)");

    CHECK(Docintake("scan /no/such/video.mp4").exit_code == 2);
}
