#pragma once
// What docintake-model-probe and the library (model_probe.cpp) agree on.

namespace docintake::ocr::probe_protocol {

constexpr int kVerdictFd = 3;    // the probe writes one byte here
constexpr char kLoaded = 'L';    // Tesseract's Init succeeded
constexpr char kRefused = 'R';   // Init returned failure (a crash writes nothing)
// More than any traineddata (Tesseract's "eng" is 4 MB, ours 160 KB).
constexpr long kMaxModelBytes = 256L << 20;

}  // namespace docintake::ocr::probe_protocol
