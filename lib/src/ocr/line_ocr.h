#pragma once
// One Tesseract instance that reads MRZ line images and returns its symbols
// with their positions and per-symbol alternatives (lstm_choice_mode 2).

#include <memory>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "docintake/error.h"
#include "docintake/mrz_correct.h"

namespace docintake::ocr {

struct OcrSymbol {
    float x0 = 0, x1 = 0;  // horizontal extent in the image passed to Recognize
    // Alternatives, likeliest first, probabilities normalised to sum to at most 1.
    std::vector<MrzCharCandidate> alternatives;
};

struct LineOcrOptions {
    std::string model_dir;   // folder holding <model_name>.traineddata
    std::string model_name;  // "mrz" or "eng"
};

// Resolves where <model_name>.traineddata lives: the given folder, else
// DOCINTAKE_MODEL_DIR, the installed models folder, the source tree's models/,
// then (for stock languages) the system tessdata. Empty when not found.
std::string FindModelDir(const std::string& model_dir, const std::string& model_name);

class LineOcr {
public:
    LineOcr();
    ~LineOcr();
    LineOcr(LineOcr&&) noexcept;
    LineOcr& operator=(LineOcr&&) noexcept;

    Error Init(const LineOcrOptions& options);
    bool ready() const;

    // Reads one 8-bit gray image holding a single text line (dark on light).
    // Symbols come left to right; outside the MRZ alphabet they are dropped.
    std::vector<OcrSymbol> Recognize(const cv::Mat& gray);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace docintake::ocr
