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
    // The model's LSTM input height. Lines are scaled to it (area-averaged)
    // before Tesseract, which would scale them anyway: that spares its scaling and
    // its preprocessing of the larger image. 0: Tesseract scales them itself.
    int input_rows = 0;
    // A model that is not our own (own_model.h) is vetted by this program first
    // (model_probe.h); empty: found beside the running program or the library.
    std::string probe_path;
    // Load a model that is not our own without vetting it (the caller vouches for it).
    bool trust_without_probe = false;
};

// The input height of a model this project trained (models/train.sh: "mrz",
// [1,24,0,1 ...]); 0 for any other model (stock "eng" gets the lines as they are).
int KnownInputRows(const std::string& model_name);

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
