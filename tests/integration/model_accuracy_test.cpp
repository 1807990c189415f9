// The committed OCR model reads held-out MRZ lines: models/testdata holds rendered lines
// (clean and heavily degraded, text and degradations never used for training, made by
// `models/train.sh testdata`) with their expected text. Catches a broken or swapped
// models/mrz.traineddata. Accuracy figures for the model card come from models/train.sh eval.
#include <doctest/doctest.h>

#include <tesseract/baseapi.h>

#include <algorithm>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include <opencv2/imgcodecs.hpp>

namespace {

const std::string kModelDir = DOCINTAKE_MODEL_DIR;

std::string MrzChars(const char* s) {
    std::string r;
    for (const char* p = s; p && *p; ++p)
        if ((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '<') r += *p;
    return r;
}

// Edits (insertions, deletions, substitutions) that turn a into b.
std::size_t EditDistance(const std::string& a, const std::string& b) {
    std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j)
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0u : 1u)});
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

struct Score {
    int lines = 0, exact = 0;
    std::size_t chars = 0, wrong = 0;  // wrong: character edits against the expected text
};

Score ReadSet(const std::string& set) {
    tesseract::TessBaseAPI api;
    REQUIRE(api.Init(kModelDir.c_str(), "mrz", tesseract::OEM_LSTM_ONLY) == 0);
    api.SetPageSegMode(tesseract::PSM_RAW_LINE);
    api.SetVariable("tessedit_do_invert", "0");
    api.SetVariable("debug_file", "/dev/null");
    std::ifstream list(kModelDir + "/testdata/" + set + ".txt");
    REQUIRE(list.good());
    Score score;
    for (std::string name; std::getline(list, name);) {
        if (name.empty()) continue;
        const std::string base = kModelDir + "/testdata/" + name;
        cv::Mat gray = cv::imread(base + ".png", cv::IMREAD_GRAYSCALE);
        REQUIRE(!gray.empty());
        std::ifstream gt(base + ".gt.txt");
        std::string truth;
        std::getline(gt, truth);
        truth = MrzChars(truth.c_str());
        api.SetImage(gray.data, gray.cols, gray.rows, 1, static_cast<int>(gray.step[0]));
        api.SetSourceResolution(300);
        std::unique_ptr<char[]> text(api.GetUTF8Text());
        const std::string got = MrzChars(text.get());
        ++score.lines;
        score.chars += truth.size();
        if (got == truth) ++score.exact;
        score.wrong += EditDistance(got, truth);
    }
    MESSAGE(set << ": " << score.exact << "/" << score.lines << " lines exact, " << score.wrong << " of "
                << score.chars << " characters wrong");
    return score;
}

}  // namespace

TEST_CASE("the MRZ model reads clean held-out lines") {
    const Score s = ReadSet("clean");
    CHECK(s.lines == 8);
    CHECK(s.exact >= 7);
    CHECK(s.wrong <= 3);
}

TEST_CASE("the MRZ model reads heavily degraded held-out lines") {
    const Score s = ReadSet("heavy");
    CHECK(s.lines == 8);
    CHECK(s.exact >= 5);
    CHECK(s.wrong * 20 <= s.chars);  // at most 5% of the characters
}
