// Outside data when present (../shared/data/barcodes, see SOURCES.md there):
// the 14 tsenger/vdstools seals rendered as DataMatrix by libdmtx, read as they
// are and pasted off-centre into a 1080p page; and zxing-cpp's own sample
// images, with the pass counts this reader reaches on them pinned.

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <sstream>

#include "docintake/barcode.h"
#include "docintake/opencv.h"
#include "support/barcode_render.h"

using namespace docintake;
namespace fs = std::filesystem;

namespace {

const fs::path kBarcodes = fs::path(DOCINTAKE_SHARED_DATA_DIR) / "barcodes";

std::vector<std::uint8_t> Slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TrustStore SharedTrust() {
    Error error;
    TrustStore t = TrustStore::FromDirectory((kBarcodes / "vds" / "certs").string(), &error);
    return t;
}

}  // namespace

TEST_CASE("the 14 rendered VDS DataMatrix images: exact seal bytes, decoded as the raw seal decodes") {
    const fs::path dir = kBarcodes / "vds" / "rendered_datamatrix";
    if (!fs::exists(dir)) {
        MESSAGE("shared data absent: skipped");
        return;
    }
    BarcodeReader reader;
    int files = 0;
    for (const auto& entry : fs::directory_iterator(dir)) {
        if (entry.path().extension() != ".png") continue;
        ++files;
        const std::string name = entry.path().stem().string();
        CAPTURE(name);
        const std::vector<std::uint8_t> seal = Slurp(kBarcodes / "vds" / "seals" / (name + ".bin"));
        REQUIRE_FALSE(seal.empty());
        const cv::Mat image = cv::imread(entry.path().string(), cv::IMREAD_GRAYSCALE);
        REQUIRE_FALSE(image.empty());
        const DecodedPayload expected = DecodePayload(seal, BarcodeFormat::DataMatrix);

        // As rendered, and pasted (2x) into a page far from its centre lines.
        cv::Mat page = testing::DocumentBackground({1920, 1080}, 7);
        cv::Mat scaled;
        cv::resize(image, scaled, cv::Size(), 2, 2, cv::INTER_NEAREST);
        REQUIRE(scaled.cols < 700);
        scaled.copyTo(page(cv::Rect(1850 - scaled.cols, 60, scaled.cols, scaled.rows)));
        for (const cv::Mat* frame : std::vector<const cv::Mat*>{&image, &page}) {
            const BarcodeReadResult r = reader.Read(ViewOf(*frame));
            REQUIRE_FALSE(r.error);
            REQUIRE(r.barcodes.size() == 1);
            CHECK(r.barcodes[0].format == BarcodeFormat::DataMatrix);
            CHECK(r.barcodes[0].bytes == seal);
            CHECK(r.barcodes[0].payload.kind == expected.kind);
            CHECK(r.barcodes[0].payload.document_type == expected.document_type);
            CHECK(r.barcodes[0].payload.fields == expected.fields);
        }
    }
    CHECK(files == 14);
}

TEST_CASE("the shared seals verify through the reader with the shared signer certificates") {
    const fs::path dir = kBarcodes / "vds" / "rendered_datamatrix";
    if (!fs::exists(dir)) return;
    const TrustStore trust = SharedTrust();
    BarcodeReaderOptions options;
    options.payload.trust = &trust;
    BarcodeReader reader(options);
    // vdstools' residence permit is signed by UTTS5B, one of the shared certificates.
    const cv::Mat image = cv::imread((dir / "residentPermit.png").string(), cv::IMREAD_GRAYSCALE);
    const DecodedPayload direct = DecodePayload(Slurp(kBarcodes / "vds" / "seals" / "residentPermit.bin"),
                                                BarcodeFormat::DataMatrix, options.payload);
    const BarcodeReadResult r = reader.Read(ViewOf(image));
    REQUIRE(r.barcodes.size() == 1);
    CHECK(r.barcodes[0].payload.signature == direct.signature);
    CHECK(r.barcodes[0].payload.signer == direct.signer);
}

TEST_CASE("zxing-cpp sample images: pass counts per symbology") {
    const fs::path dir = kBarcodes / "zxing-samples";
    if (!fs::exists(dir)) {
        MESSAGE("shared data absent: skipped");
        return;
    }
    BarcodeReader reader;
    std::map<std::string, std::pair<int, int>> counts;  // folder prefix -> passed, total
    std::ifstream manifest(dir / "MANIFEST.tsv");
    std::string line;
    std::getline(manifest, line);  // header
    while (std::getline(manifest, line)) {
        const std::string image = line.substr(0, line.find('\t'));
        const fs::path path = dir / image;
        const std::string kind = image.substr(0, image.find('-'));
        fs::path expected = path;
        std::vector<std::uint8_t> want = Slurp(expected.replace_extension(".bin"));
        if (want.empty()) want = Slurp(expected.replace_extension(".txt"));
        const cv::Mat m = cv::imread(path.string(), cv::IMREAD_GRAYSCALE);
        REQUIRE_FALSE(m.empty());
        const BarcodeReadResult r = reader.Read(ViewOf(m));
        CHECK_FALSE(r.error);
        bool ok = false;
        for (const BarcodeRead& b : r.barcodes) ok = ok || b.bytes == want;
        counts[kind].first += ok;
        counts[kind].second += 1;
        if (!ok) MESSAGE("not read: " << image);
    }
    for (const auto& [kind, c] : counts) MESSAGE(kind << ": " << c.first << "/" << c.second);
    // What ZXing-C++ 1.4 plus our region search reaches; a drop is a regression.
    CHECK(counts["pdf417"].first >= 12);
    CHECK(counts["pdf417"].second == 12);
    CHECK(counts["datamatrix"].first >= 10);
    CHECK(counts["qrcode"].first >= 6);
    CHECK(counts["aztec"].first >= 5);  // 2 before the rectified bullseye views (756a369)
}
