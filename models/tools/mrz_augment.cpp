// mrz_augment: turns text2image pages of clean OCR-B MRZ text into camera-like line crops.
//
// text2image renders whole pages and writes one box per character with a tab box at each line
// end. We cut every rendered line out, make it look like a rectified camera crop (scale, slight
// rotation/shear, baseline wobble, ink weight, low contrast, guilloche, uneven light, glare,
// defocus and motion blur, noise, JPEG), then either
//   --mode pages: stack the crops into pages with a line-level box file for
//                 `tesseract PAGE.png PAGE --psm 6 lstm.train` (one process per page, not per line)
//   --mode lines: write LINE.png + LINE.gt.txt pairs for held-out evaluation.
// --style chooses how the document was printed (print_styles.h): laser (the original recipe, the
// default, same random draws as before), inkjet, dyesub, engraved, or mix (a seeded choice per line).
// Spaces have no box in text2image output, so each line's text comes from the source text file.
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "print_styles.h"

namespace {

struct Options {
  std::string image, box, text, out, mode = "pages", level = "mixed", style = "laser";
  unsigned seed = 1;
  int lines_per_page = 40;
};

struct RenderedLine {
  int page = 0;
  cv::Rect rect;     // top-left origin, in page pixels
  std::string text;  // source text including spaces
};

std::string StripSpaces(const std::string& s) {
  std::string r;
  for (char c : s)
    if (c != ' ') r += c;
  return r;
}

// Groups box entries into lines (tab box = end of line) and matches them to the source lines.
std::vector<RenderedLine> ReadLines(const Options& o, const std::vector<cv::Mat>& pages) {
  std::ifstream box(o.box), txt(o.text);
  std::vector<std::string> source;
  for (std::string l; std::getline(txt, l);)
    if (!l.empty()) source.push_back(l);
  std::vector<RenderedLine> lines;
  RenderedLine cur;
  std::string chars;
  size_t next_source = 0;
  auto finish = [&]() {
    if (chars.empty()) return;
    for (size_t k = next_source; k < source.size() && k < next_source + 4; ++k) {
      if (StripSpaces(source[k]) == StripSpaces(chars)) {
        cur.text = source[k];
        lines.push_back(cur);
        next_source = k + 1;
        break;
      }
    }
    chars.clear();
    cur = RenderedLine();
  };
  for (std::string l; std::getline(box, l);) {
    if (l.empty()) continue;
    std::string ch = l.substr(0, 1);
    std::istringstream rest(l.substr(1));
    int x0, y0, x1, y1, page;
    if (!(rest >> x0 >> y0 >> x1 >> y1 >> page) || page >= static_cast<int>(pages.size())) continue;
    if (ch == "\t") {
      finish();
      continue;
    }
    if (ch == " ") continue;  // stitched lines: spaces come from the source text
    const int h = pages[static_cast<size_t>(page)].rows;
    cv::Rect r(x0, h - y1, x1 - x0, y1 - y0);
    cur.rect = chars.empty() ? r : (cur.rect | r);
    cur.page = page;
    chars += ch;
  }
  finish();
  return lines;
}

class Augmenter {
 public:
  Augmenter(unsigned seed, std::string level, std::string style)
      : rng_(seed), level_(std::move(level)), style_(std::move(style)) {}

  // Returns an 8-bit line crop whose text is dark on light, with a few pixels of padding.
  cv::Mat Make(const cv::Mat& page, cv::Rect text) {
    const bool clean = level_ == "clean" || (level_ == "mixed" && U(0, 1) < 0.12);
    // The legacy recipe draws no extra numbers, so old-style chunks come out as they always did.
    const PrintStyle style = style_ == "laser" ? PrintStyle::kLegacyLaser : ChooseStyle(style_, rng_);
    const double heavy = level_ == "heavy" ? 1.0 : (clean ? 0.0 : U(0.2, 1.0));
    // 1. Crop with a generous white margin so later warps and blurs have room.
    const int m = text.height;
    cv::Mat src;
    cv::Rect big(text.x - m, text.y - m, text.width + 2 * m, text.height + 2 * m);
    cv::Rect inside = big & cv::Rect(0, 0, page.cols, page.rows);
    cv::copyMakeBorder(page(inside), src, inside.y - big.y, big.br().y - inside.br().y,
                       inside.x - big.x, big.br().x - inside.br().x, cv::BORDER_CONSTANT, 255);
    cv::Mat ink;
    src.convertTo(ink, CV_32F, -1.0 / 255, 1.0);  // 1 = ink, 0 = paper
    // 2. Scale to a runtime text height, with pitch (horizontal scale) variation.
    const double th = clean ? U(22, 40) : U(level_ == "heavy" ? 16 : 20, 44);
    const double sy = th / text.height, sx = sy * U(1 - 0.14 * heavy - 0.03, 1 + 0.14 * heavy + 0.03);
    cv::resize(ink, ink, cv::Size(), sx, sy, cv::INTER_AREA);
    // 3. Residual rotation and shear around the centre.
    // Lines are deskewed before OCR: keep the drift from end to end under a quarter text height,
    // which also bounds the angle for long stitched lines.
    const double max_angle = std::min(0.3 + 1.5 * heavy, std::atan(0.25 * th / ink.cols) * 57.3);
    const double angle = U(-1, 1) * max_angle, shear = U(-1, 1) * 0.12 * heavy;
    cv::Point2f c(static_cast<float>(ink.cols) / 2, static_cast<float>(ink.rows) / 2);
    cv::Mat A = cv::getRotationMatrix2D(c, angle, 1.0);
    A.at<double>(0, 1) += shear;
    A.at<double>(0, 2) -= shear * c.y;
    cv::warpAffine(ink, ink, A, ink.size(), cv::INTER_LINEAR, cv::BORDER_CONSTANT, 0);
    // 4. Baseline wobble (paper not flat, imperfect rectification).
    if (!clean && U(0, 1) < 0.6) {
      const double amp = U(0, 0.06) * th * heavy, period = U(80, 700), phase = U(0, 6.3);
      cv::Mat mx(ink.size(), CV_32F), my(ink.size(), CV_32F);
      for (int y = 0; y < ink.rows; ++y)
        for (int x = 0; x < ink.cols; ++x) {
          mx.at<float>(y, x) = static_cast<float>(x);
          my.at<float>(y, x) = static_cast<float>(y + amp * std::sin(6.2832 * x / period + phase));
        }
      cv::remap(ink, ink, mx, my, cv::INTER_LINEAR, cv::BORDER_CONSTANT, 0);
    }
    // 5. Ink weight: thin or bold strokes via gamma on the anti-aliased edges plus morphology.
    if (!clean) {
      const double r = U(0, 1);
      if (r < 0.2) cv::dilate(ink, ink, cv::getStructuringElement(cv::MORPH_RECT, {2, 2}));
      else if (r < 0.3 && th > 24) cv::erode(ink, ink, cv::getStructuringElement(cv::MORPH_RECT, {2, 1}));
      cv::pow(ink, std::exp(U(-0.7, 0.7) * heavy), ink);
    }
    // 5b. How it was printed: pitch and width variation, dot gain, soft dye, engraved strokes.
    if (style != PrintStyle::kLegacyLaser) ApplyPrintToInk(style, ink, th, rng_);
    // Final text box after the geometric steps: where the original box corners went.
    std::vector<cv::Point2f> corners = {{float(m), float(m)}, {float(m + text.width), float(m)},
                                        {float(m), float(m + text.height)},
                                        {float(m + text.width), float(m + text.height)}};
    for (auto& p : corners) {
      p.x *= static_cast<float>(sx);
      p.y *= static_cast<float>(sy);
    }
    cv::transform(corners, corners, A);
    cv::Rect tb = cv::boundingRect(corners);
    // 6. Paper, ink and background: guilloche lines, uneven light.
    const double paper = clean ? U(0.85, 1.0) : U(0.5, 1.0);
    double contrast = clean ? U(0.6, 0.95) : U(0.65 - 0.35 * heavy, 0.95);
    if (style != PrintStyle::kLegacyLaser) contrast = StyleContrast(style, contrast, rng_);
    const double inkv = std::max(0.0, paper - contrast * paper);
    cv::Mat bg(ink.size(), CV_32F, cv::Scalar(paper));
    if (!clean && U(0, 1) < 0.55) Guilloche(bg, paper, paper - inkv, heavy);
    cv::Mat img = bg.mul(1 - ink) + inkv * ink;
    if (style != PrintStyle::kLegacyLaser) ApplyPrintToImage(style, img, ink, paper, inkv, th, rng_);
    if (!clean) Lighting(img, heavy);
    // 7. Defocus and motion blur.
    if (!clean || U(0, 1) < 0.5) {
      const double sigma = U(0.2, 0.4 + 0.07 * th * heavy);
      cv::GaussianBlur(img, img, cv::Size(), sigma);
    }
    if (!clean && U(0, 1) < 0.35 + 0.3 * heavy) MotionBlur(img, U(2, 2 + 0.25 * th * heavy));
    // 8. Sensor noise, quantisation, JPEG.
    cv::Mat noise(img.size(), CV_32F);
    cv::randn(noise, 0, clean ? U(0, 0.015) : U(0, 0.02 + 0.07 * heavy));
    img += noise;
    cv::Mat out;
    img.convertTo(out, CV_8U, 255.0);
    if (!clean && U(0, 1) < 0.6) {
      std::vector<uchar> buf;
      cv::imencode(".jpg", out, buf, {cv::IMWRITE_JPEG_QUALITY, static_cast<int>(U(95 - 70 * heavy, 95))});
      out = cv::imdecode(buf, cv::IMREAD_GRAYSCALE);
    }
    // 9. Tight crop with a few pixels of padding, as the OCR stage produces.
    const int pl = static_cast<int>(U(2, 12)), pr = static_cast<int>(U(2, 12));
    const int pt = static_cast<int>(U(2, 8)), pb = static_cast<int>(U(2, 8));
    cv::Rect crop(tb.x - pl, tb.y - pt, tb.width + pl + pr, tb.height + pt + pb);
    crop &= cv::Rect(0, 0, out.cols, out.rows);
    return out(crop).clone();
  }

 private:
  double U(double a, double b) { return std::uniform_real_distribution<double>(a, b)(rng_); }

  // Security-print lines behind the text: always lighter than the ink (at most 60% of its contrast).
  void Guilloche(cv::Mat& bg, double paper, double ink_contrast, double heavy) {
    const int n = static_cast<int>(U(2, 10));
    for (int i = 0; i < n; ++i) {
      const double amp = U(0.1, 0.8) * bg.rows, period = U(20, 300), phase = U(0, 6.3);
      const double y0 = U(0, bg.rows), shade = ink_contrast * U(0.1, 0.3 + 0.3 * heavy);
      std::vector<cv::Point> pts;
      for (int x = 0; x < bg.cols; x += 2)
        pts.emplace_back(x, static_cast<int>(y0 + amp * std::sin(6.2832 * x / period + phase)));
      cv::polylines(bg, pts, false, cv::Scalar(paper - shade), U(0, 1) < 0.7 ? 1 : 2, cv::LINE_AA);
    }
  }

  void Lighting(cv::Mat& img, double heavy) {
    // Linear gradient in a random direction plus an optional glare blob.
    const double a = U(0, 0.5 * heavy), ang = U(0, 6.3);
    const double gx = std::cos(ang) / img.cols, gy = std::sin(ang) / img.rows;
    const bool glare = U(0, 1) < 0.12 + 0.3 * heavy;
    const double cx = U(0, img.cols), cy = U(0, img.rows), rad = U(0.5, 3) * img.rows;
    const double gain = U(0.2, 0.6);
    for (int y = 0; y < img.rows; ++y) {
      float* row = img.ptr<float>(y);
      for (int x = 0; x < img.cols; ++x) {
        double v = row[x] * (1 - a * (0.5 + 0.5 * ((x - img.cols / 2.0) * gx + (y - img.rows / 2.0) * gy)));
        if (glare) {
          const double d2 = ((x - cx) * (x - cx) + (y - cy) * (y - cy)) / (rad * rad);
          v += (1 - v) * gain * std::exp(-d2);
        }
        row[x] = static_cast<float>(v);
      }
    }
  }

  void MotionBlur(cv::Mat& img, double length) {
    const int k = std::max(3, static_cast<int>(length) | 1);
    cv::Mat kernel = cv::Mat::zeros(k, k, CV_32F);
    const double ang = U(0, 1) < 0.7 ? U(-0.3, 0.3) : U(0, 3.1416);
    cv::line(kernel, {k / 2 - int(std::cos(ang) * k / 2), k / 2 - int(std::sin(ang) * k / 2)},
             {k / 2 + int(std::cos(ang) * k / 2), k / 2 + int(std::sin(ang) * k / 2)}, cv::Scalar(1.0));
    kernel /= cv::sum(kernel)[0];
    cv::filter2D(img, img, -1, kernel, {-1, -1}, 0, cv::BORDER_REPLICATE);
  }

  std::mt19937 rng_;
  std::string level_;
  std::string style_;
};

// One page of stacked crops plus a box file where every character carries its line's box.
void WritePage(const std::string& base, const std::vector<cv::Mat>& crops, const std::vector<std::string>& texts) {
  const int gap = 6, pad = 4;  // pad = Tesseract's own padding around a training line box
  int w = 0, h = gap;
  for (const auto& c : crops) {
    w = std::max(w, c.cols + 2 * gap);
    h += c.rows + gap;
  }
  cv::Mat page(h, w, CV_8U, cv::Scalar(255));
  std::ofstream box(base + ".box");
  int y = gap;
  for (size_t i = 0; i < crops.size(); ++i) {
    crops[i].copyTo(page(cv::Rect(gap, y, crops[i].cols, crops[i].rows)));
    const int l = gap + pad, r = gap + crops[i].cols - pad, top = y + pad, bot = y + crops[i].rows - pad;
    const std::string coords = " " + std::to_string(l) + " " + std::to_string(h - bot) + " " +
                               std::to_string(r) + " " + std::to_string(h - top) + " 0\n";
    for (char ch : texts[i]) box << ch << coords;
    box << '\t' << coords;
    y += crops[i].rows + gap;
  }
  cv::imwrite(base + ".png", page);
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i], v = argv[i + 1];
    if (k == "--image") o.image = v;
    else if (k == "--box") o.box = v;
    else if (k == "--text") o.text = v;
    else if (k == "--out") o.out = v;
    else if (k == "--mode") o.mode = v;
    else if (k == "--level") o.level = v;
    else if (k == "--style") o.style = v;
    else if (k == "--seed") o.seed = static_cast<unsigned>(std::stoul(v));
    else if (k == "--lines-per-page") o.lines_per_page = std::stoi(v);
    else {
      std::cerr << "unknown option " << k << "\n";
      return 2;
    }
  }
  if (o.image.empty() || o.box.empty() || o.text.empty() || o.out.empty()) {
    std::cerr << "usage: mrz_augment --image P.tif --box P.box --text P.txt --out PREFIX "
                 "[--mode pages|lines] [--level mixed|clean|heavy] [--style laser|inkjet|dyesub|engraved|mix] "
                 "[--seed N] [--lines-per-page N]\n";
    return 2;
  }
  std::vector<cv::Mat> pages;
  if (!cv::imreadmulti(o.image, pages, cv::IMREAD_GRAYSCALE) || pages.empty()) {
    std::cerr << "cannot read " << o.image << "\n";
    return 1;
  }
  const auto lines = ReadLines(o, pages);
  if (!IsKnownStyle(o.style)) {
    std::cerr << "unknown style " << o.style << " (laser, inkjet, dyesub, engraved, mix)\n";
    return 2;
  }
  Augmenter aug(o.seed, o.level, o.style);
  std::vector<cv::Mat> crops;
  std::vector<std::string> texts;
  int written = 0, page_no = 0;
  char name[32];
  for (const auto& line : lines) {
    cv::Mat crop = aug.Make(pages[static_cast<size_t>(line.page)], line.rect);
    if (o.mode == "lines") {
      std::snprintf(name, sizeof name, "_%04d", written++);
      cv::imwrite(o.out + name + ".png", crop);
      std::ofstream(o.out + name + ".gt.txt") << line.text << "\n";
      continue;
    }
    crops.push_back(crop);
    texts.push_back(line.text);
    if (static_cast<int>(crops.size()) == o.lines_per_page) {
      std::snprintf(name, sizeof name, "_p%03d", page_no++);
      WritePage(o.out + name, crops, texts);
      crops.clear();
      texts.clear();
    }
  }
  if (!crops.empty()) {
    std::snprintf(name, sizeof name, "_p%03d", page_no++);
    WritePage(o.out + name, crops, texts);
  }
  std::cerr << "mrz_augment: " << lines.size() << " lines from " << o.box << "\n";
  return lines.empty() ? 1 : 0;
}
