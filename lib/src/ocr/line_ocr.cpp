// Tesseract through its C++ API, set up once for MRZ lines: raw-line
// segmentation (no layout analysis), no inverted second pass, the MRZ alphabet
// only, and the LSTM's per-symbol alternatives.
#include "ocr/line_ocr.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>

#include <opencv2/imgproc.hpp>
#include <tesseract/baseapi.h>
#include <tesseract/resultiterator.h>

#include "ocr/model_probe.h"
#include "ocr/own_model.h"
#include "ocr/probe/protocol.h"
#include "ocr/serial_openmp.h"
#include "ocr/tesseract_init.h"
#include "util/install_dirs.h"

namespace docintake::ocr {
namespace {

constexpr const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<";
constexpr const char* kSystemTessdata = "/usr/share/tesseract-ocr/5/tessdata";

bool HasModel(const std::string& dir, const std::string& name) {
    if (dir.empty()) return false;
    std::ifstream f(dir + "/" + name + ".traineddata", std::ios::binary);
    return f.good();
}

// The choice iterator never reports much above 91 even for a perfectly clear
// symbol, so choice confidences are divided by this ceiling. Measured on 13,000 cells of
// synthetic camera frames (two models): raw 75-80 was right 93% of the time, raw
// 85-90 96%, raw 90+ 98.5% (early model) to 99.6%: after the division the
// probabilities are still on the cautious side. Kept below 1: nothing is certain.
constexpr float kChoiceCeiling = 0.92f;
constexpr float kMaxProbability = 0.99f;

bool InAlphabet(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '<'; }

// The probe is given this long to load a model (ours loads in about 20 ms,
// Tesseract's "eng" in about 150 ms; ASan makes that about 3 times slower). It is
// a program of its own, not a fork of the host, so it cannot stall on a lock of
// the host's; a probe that gives no answer still means the model is not loaded.
constexpr int kProbeTimeoutMs = 10000;

// The model's bytes, read once: what is checked or vetted is what gets loaded.
bool ReadModel(const std::string& path, std::string& bytes) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    in.seekg(0, std::ios::end);
    const std::streamoff size = in.tellg();
    if (size <= 0 || size > probe_protocol::kMaxModelBytes) return false;
    bytes.resize(static_cast<std::size_t>(size));
    in.seekg(0);
    return static_cast<bool>(in.read(bytes.data(), size));
}

// Whether `model` may be loaded in this process: ours (by digest), vouched for
// by the caller, or loaded by the probe program first. Never a fork of the host.
Error VetModel(const std::string& model, const LineOcrOptions& options) {
    const std::string& name = options.model_name;
    if (IsOwnModel(model) || options.trust_without_probe) return {};
    const std::string probe = FindModelProbe(options.probe_path);
    if (probe.empty())
        return {ErrorCode::ModelNotFound,
                "OCR model '" + name +
                    "' is not docintake's own and the program that vets other models (docintake-model-probe) "
                    "was not found: set MrzReaderOptions::model_probe_path, or trust_model_without_probe"};
    switch (ProbeModel(probe, model, name, kProbeTimeoutMs)) {
        case ProbeOutcome::Loaded: return {};
        case ProbeOutcome::Refused:
            return {ErrorCode::ModelNotFound, "OCR model '" + name + "' could not be loaded"};
        case ProbeOutcome::Died:
            return {ErrorCode::ModelNotFound,
                    "OCR model '" + name + "' is damaged (loading it ended the program that tried)"};
        case ProbeOutcome::Ended:
            return {ErrorCode::ModelNotFound,
                    "OCR model '" + name + "' could not be vetted (docintake-model-probe ended without a verdict)"};
        case ProbeOutcome::NoAnswer: break;
    }
    return {ErrorCode::ModelNotFound,
            "OCR model '" + name + "' could not be vetted (docintake-model-probe gave no answer)"};
}

}  // namespace

int KnownInputRows(const std::string& model_name) {
    // Measured on the dev camera frames: ~23% less CPU per frame, the same reads.
    return model_name == "mrz" ? 24 : 0;
}

std::string FindModelDir(const std::string& model_dir, const std::string& model_name) {
    if (!model_dir.empty()) return HasModel(model_dir, model_name) ? model_dir : std::string();
    std::vector<std::string> dirs;
    // No environment variable is consulted: which model gets loaded is the caller's
    // choice (MrzReaderOptions::model_dir), not whoever set the process's environment.
    // An installed library: <prefix>/lib/../share/docintake/models, wherever the prefix went.
    if (std::string beside = BesideInstalledCode("share/docintake/models"); !beside.empty())
        dirs.push_back(std::move(beside));
#ifdef DOCINTAKE_INSTALLED_MODEL_DIR
    dirs.emplace_back(DOCINTAKE_INSTALLED_MODEL_DIR);
#endif
#ifdef DOCINTAKE_SOURCE_MODEL_DIR
    dirs.emplace_back(DOCINTAKE_SOURCE_MODEL_DIR);
#endif
    dirs.emplace_back(kSystemTessdata);
    for (const auto& d : dirs)
        if (HasModel(d, model_name)) return d;
    return {};
}

struct LineOcr::Impl {
    tesseract::TessBaseAPI api;
    OpenMpControls openmp = OpenMpControls::Find();
    int input_rows = 0;
    bool ready = false;
};

LineOcr::LineOcr() : impl_(std::make_unique<Impl>()) {}
LineOcr::~LineOcr() {
    if (impl_ && impl_->ready) impl_->api.End();
}
LineOcr::LineOcr(LineOcr&&) noexcept = default;
LineOcr& LineOcr::operator=(LineOcr&&) noexcept = default;

bool LineOcr::ready() const { return impl_ && impl_->ready; }

Error LineOcr::Init(const LineOcrOptions& options) {
    const std::string dir = FindModelDir(options.model_dir, options.model_name);
    if (dir.empty())
        return {ErrorCode::ModelNotFound, "OCR model '" + options.model_name + ".traineddata' not found" +
                                              (options.model_dir.empty() ? std::string() : " in " + options.model_dir)};
    std::string model;
    if (!ReadModel(dir + "/" + options.model_name + ".traineddata", model))
        return {ErrorCode::ModelNotFound, "OCR model '" + options.model_name + "' could not be read"};
    if (Error vetted = VetModel(model, options)) return vetted;
    if (!InitTesseractFromMemory(impl_->api, model, options.model_name))
        return {ErrorCode::ModelNotFound, "OCR model '" + options.model_name + "' could not be loaded"};
    impl_->api.SetPageSegMode(tesseract::PSM_RAW_LINE);
    impl_->api.SetVariable("tessedit_char_whitelist", kAlphabet);
    impl_->api.SetVariable("tessedit_do_invert", "0");
    impl_->api.SetVariable("lstm_choice_mode", "2");
    impl_->input_rows = options.input_rows;
    impl_->ready = true;
    return {};
}

std::vector<OcrSymbol> LineOcr::Recognize(const cv::Mat& gray) {
    std::vector<OcrSymbol> out;
    if (!ready() || gray.empty() || gray.type() != CV_8UC1) return out;
    tesseract::TessBaseAPI& api = impl_->api;
    cv::Mat small = gray;
    float x_scale_back = 1.f;
    const int rows = impl_->input_rows;
    if (rows > 0 && gray.rows > rows) {
        const double f = static_cast<double>(rows) / gray.rows;
        const int cols = std::max(1, static_cast<int>(std::lround(gray.cols * f)));
        cv::resize(gray, small, cv::Size(cols, rows), 0, 0, cv::INTER_AREA);
        x_scale_back = static_cast<float>(gray.cols) / static_cast<float>(small.cols);
    }
    api.SetImage(small.data, small.cols, small.rows, 1, static_cast<int>(small.step[0]));
    api.SetSourceResolution(300);  // keeps Tesseract quiet; sizes come from the image
    {
        // Tesseract's threads would fight the host's over small CPUs (560 ms instead
        // of 43 ms a line on 2 cores): its OpenMP regions stay on this thread.
        const SerialOpenMpScope serial(impl_->openmp);
        if (api.Recognize(nullptr) != 0) return out;
    }
    std::unique_ptr<tesseract::ResultIterator> it(api.GetIterator());
    if (!it) return out;
    const auto level = tesseract::RIL_SYMBOL;
    do {
        if (it->Empty(level)) continue;
        OcrSymbol sym;
        int left = 0, top = 0, right = 0, bottom = 0;
        if (!it->BoundingBox(level, &left, &top, &right, &bottom)) continue;
        sym.x0 = static_cast<float>(left) * x_scale_back;
        sym.x1 = static_cast<float>(right) * x_scale_back;
        // Alternatives: confidences are 0..100; they become probabilities.
        tesseract::ChoiceIterator choice(*it);
        do {
            const char* text = choice.GetUTF8Text();
            if (!text || !text[0] || text[1] || !InAlphabet(text[0])) continue;
            const float p = std::clamp(choice.Confidence() / 100.f, 0.f, 1.f);
            auto same = std::find_if(sym.alternatives.begin(), sym.alternatives.end(),
                                     [&](const MrzCharCandidate& c) { return c.c == text[0]; });
            if (same != sym.alternatives.end()) {
                same->probability = std::max(same->probability, p);
            } else {
                sym.alternatives.push_back({text[0], p});
            }
        } while (choice.Next());
        if (sym.alternatives.empty()) continue;
        for (auto& a : sym.alternatives) a.probability = std::min(a.probability / kChoiceCeiling, kMaxProbability);
        float total = 0;
        for (const auto& a : sym.alternatives) total += a.probability;
        if (total > 1.f)
            for (auto& a : sym.alternatives) a.probability /= total;
        std::stable_sort(sym.alternatives.begin(), sym.alternatives.end(),
                         [](const MrzCharCandidate& a, const MrzCharCandidate& b) { return a.probability > b.probability; });
        out.push_back(std::move(sym));
    } while (it->Next(level));
    return out;
}

}  // namespace docintake::ocr
