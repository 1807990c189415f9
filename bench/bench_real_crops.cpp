// The MRZ crops of the shared real images (bench/real_mrz_crops.tsv), and the
// line-by-line score both the whole images and the crops are given.

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "bench_common.h"

namespace fs = std::filesystem;

namespace docintake::bench {

void ScoreLines(const std::vector<std::string>& got, const std::vector<std::string>& truth, FrameOutcome& o) {
    o.lines = static_cast<int>(truth.size());
    o.lines_exact = 0;
    o.chars_right = 0;
    for (size_t i = 0; i < truth.size(); ++i) {
        if (i >= got.size()) continue;
        const int len = static_cast<int>(truth[i].size());
        o.lines_exact += got[i] == truth[i];
        o.chars_right += len - std::min(len, MrzEditDistance({got[i]}, {truth[i]}));
    }
}

int MakeRealCrops(const std::string& real_dir, const std::string& tsv, const std::string& out_dir) {
    std::ifstream in(tsv);
    if (!in) {
        std::fprintf(stderr, "cannot read %s\n", tsv.c_str());
        return -1;
    }
    fs::remove_all(out_dir);
    fs::create_directories(out_dir);
    int written = 0;
    std::string row;
    while (std::getline(in, row)) {
        if (row.empty() || row[0] == '#') continue;
        std::istringstream fields(row);
        std::string name;
        int x = 0, y = 0, w = 0, h = 0;
        if (!(fields >> name >> x >> y >> w >> h)) {
            std::fprintf(stderr, "%s: bad row: %s\n", tsv.c_str(), row.c_str());
            return -1;
        }
        const fs::path image = fs::path(real_dir) / name, sidecar = image.string() + ".mrz.txt";
        if (!fs::exists(image) || !fs::exists(sidecar)) {
            std::fprintf(stderr, "%s: %s or its .mrz.txt is missing, crop skipped\n", tsv.c_str(), name.c_str());
            continue;
        }
        const cv::Mat img = cv::imread(image.string(), cv::IMREAD_COLOR);
        const cv::Rect rect(x, y, w, h);
        if (img.empty() || w <= 0 || h <= 0 || (rect & cv::Rect(0, 0, img.cols, img.rows)) != rect) {
            std::fprintf(stderr, "%s: the rectangle of %s does not fit the image\n", tsv.c_str(), name.c_str());
            return -1;
        }
        const fs::path crop = fs::path(out_dir) / (image.stem().string() + ".crop.png");
        if (!cv::imwrite(crop.string(), img(rect))) {
            std::fprintf(stderr, "cannot write %s\n", crop.c_str());
            return -1;
        }
        fs::copy_file(sidecar, crop.string() + ".mrz.txt", fs::copy_options::overwrite_existing);
        ++written;
    }
    return written;
}

}  // namespace docintake::bench
