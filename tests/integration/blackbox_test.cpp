// Blackbox regression test in the style of ZXing-C++: folders of camera frames
// (tests/blackbox/<set>/NAME.jpg) with the expected MRZ next to them
// (NAME.txt, one line per MRZ line; no NAME.txt: no document in the frame),
// read by MrzReader with the committed model. Each folder must reach its
// minimum pass count, so a regression fails CI; a reading reported Valid but
// different from the expected text fails at once, in any folder.
//
// A frame passes when
//   - its expected MRZ is valid and the reader reports exactly it as Valid;
//   - its expected MRZ is misprinted (a wrong check digit) and the reader does
//     not report Valid;
//   - it has no document and the reader does not report Valid.
//
// The frames were made by bench/docintake-synth with seeds used nowhere else
// (see tests/blackbox/README.md); the OCR model is trained on text2image line
// renderings, never on these.

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <opencv2/imgcodecs.hpp>

#include <docintake/opencv.h>
#include <docintake/read_mrz.h>

namespace fs = std::filesystem;
using namespace docintake;

namespace {

const fs::path kBlackbox = fs::path(DOCINTAKE_TEST_DATA_DIR).parent_path() / "blackbox";

std::vector<std::string> ReadLines(const fs::path& path) {
    std::ifstream in(path);
    std::vector<std::string> lines;
    std::string line;
    while (std::getline(in, line)) {
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
        if (!line.empty()) lines.push_back(line);
    }
    return lines;
}

std::vector<fs::path> Images(const fs::path& dir) {
    std::vector<fs::path> out;
    if (!fs::is_directory(dir)) return out;
    for (const auto& e : fs::directory_iterator(dir)) {
        const std::string ext = e.path().extension().string();
        if (ext == ".jpg" || ext == ".png") out.push_back(e.path());
    }
    std::sort(out.begin(), out.end());
    return out;
}

MrzReader MakeReader() {
    MrzReaderOptions o;
    o.model_dir = DOCINTAKE_MODEL_DIR;
    o.parse.reference_date = 20261125;  // fixed: the expected results do not age
    return MrzReader(o);
}

struct Tally {
    int images = 0, pass = 0, wrong_valid = 0;
    std::string failed;  // file names only: never MRZ text in logs
};

// expected empty: no document.
void Score(Tally& t, const fs::path& image, const std::vector<std::string>& expected, const MrzReadResult& r) {
    ++t.images;
    bool expected_valid = false;
    if (!expected.empty()) {
        const MrzParseResult p = ParseMrz(expected);
        expected_valid = !p.error && p.mrz.valid();
    }
    const bool valid = r.status == MrzReadingStatus::Valid;
    const bool pass = expected_valid ? valid && r.lines == expected : !valid;
    if (valid && (!expected_valid || r.lines != expected)) {
        ++t.wrong_valid;
        t.failed += " " + image.filename().string() + "(WRONG-VALID)";
    } else if (!pass) {
        t.failed += " " + image.filename().string() + "(" + ToString(r.status) + "/" + ToString(r.feedback) + ")";
    }
    t.pass += pass;
}

struct BlackboxSet {
    const char* name;
    int images;    // how many frames the folder holds (a lost file must not pass silently)
    int min_pass;  // what the pipeline reached when this was set, minus a small margin
};

// Raise these when the pipeline improves; never lower them to make a change pass.
constexpr BlackboxSet kSets[] = {
    // Early model; 4f7f722 reached clean 4, camera 3. 37e2c6d made unchecked characters
    // below 0.93 uncertain (fewer Valid readings, on purpose): clean 1, camera 3.
    // ac5a930 (the 24-px model, listed state codes, the locator's fixes): clean 7,
    // camera 12 (9 of the 13 valid documents and the 3 misprints); minus one each.
    // a59eb04 (a doubt only between 0 and O left to the check digit): clean 8, camera 12.
    // Then, on purpose, clean 6: two MRV-B close-ups whose zone ends at the frame's
    // edge are Ambiguous (partially_visible), since an MRV-A cut there reads the
    // same and passes every check (continuation.h); camera stays 12.
    // c6bed14 (round-glyph doubts under one check, 0 or U): clean 7, camera 12.
    // The reader's second look at a zone not read Valid (lines resampled by 0.9):
    // clean 8, camera 13; minus one.
    // With the locator's fourth and fifth text directions (and the rereads at 0.75
    // before them): clean 9, camera 13; minus one.
    {"clean", 12, 8},
    {"camera", 16, 12},
    {"nodoc", 8, 8},
};
// Of the 5 shared real images with a sidecar: 0 at 4f7f722 (3 read exactly, none
// Valid); 3 at ac5a930 (all 5 read exactly); 4 at c6bed14; minus one.
constexpr int kRealMinExact = 3;

}  // namespace

TEST_CASE("blackbox: MRZ frames per folder reach their minimum pass count, none valid but wrong") {
    MrzReader reader = MakeReader();
    REQUIRE_MESSAGE(!reader.init_error(), reader.init_error().message);
    for (const BlackboxSet& set : kSets) {
        const std::string name = set.name;
    CAPTURE(name);
        Tally t;
        for (const fs::path& image : Images(kBlackbox / set.name)) {
            const cv::Mat frame = cv::imread(image.string(), cv::IMREAD_COLOR);
            REQUIRE_MESSAGE(!frame.empty(), image.string());
            const fs::path txt = fs::path(image).replace_extension(".txt");
            Score(t, image, fs::exists(txt) ? ReadLines(txt) : std::vector<std::string>{}, reader.Read(ViewOf(frame)));
        }
        MESSAGE(name << ": " << t.pass << "/" << t.images << " pass (minimum " << set.min_pass
                         << "), valid but wrong: " << t.wrong_valid << "; failed:" << t.failed);
        CHECK(t.images == set.images);
        CHECK(t.wrong_valid == 0);
        CHECK(t.pass >= set.min_pass);
    }
}

// The real images of ../shared/data (not in the repository): those with a
// NAME.mrz.txt sidecar must be read exactly or not reported Valid; no image may
// be reported Valid with a text other than its sidecar's.
TEST_CASE("blackbox: shared real images, when present") {
    const fs::path dir = fs::path(DOCINTAKE_SHARED_DATA_DIR) / "mrz-images";
    if (!fs::is_directory(dir)) {
        MESSAGE("skipped: " << dir.string() << " is not present");
        return;
    }
    MrzReader reader = MakeReader();
    REQUIRE_MESSAGE(!reader.init_error(), reader.init_error().message);
    Tally with_truth;
    int without_truth = 0, without_truth_valid = 0;
    for (const fs::path& image : Images(dir)) {
        const cv::Mat frame = cv::imread(image.string(), cv::IMREAD_COLOR);
        REQUIRE_MESSAGE(!frame.empty(), image.string());
        const MrzReadResult r = reader.Read(ViewOf(frame));
        const fs::path sidecar = image.string() + ".mrz.txt";
        if (fs::exists(sidecar)) {
            Score(with_truth, image, ReadLines(sidecar), r);
        } else {
            ++without_truth;
            without_truth_valid += r.status == MrzReadingStatus::Valid;
        }
    }
    MESSAGE("real images with sidecar: " << with_truth.pass << "/" << with_truth.images
                                         << " exact and valid; valid but wrong: " << with_truth.wrong_valid
                                         << "; failed:" << with_truth.failed << "; without sidecar: "
                                         << without_truth_valid << "/" << without_truth << " reported valid");
    CHECK(with_truth.wrong_valid == 0);
    CHECK(with_truth.pass >= kRealMinExact);
}
