// mrz_eval: scores a Tesseract model on held-out MRZ line images (LINE.png + LINE.gt.txt).
//
// Prints lines, character error rate (Levenshtein over the MRZ characters, whitespace ignored),
// exact-line rate and per-line time of SetImage+Recognize+GetUTF8Text through TessBaseAPI,
// one instance reused, as the library does. Run with OMP_THREAD_LIMIT=1.
//   mrz_eval --tessdata DIR --lang mrz [--psm 13] [--whitelist CHARS] [--no-invert] LIST
// LIST holds one PNG path per line. --errors FILE writes the misread lines.
#include <leptonica/allheaders.h>
#include <tesseract/baseapi.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

namespace {

std::string Normalise(const char* s) {
  std::string r;
  for (const char* p = s; p && *p; ++p)
    if (*p != ' ' && *p != '\n' && *p != '\r' && *p != '\t') r += *p;
  return r;
}

size_t Levenshtein(const std::string& a, const std::string& b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0u : 1u)});
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

}  // namespace

int main(int argc, char** argv) {
  std::string tessdata, lang = "mrz", whitelist, list, errors;
  int psm = 13;
  bool no_invert = false;
  for (int i = 1; i < argc; ++i) {
    const std::string k = argv[i];
    auto next = [&]() { return i + 1 < argc ? std::string(argv[++i]) : std::string(); };
    if (k == "--tessdata") tessdata = next();
    else if (k == "--lang") lang = next();
    else if (k == "--psm") psm = std::stoi(next());
    else if (k == "--whitelist") whitelist = next();
    else if (k == "--no-invert") no_invert = true;
    else if (k == "--errors") errors = next();
    else list = k;
  }
  if (list.empty()) {
    std::cerr << "usage: mrz_eval --tessdata DIR --lang NAME [--psm N] [--whitelist CHARS] [--no-invert] "
                 "[--errors FILE] LIST\n";
    return 2;
  }
  tesseract::TessBaseAPI api;
  if (api.Init(tessdata.empty() ? nullptr : tessdata.c_str(), lang.c_str(), tesseract::OEM_LSTM_ONLY) != 0) {
    std::cerr << "cannot load " << lang << "\n";
    return 1;
  }
  api.SetPageSegMode(static_cast<tesseract::PageSegMode>(psm));
  if (!whitelist.empty()) api.SetVariable("tessedit_char_whitelist", whitelist.c_str());
  if (no_invert) api.SetVariable("tessedit_do_invert", "0");
  std::ifstream in(list);
  std::ofstream err;
  if (!errors.empty()) err.open(errors);
  size_t lines = 0, exact = 0, chars = 0, edits = 0;
  std::vector<double> ms;
  for (std::string png; std::getline(in, png);) {
    if (png.empty()) continue;
    std::ifstream gt(png.substr(0, png.size() - 4) + ".gt.txt");
    std::string truth;
    std::getline(gt, truth);
    truth = Normalise(truth.c_str());
    Pix* pix = pixRead(png.c_str());
    if (!pix) {
      std::cerr << "cannot read " << png << "\n";
      return 1;
    }
    const auto t0 = std::chrono::steady_clock::now();
    api.SetImage(pix);
    api.SetSourceResolution(300);  // as the library does; PNGs carry no resolution
    std::unique_ptr<char[]> text(api.GetUTF8Text());
    const auto t1 = std::chrono::steady_clock::now();
    pixDestroy(&pix);
    ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    const std::string got = Normalise(text.get());
    const size_t d = Levenshtein(got, truth);
    ++lines;
    chars += truth.size();
    edits += d;
    if (d == 0) ++exact;
    else if (err) err << png << "\n  want " << truth << "\n  got  " << got << "\n";
  }
  if (lines == 0) return 1;
  std::sort(ms.begin(), ms.end());
  double sum = 0;
  for (double v : ms) sum += v;
  std::printf("lines %zu  CER %.2f%%  exact %.1f%%  ms/line median %.1f mean %.1f p95 %.1f\n", lines,
              100.0 * static_cast<double>(edits) / static_cast<double>(chars),
              100.0 * static_cast<double>(exact) / static_cast<double>(lines), ms[ms.size() / 2],
              sum / static_cast<double>(ms.size()), ms[ms.size() * 95 / 100]);
  return 0;
}
