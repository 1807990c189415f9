// Print styles for mrz_augment: how a real MRZ got onto its document.
//
// The ink map is coverage (1 = ink, 0 = substrate) at the final text height th; the image is
// brightness (1 = white). Every number is drawn from the caller's generator, so a line is a
// function of its seed.
//   laser     toner on paper: the original recipe, plus character pitch and width variation
//   inkjet    dot gain, slight bleed into the paper, satellite speckle, a few missing dots
//   dyesub    dye-sublimation: soft edges, a colour fringe (offset ghost) turned grey
//   engraved  laser engraving into polycarbonate: grey at 25-60% contrast, wider strokes,
//             specular glints on the burnt strokes, holographic bands and guilloche through text
#pragma once

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

enum class PrintStyle { kLegacyLaser, kLaser, kInkjet, kDyeSub, kEngraved };

inline bool IsKnownStyle(const std::string& s) {
  return s == "laser" || s == "inkjet" || s == "dyesub" || s == "engraved" || s == "mix";
}

namespace print_detail {
inline double U(std::mt19937& rng, double a, double b) {
  return std::uniform_real_distribution<double>(a, b)(rng);
}
}  // namespace print_detail

// "mix" draws a style per line (laser 30%, inkjet 20%, dyesub 20%, engraved 30%).
inline PrintStyle ChooseStyle(const std::string& name, std::mt19937& rng) {
  if (name == "inkjet") return PrintStyle::kInkjet;
  if (name == "dyesub") return PrintStyle::kDyeSub;
  if (name == "engraved") return PrintStyle::kEngraved;
  const double r = print_detail::U(rng, 0, 1);
  if (r < 0.3) return PrintStyle::kLaser;
  if (r < 0.5) return PrintStyle::kInkjet;
  if (r < 0.7) return PrintStyle::kDyeSub;
  return PrintStyle::kEngraved;
}

// Character pitch drifting along the line (printer feed, vendor metrics): a smooth horizontal
// remap whose local scale stays within +-6%, zero displacement at both ends of the crop.
inline void PitchVariation(cv::Mat& ink, std::mt19937& rng) {
  using print_detail::U;
  const double W = ink.cols, k = std::floor(U(rng, 1, 4.99)), phase = U(rng, 0, 1) < 0.5 ? 0 : 3.1416;
  const double amp = U(rng, 0.02, 0.06) * W / (6.2832 * k);
  cv::Mat mx(ink.size(), CV_32F), my(ink.size(), CV_32F);
  for (int y = 0; y < ink.rows; ++y)
    for (int x = 0; x < ink.cols; ++x) {
      mx.at<float>(y, x) = static_cast<float>(x + amp * std::sin(6.2832 * k * x / W + phase));
      my.at<float>(y, x) = static_cast<float>(y);
    }
  cv::remap(ink, ink, mx, my, cv::INTER_LINEAR, cv::BORDER_CONSTANT, 0);
}

inline cv::Mat Disc(int r) { return cv::getStructuringElement(cv::MORPH_ELLIPSE, {2 * r + 1, 2 * r + 1}); }

inline void ApplyPrintToInk(PrintStyle style, cv::Mat& ink, double th, std::mt19937& rng) {
  using print_detail::U;
  if (U(rng, 0, 1) < 0.6) PitchVariation(ink, rng);
  if (style == PrintStyle::kInkjet) {
    // Dot gain and bleed: ink spreads along the paper fibres.
    cv::Mat spread;
    cv::GaussianBlur(ink, spread, cv::Size(), U(rng, 0.02, 0.05) * th);
    ink = cv::max(ink, cv::min(1.0, spread * U(rng, 1.2, 1.8)));
    // Satellite droplets near the strokes and a few missing dots inside them.
    cv::Mat speckle(ink.size(), CV_32F);
    cv::randu(speckle, 0, 1);
    const double p = U(rng, 0.002, 0.02);
    cv::Mat near;
    cv::GaussianBlur(ink, near, cv::Size(), 0.12 * th);
    cv::Mat sat = (speckle < p) & (near > 0.05);
    ink.setTo(U(rng, 0.5, 1.0), sat);
    cv::randu(speckle, 0, 1);
    cv::Mat holes = (speckle < p * 0.7) & (ink > 0.5);
    ink.setTo(U(rng, 0.1, 0.5), holes);
    cv::GaussianBlur(ink, ink, cv::Size(), 0.5);
  } else if (style == PrintStyle::kDyeSub) {
    // Soft edges, and a faint offset ghost where the colour panels did not register.
    cv::GaussianBlur(ink, ink, cv::Size(), U(rng, 0.03, 0.07) * th);
    const double dx = U(rng, 0.03, 0.1) * th * (U(rng, 0, 1) < 0.5 ? -1 : 1), dy = U(rng, -0.03, 0.03) * th;
    cv::Mat shifted, M = (cv::Mat_<double>(2, 3) << 1, 0, dx, 0, 1, dy);
    cv::warpAffine(ink, shifted, M, ink.size(), cv::INTER_LINEAR, cv::BORDER_CONSTANT, 0);
    ink = cv::max(ink, shifted * U(rng, 0.15, 0.45));
  } else if (style == PrintStyle::kEngraved) {
    // The laser burns a little wider than the glyph outline.
    const int r = std::max(1, static_cast<int>(std::lround(U(rng, 0.02, 0.06) * th)));
    cv::dilate(ink, ink, Disc(r));
    cv::GaussianBlur(ink, ink, cv::Size(), U(rng, 0.3, 0.8));
  } else if (U(rng, 0, 1) < 0.3) {
    // Laser toner scatter: a touch of gain.
    cv::GaussianBlur(ink, ink, cv::Size(), 0.6);
    ink = cv::min(1.0, ink * 1.3);
  }
}

// Contrast between ink and substrate, as a fraction of the substrate brightness.
inline double StyleContrast(PrintStyle style, double drawn, std::mt19937& rng) {
  using print_detail::U;
  switch (style) {
    case PrintStyle::kEngraved: return U(rng, 0.25, 0.6);
    case PrintStyle::kInkjet: return std::min(drawn, U(rng, 0.55, 0.9));
    case PrintStyle::kDyeSub: return std::min(drawn, U(rng, 0.45, 0.85));
    default: return drawn;
  }
}

// Holographic laminate: soft rainbow bands (grey here) and fine guilloche lines over the text.
inline void HoloOverlay(cv::Mat& img, double strength, std::mt19937& rng) {
  using print_detail::U;
  const double ang = U(rng, 0, 3.1416), period = U(rng, 15, 120), phase = U(rng, 0, 6.3);
  const double c = std::cos(ang), s = std::sin(ang);
  for (int y = 0; y < img.rows; ++y) {
    float* row = img.ptr<float>(y);
    for (int x = 0; x < img.cols; ++x)
      row[x] += static_cast<float>(strength * std::sin(6.2832 * (x * c + y * s) / period + phase));
  }
  const int n = static_cast<int>(U(rng, 2, 8));
  for (int i = 0; i < n; ++i) {
    const double amp = U(rng, 0.2, 1.0) * img.rows, per = U(rng, 20, 200), ph = U(rng, 0, 6.3);
    const double y0 = U(rng, 0, img.rows), shade = U(rng, -1.5, 1.5) * strength;
    std::vector<cv::Point> pts;
    for (int x = 0; x < img.cols; x += 2)
      pts.emplace_back(x, static_cast<int>(y0 + amp * std::sin(6.2832 * x / per + ph)));
    cv::Mat layer = img.clone();
    cv::polylines(layer, pts, false, cv::Scalar(0), 1, cv::LINE_AA);
    cv::Mat mask = (layer != img);
    cv::Mat moved = img + shade;
    moved.copyTo(img, mask);
  }
}

inline void ApplyPrintToImage(PrintStyle style, cv::Mat& img, const cv::Mat& ink, double paper, double inkv,
                              double th, std::mt19937& rng) {
  using print_detail::U;
  if (style != PrintStyle::kEngraved) return;
  const double contrast = paper - inkv;
  // Specular glints: the burnt surface reflects in spots, brighter than the surrounding ink.
  const int glints = static_cast<int>(U(rng, 0, 1) < 0.6 ? U(rng, 1, 12) : 0);
  for (int i = 0; i < glints; ++i) {
    const cv::Point p(static_cast<int>(U(rng, 0, img.cols)), static_cast<int>(U(rng, 0, img.rows)));
    cv::Mat spot = cv::Mat::zeros(img.size(), CV_32F);
    cv::circle(spot, p, std::max(1, static_cast<int>(U(rng, 0.05, 0.25) * th)), cv::Scalar(1), -1, cv::LINE_AA);
    cv::GaussianBlur(spot, spot, cv::Size(), U(rng, 0.5, 2.0));
    img += spot.mul(ink) * (contrast * U(rng, 0.4, 1.0));
  }
  if (U(rng, 0, 1) < 0.8) HoloOverlay(img, contrast * U(rng, 0.08, 0.3), rng);
  // Polycarbonate texture: low-frequency mottle.
  cv::Mat mottle(std::max(2, img.rows / 8), std::max(2, img.cols / 8), CV_32F);
  cv::randn(mottle, 0, U(rng, 0.0, 0.03));
  cv::resize(mottle, mottle, img.size(), 0, 0, cv::INTER_CUBIC);
  img += mottle;
}
