#include "ocr/tesseract_init.h"

#include <climits>
#include <vector>

namespace docintake::ocr {
namespace {

bool NoFiles(const char* /*filename*/, std::vector<char>* /*data*/) { return false; }

}  // namespace

bool InitTesseractFromMemory(tesseract::TessBaseAPI& api, const std::string& model, const std::string& model_name) {
    if (model.empty() || model.size() > static_cast<std::size_t>(INT_MAX) || model_name.empty()) return false;
    std::vector<std::string> names = {"load_system_dawg", "load_freq_dawg",    "load_punc_dawg",
                                      "load_number_dawg", "load_unambig_dawg", "load_bigram_dawg"};
    std::vector<std::string> values(names.size(), "0");
    return api.Init(model.data(), static_cast<int>(model.size()), model_name.c_str(), tesseract::OEM_LSTM_ONLY,
                    nullptr, 0, &names, &values, false, &NoFiles) == 0;
}

}  // namespace docintake::ocr
