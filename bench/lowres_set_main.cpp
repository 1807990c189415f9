// docintake-lowres-set: a generated set scaled down so that every MRZ's
// characters are a given height, with its truth carried over (truth.jsonl:
// char height, size and MRZ quad scaled). Frames whose characters are already
// at or below that height are left out (they would have to be scaled up).
//
//   docintake-lowres-set --from /work/bench-data/camera-100000-n300 --char-height 6 \
//                        --to /work/bench-data/lowres-6
//
// Whole frames are scaled with INTER_AREA, as a camera of lower resolution or a
// thumbnailer would; written as PNG so that the only loss is the resolution.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <CLI/CLI.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "truth.h"

namespace fs = std::filesystem;
using namespace docintake::bench;

int main(int argc, char** argv) {
    CLI::App app{"scale a generated set down to a given MRZ character height"};
    std::string from, to;
    double char_height = 0;
    app.add_option("--from", from, "folder with truth.jsonl")->required();
    app.add_option("--to", to, "folder to write (created)")->required();
    app.add_option("--char-height", char_height, "MRZ character height in the written frames (px)")->required();
    CLI11_PARSE(app, argc, argv);
    if (char_height <= 0) return std::fprintf(stderr, "--char-height must be positive\n"), 2;

    std::vector<TruthRecord> records;
    try {
        records = ReadTruthFile((fs::path(from) / "truth.jsonl").string());
    } catch (const std::exception& e) {
        return std::fprintf(stderr, "%s\n", e.what()), 2;
    }
    fs::create_directories(to);
    std::ofstream truth(fs::path(to) / "truth.jsonl");
    int written = 0, skipped = 0;
    for (TruthRecord r : records) {
        if (!r.has_document || r.char_height_px <= char_height) {
            ++skipped;
            continue;
        }
        const cv::Mat frame = cv::imread((fs::path(from) / r.file).string(), cv::IMREAD_COLOR);
        if (frame.empty()) return std::fprintf(stderr, "cannot read %s\n", r.file.c_str()), 1;
        const double f = char_height / r.char_height_px;
        cv::Mat small;
        cv::resize(frame, small, cv::Size(), f, f, cv::INTER_AREA);
        r.file = fs::path(r.file).replace_extension(".png").string();
        if (!cv::imwrite((fs::path(to) / r.file).string(), small)) return std::fprintf(stderr, "cannot write %s\n", r.file.c_str()), 1;
        r.char_height_px *= f;
        r.width = small.cols;
        r.height = small.rows;
        for (float& v : r.mrz_quad) v = static_cast<float>(v * f);
        truth << ToJson(r).dump() << '\n';
        ++written;
    }
    std::printf("%d frames written to %s (characters %.1f px), %d left out\n", written, to.c_str(), char_height, skipped);
    return 0;
}
