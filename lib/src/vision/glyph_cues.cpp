#include "vision/glyph_cues.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "vision/rectify.h"

namespace docintake::vision {
namespace {

constexpr int kMinReferences = 3;

// Sub-pixel height of the ink in cell `i` of a rectified line image: per row
// the darkest pixel of the cell's middle 60% (neighbours stay out), and the
// rows where that crosses mid-grey at the top and at the bottom.
bool InkHeight(const cv::Mat& line, int i, double& height) {
    const int x0 = kLinePadding + static_cast<int>(std::lround((i + 0.2) * kLinePitch));
    const int x1 = kLinePadding + static_cast<int>(std::lround((i + 0.8) * kLinePitch));
    if (x0 < 0 || x1 > line.cols || x1 <= x0) return false;
    std::vector<double> dark(static_cast<std::size_t>(line.rows), 255);
    for (int y = 0; y < line.rows; ++y) {
        const uchar* row = line.ptr<uchar>(y);
        dark[static_cast<std::size_t>(y)] = *std::min_element(row + x0, row + x1);
    }
    constexpr double kMid = 128;
    int top = -1, bottom = -1;
    for (int y = 0; y < line.rows; ++y)
        if (dark[static_cast<std::size_t>(y)] < kMid) {
            if (top < 0) top = y;
            bottom = y;
        }
    if (top <= 0 || bottom >= line.rows - 1) return false;  // no ink, or cut by the image's edge
    auto at = [&](int y) { return dark[static_cast<std::size_t>(y)]; };
    const double up = (at(top - 1) - kMid) / std::max(1.0, at(top - 1) - at(top));
    const double down = (kMid - at(bottom)) / std::max(1.0, at(bottom + 1) - at(bottom));
    height = (bottom + down) - (top - 1 + up);
    return true;
}

double Median(std::vector<double>& v) {
    std::nth_element(v.begin(), v.begin() + static_cast<long>(v.size() / 2), v.end());
    return v[v.size() / 2];
}

}  // namespace

GlyphHeights::GlyphHeights(const MrzZone& zone, const std::vector<std::string>& text, bool turned)
    : zone_(zone), text_(text), turned_(turned) {
    if (zone.lines.size() != text.size()) return;
    std::vector<double> digits, capitals;
    for (int l = 0; l < static_cast<int>(text.size()); ++l) {
        const std::string& t = text[static_cast<std::size_t>(l)];
        for (int p = 0; p < static_cast<int>(t.size()); ++p) {
            const char c = t[static_cast<std::size_t>(p)];
            // Round and descending letters overshoot the capital height.
            const bool digit = c >= '2' && c <= '9';
            const bool capital = c >= 'A' && c <= 'Z' && !std::strchr("CGJOQS", c);
            double h = 0;
            if ((digit || capital) && HeightAt(l, p, h)) (digit ? digits : capitals).push_back(h);
        }
    }
    if (static_cast<int>(digits.size()) < kMinReferences || static_cast<int>(capitals.size()) < kMinReferences)
        return;
    digit_ = Median(digits);
    capital_ = Median(capitals);
}

bool GlyphHeights::HeightAt(int line, int position, double& height) const {
    const int lines = static_cast<int>(zone_.lines.size());
    if (line < 0 || line >= lines) return false;
    const int length = static_cast<int>(text_[static_cast<std::size_t>(line)].size());
    if (position < 0 || position >= length) return false;
    // Reading order -> the images as the zone holds them.
    const int image_line = turned_ ? lines - 1 - line : line;
    const int cell = turned_ ? length - 1 - position : position;
    return InkHeight(zone_.lines[static_cast<std::size_t>(image_line)].image, cell, height);
}

double GlyphHeights::DigitLikeness(int line, int position) const {
    double h = 0;
    if (std::isnan(digit_) || !HeightAt(line, position, h)) return std::numeric_limits<double>::quiet_NaN();
    // Blur can make the two medians meet; a third of a pixel still separates them at 32 px.
    return (h - capital_) / std::max(0.3, digit_ - capital_);
}

}  // namespace docintake::vision
