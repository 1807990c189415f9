// Low-resolution input (thumbnails, 150 dpi scans, a document far from the
// camera): an MRZ whose characters are about 6 px is upsampled and read, not
// turned away as too_small; too_small is left for what cannot be read.
// Frames are made small here, from a bundled frame (always) and from the
// shared real specimens (skipped when ../shared/data is absent).
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <docintake/opencv.h>
#include <docintake/read_mrz.h>

using namespace docintake;
namespace fs = std::filesystem;

namespace {

MrzReaderOptions Options() {
    MrzReaderOptions o;
    o.model_dir = DOCINTAKE_MODEL_DIR;
    o.parse.reference_date = 20261125;
    return o;
}

struct Truth {
    cv::Mat frame;
    std::vector<std::string> lines;
    double char_height_px = 0;
};

// A bundled camera frame with its truth (examples/data/frames/truth.jsonl).
Truth BundledFrame(const std::string& file) {
    const fs::path dir = fs::path(DOCINTAKE_SOURCE_DIR) / "examples" / "data" / "frames";
    std::ifstream in(dir / "truth.jsonl");
    Truth t;
    for (std::string line; std::getline(in, line);) {
        const auto j = nlohmann::json::parse(line);
        if (j.at("file") != file) continue;
        t.lines = j.at("lines").get<std::vector<std::string>>();
        t.char_height_px = j.at("char_height_px").get<double>();
        t.frame = cv::imread((dir / file).string(), cv::IMREAD_COLOR);
    }
    return t;
}

// Scaled as a camera of lower resolution or a thumbnailer would.
cv::Mat Shrunk(const cv::Mat& frame, double factor) {
    cv::Mat small;
    cv::resize(frame, small, cv::Size(), factor, factor, cv::INTER_AREA);
    return small;
}

std::vector<std::string> SidecarLines(const fs::path& p) {
    std::ifstream f(p);
    std::vector<std::string> lines;
    for (std::string l; std::getline(f, l);) {
        while (!l.empty() && (l.back() == '\r' || l.back() == ' ')) l.pop_back();
        if (!l.empty()) lines.push_back(l);
    }
    return lines;
}

}  // namespace

TEST_CASE("a frame shrunk to 6-9.5 px characters is read exactly (Ambiguous), where it used to be too_small") {
    // TD1, 26.9 px characters in a 1280x720 frame; at 6.7 px it is a 320x180 thumbnail.
    const Truth t = BundledFrame("camera_090002.jpg");
    REQUIRE_FALSE(t.frame.empty());
    REQUIRE(t.lines.size() == 3);
    MrzReader reader(Options());
    REQUIRE_FALSE(reader.init_error());
    for (const double height : {12.0, 9.5, 6.7, 6.0}) {
        CAPTURE(height);
        const cv::Mat small = Shrunk(t.frame, height / t.char_height_px);
        const MrzReadResult r = reader.Read(ViewOf(small));
        std::cout << "shrunk to " << small.cols << "x" << small.rows << " (" << height << " px): " << ToString(r.status)
                  << ", " << ToString(r.feedback) << ", measured " << r.char_height_px << " px, " << r.timings.total_ms
                  << " ms\n";
        CHECK(r.feedback == FrameFeedback::Ok);
        CHECK(r.lines == t.lines);
        CHECK(r.char_height_px == doctest::Approx(height).epsilon(0.25));
        if (height >= 10) {  // read directly, as before
            CHECK(r.status == MrzReadingStatus::Valid);
        } else {
            // Names carry no check digit, and at this size the OCR can be sure and
            // wrong about them: the text is offered for confirmation, not vouched for.
            CHECK(r.status == MrzReadingStatus::Ambiguous);
        }
    }
}

TEST_CASE("min_char_height_px still refuses smaller characters as too_small") {
    const Truth t = BundledFrame("camera_090002.jpg");
    REQUIRE_FALSE(t.frame.empty());
    const cv::Mat small = Shrunk(t.frame, 6.7 / t.char_height_px);
    MrzReaderOptions o = Options();
    o.min_char_height_px = 10;  // the earlier default: no upsampling below it
    MrzReader reader(o);
    REQUIRE_FALSE(reader.init_error());
    const MrzReadResult r = reader.Read(ViewOf(small));
    CHECK(r.feedback == FrameFeedback::TooSmall);
    CHECK_FALSE(r.valid());
}

TEST_CASE("characters below what the reader can read are too_small, never a wrong Valid reading") {
    const Truth t = BundledFrame("camera_090002.jpg");
    REQUIRE_FALSE(t.frame.empty());
    MrzReader reader(Options());
    REQUIRE_FALSE(reader.init_error());
    const cv::Mat tiny = Shrunk(t.frame, 3.5 / t.char_height_px);
    const MrzReadResult r = reader.Read(ViewOf(tiny));
    std::cout << "shrunk to 3.5 px: " << ToString(r.status) << ", " << ToString(r.feedback) << "\n";
    CHECK((r.feedback == FrameFeedback::TooSmall || r.feedback == FrameFeedback::NoDocument));
    if (r.valid()) CHECK(r.lines == t.lines);
}

TEST_CASE("shared real specimens: thumbnails are read, not turned away") {
    const fs::path dir = fs::path(DOCINTAKE_SHARED_DATA_DIR) / "mrz-images";
    if (!fs::is_directory(dir)) {
        MESSAGE("skipped: " << dir.string() << " is absent");
        return;
    }
    MrzReader reader(Options());
    REQUIRE_FALSE(reader.init_error());

    // The ICAO TD3 specimen with its asserted text, made the size of PassportEye's
    // low-resolution copy of it (about 270 px wide: characters about 6 px).
    const fs::path td3 = dir / "passporteye_tests_passport-td3.jpg";
    if (fs::exists(td3)) {
        const cv::Mat full = cv::imread(td3.string(), cv::IMREAD_COLOR);
        REQUIRE_FALSE(full.empty());
        const std::vector<std::string> expected = SidecarLines(td3.string() + ".mrz.txt");
        const cv::Mat small = Shrunk(full, 340.0 / full.cols);
        const MrzReadResult r = reader.Read(ViewOf(small));
        std::cout << "TD3 specimen at " << small.cols << "x" << small.rows << ": " << ToString(r.status) << ", "
                  << ToString(r.feedback) << ", " << r.char_height_px << " px\n";
        CHECK(r.feedback == FrameFeedback::Ok);
        CHECK(r.found());
        CHECK(r.lines == expected);
    }

    // PassportEye's own thumbnails (no asserted text): every one has an MRZ whose
    // check digits PassportEye validated; none may be turned away as too small,
    // and a Valid reading must pass every check.
    int thumbnails = 0, valid = 0;
    for (const char* name : {"passporteye_testdata_100_id-che.jpg", "passporteye_testdata_24_pass-egy.jpg",
                             "passporteye_testdata_100_pass-chn.jpg", "passporteye_testdata_43_pass-twn.jpg"}) {
        const fs::path p = dir / name;
        if (!fs::exists(p)) continue;
        const cv::Mat image = cv::imread(p.string(), cv::IMREAD_COLOR);
        REQUIRE_FALSE(image.empty());
        const MrzReadResult r = reader.Read(ViewOf(image));
        CAPTURE(name);
        std::cout << name << " (" << image.cols << "x" << image.rows << "): " << ToString(r.status) << ", "
                  << ToString(r.feedback) << ", " << r.char_height_px << " px\n";
        ++thumbnails;
        CHECK(r.feedback != FrameFeedback::TooSmall);
        CHECK(r.found());
        if (r.valid()) {
            ++valid;
            CHECK(r.mrz->valid());
        }
    }
    std::cout << "thumbnails: " << valid << " of " << thumbnails << " read valid\n";
}
