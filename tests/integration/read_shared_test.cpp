// The MRZ images collected from public projects (../shared/data/mrz-images, see
// its SOURCES.md). Images with a NAME.mrz.txt sidecar must read exactly; the
// others have no asserted text, so only "never valid with failing checks" holds,
// and how many read valid is printed. Skips when the folder is absent.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <opencv2/imgcodecs.hpp>

#include <docintake/opencv.h>
#include <docintake/read_mrz.h>

using namespace docintake;
namespace fs = std::filesystem;

namespace {

std::vector<std::string> ReadLines(const fs::path& p) {
    std::ifstream f(p);
    std::vector<std::string> lines;
    for (std::string l; std::getline(f, l);) {
        l.erase(std::remove_if(l.begin(), l.end(), [](unsigned char c) { return std::isspace(c); }), l.end());
        if (!l.empty()) lines.push_back(l);
    }
    return lines;
}

}  // namespace

TEST_CASE("shared MRZ images") {
    const fs::path dir = fs::path(DOCINTAKE_SHARED_DATA_DIR) / "mrz-images";
    if (!fs::is_directory(dir)) {
        MESSAGE("skipped: " << dir.string() << " is absent");
        return;
    }
    MrzReaderOptions options;
    // The library's own search: the installed models folder, then the source tree's models/.
    options.parse.reference_date = 20261125;
    MrzReader reader(options);
    INFO("model: " << reader.init_error().message);
    REQUIRE_FALSE(reader.init_error());

    std::vector<fs::path> images;
    for (const auto& e : fs::directory_iterator(dir)) {
        const std::string ext = e.path().extension().string();
        if (ext == ".jpg" || ext == ".png") images.push_back(e.path());
    }
    std::sort(images.begin(), images.end());
    int with_text = 0, exact = 0, text_exact = 0, others = 0, others_valid = 0;
    for (const fs::path& image_path : images) {
        const cv::Mat image = cv::imread(image_path.string(), cv::IMREAD_COLOR);
        REQUIRE_MESSAGE(!image.empty(), image_path.filename().string());
        const MrzReadResult r = reader.Read(ViewOf(image));
        CAPTURE(image_path.filename().string());
        if (r.status == MrzReadingStatus::Valid) {
            REQUIRE(r.mrz);
            CHECK(r.mrz->valid());  // Valid always means every check passes
        }
        const fs::path sidecar = image_path.string() + ".mrz.txt";
        if (fs::exists(sidecar)) {
            const auto expected = ReadLines(sidecar);
            const MrzParseResult truth = ParseMrz(expected, options.parse);
            if (truth.error || !truth.mrz.valid()) {
                // A national layout our parser does not know (the French ID card's
                // 2x36 lines are not TD2): no reading of it can be Valid.
                MESSAGE(image_path.filename().string() << ": expected text is no valid ICAO MRZ for the parser ("
                                                        << truth.mrz.first_failed_check() << "); not counted");
                CHECK(r.status != MrzReadingStatus::Valid);
                continue;
            }
            ++with_text;
            // Valid is never wrong; how many are Valid is counted below.
            if (r.status == MrzReadingStatus::Valid) CHECK(r.lines == expected);
            text_exact += r.lines == expected;
            if (r.status == MrzReadingStatus::Valid && r.lines == expected) ++exact;
        } else {
            ++others;
            if (r.status == MrzReadingStatus::Valid) ++others_valid;
        }
        std::cout << image_path.filename().string() << ": " << ToString(r.status) << ", " << ToString(r.feedback)
                  << ", " << r.timings.total_ms << " ms\n";
    }
    std::cout << "shared MRZ images: " << exact << " of " << with_text << " with expected text read exactly and valid ("
              << text_exact << " exact text); " << others_valid << " of " << others
              << " without expected text read valid\n";
    // What the pipeline reached at ac5a930 (5 with sidecars: 3 valid, 5 exact text; the
    // other two Ambiguous over a W/V in a name and a 0/O in a document number). Raise
    // these with the pipeline; never lower them to make a change pass.
    if (with_text == 5) {
        CHECK(exact >= 3);
        CHECK(text_exact >= 5);
    }
}
