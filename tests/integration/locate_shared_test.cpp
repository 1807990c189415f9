// LocateMrz on the real images in ../shared/data/mrz-images (skipped when the
// folder is absent): every image with a sidecar (.mrz.txt) must give a zone
// with the sidecar's line count; most of the others must give a zone too.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <opencv2/imgcodecs.hpp>

#include "vision/locate.h"

namespace fs = std::filesystem;
using namespace docintake::vision;

namespace {

std::vector<fs::path> Images(const fs::path& dir) {
    std::vector<fs::path> out;
    for (const auto& e : fs::directory_iterator(dir)) {
        std::string ext = e.path().extension().string();
        std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        if (ext == ".jpg" || ext == ".jpeg" || ext == ".png") out.push_back(e.path());
    }
    std::sort(out.begin(), out.end());
    return out;
}

int SidecarLines(const fs::path& image) {
    std::ifstream in(image.string() + ".mrz.txt");
    if (!in) return 0;
    int n = 0;
    for (std::string line; std::getline(in, line);)
        if (!line.empty()) ++n;
    return n;
}

}  // namespace

TEST_CASE("shared real images: zones with the right line count") {
    const fs::path dir = fs::path(DOCINTAKE_SHARED_DATA_DIR) / "mrz-images";
    if (!fs::is_directory(dir)) {
        MESSAGE("skipped: " << dir << " is absent");
        return;
    }
    int with_sidecar = 0, sidecar_found = 0, others = 0, others_found = 0, too_small = 0;
    for (const fs::path& image : Images(dir)) {
        const cv::Mat gray = cv::imread(image.string(), cv::IMREAD_GRAYSCALE);
        REQUIRE_FALSE(gray.empty());
        const LocateResult r = LocateMrz(gray);
        const int expected = SidecarLines(image);
        const int lines = r.zones.empty() ? 0 : r.zones.front().line_count;
        MESSAGE(image.filename().string() << ": " << gray.cols << "x" << gray.rows << ", zones " << r.zones.size() << ", lines " << lines
                                          << ", issue " << std::string(ToString(r.issue)));
        if (expected > 0) {
            ++with_sidecar;
            CAPTURE(image.filename().string());
            CHECK(lines == expected);
            sidecar_found += lines == expected ? 1 : 0;
        } else {
            ++others;
            others_found += lines >= 2 ? 1 : 0;
            too_small += r.issue == FrameIssue::TooSmall ? 1 : 0;
        }
        for (const MrzZone& z : r.zones) {
            CHECK(z.lines.size() == static_cast<size_t>(z.line_count));
            for (const MrzLineImage& l : z.lines) CHECK(l.image.rows == 44);
        }
    }
    MESSAGE("with sidecar: " << sidecar_found << "/" << with_sidecar << " located; others: " << others_found << "/" << others
                             << " located, " << too_small << " reported too small");
    CHECK(with_sidecar >= 1);
    CHECK(sidecar_found == with_sidecar);
    // Measured 2026-11-25: 9 of the 15 others located; 5 of the rest have
    // characters under 10 px and are reported too small, as they should be.
    CHECK(others_found * 10 >= others * 6);
    CHECK(others_found + too_small >= others - 1);
}
