#include "vision/glyph_match.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <opencv2/imgproc.hpp>

#include "vision/rectify.h"

namespace docintake::vision {
namespace {

// Shifts searched each way once the glyph's ink centre is aligned with the
// shape's: what blur and noise leave of the centre's precision.
constexpr int kShiftX = 2;
constexpr int kShiftY = 3;

// Darkness-weighted centre of the columns [x0, x1) over rows [y0, y1); NaN without ink.
double InkCentreX(const cv::Mat& image, int x0, int x1, int y0, int y1) {
    double sum = 0, weight = 0;
    for (int y = std::max(0, y0); y < std::min(image.rows, y1); ++y) {
        const uchar* row = image.ptr<uchar>(y);
        for (int x = std::max(0, x0); x < std::min(image.cols, x1); ++x) {
            const double w = std::max(0, 160 - row[x]);  // paper and its noise weigh nothing
            sum += w * x;
            weight += w;
        }
    }
    return weight > 0 ? sum / weight : std::numeric_limits<double>::quiet_NaN();
}

}  // namespace

GlyphMatcher::GlyphMatcher(const GlyphAtlas& atlas, const MrzZone& zone, bool turned)
    : atlas_(atlas), zone_(zone), turned_(turned) {}

double GlyphMatcher::Match(int line, int position, int length, char c) const {
    constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
    const cv::Mat& shape = atlas_.Of(c);
    const int lines = static_cast<int>(zone_.lines.size());
    if (shape.empty() || line < 0 || line >= lines || position < 0 || position >= length) return kNaN;
    const int image_line = turned_ ? lines - 1 - line : line;
    const int cell = turned_ ? length - 1 - position : position;
    const cv::Mat& image = zone_.lines[static_cast<std::size_t>(image_line)].image;
    if (image.empty() || image.type() != CV_8UC1) return kNaN;

    // Where the glyph's ink is: the fitted grid drifts by up to a few pixels
    // along a line, so the centre is found in the cell, then again around it.
    const int y0 = kLinePadding, y1 = kLinePadding + kLineCapHeight;
    double centre = kLinePadding + (cell + 0.5) * kLinePitch;
    for (const double half : {0.5, 0.4}) {
        const double h = half * kLinePitch;
        const double found = InkCentreX(image, static_cast<int>(std::lround(centre - h)),
                                        static_cast<int>(std::lround(centre + h)), y0, y1);
        if (std::isnan(found)) return kNaN;
        centre = found;
    }
    const double shape_centre = InkCentreX(shape, 0, shape.cols, atlas::kCapTop, atlas::kCapTop + kLineCapHeight);
    if (std::isnan(shape_centre)) return kNaN;

    const int x = static_cast<int>(std::lround(centre - shape_centre)) - kShiftX;
    const int y = kLinePadding - atlas::kCapTop - kShiftY;
    const cv::Rect want(x, y, shape.cols + 2 * kShiftX, shape.rows + 2 * kShiftY);
    cv::Mat window;
    const cv::Rect inside = want & cv::Rect(0, 0, image.cols, image.rows);
    if (inside.area() == 0) return kNaN;
    // Past the image's edge is paper.
    cv::copyMakeBorder(image(inside), window, inside.y - want.y, want.br().y - inside.br().y, inside.x - want.x,
                       want.br().x - inside.br().x, cv::BORDER_REPLICATE);

    cv::Mat scores;
    cv::matchTemplate(window, shape, scores, cv::TM_CCOEFF_NORMED);
    double best = 0;
    cv::minMaxLoc(scores, nullptr, &best);
    return best;
}

}  // namespace docintake::vision
