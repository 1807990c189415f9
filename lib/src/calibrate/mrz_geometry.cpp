#include "calibrate/mrz_geometry.h"

#include <cmath>
#include <string>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "docintake/calibrate.h"

namespace docintake::calibrate {
namespace {

double Length(cv::Point2f a, cv::Point2f b) { return std::hypot(static_cast<double>(b.x - a.x), static_cast<double>(b.y - a.y)); }

bool IsMrzLength(std::size_t n) { return n == 30 || n == 36 || n == 44; }

// Characters per line, from the text read (the reader's raw lines are there
// whenever it OCRed the zone). Not from the zone's shape: under perspective the
// measured character height can be 10% off, which takes a 44 for a 36 and the
// scale 22% wrong (seen on tilted test scenes). 0: unknown.
int CharsOf(const MrzReadResult& reading) {
    for (const std::vector<std::string>* lines : {&reading.lines, &reading.raw_lines})
        if (!lines->empty() && IsMrzLength(lines->front().size())) {
            if (lines->size() == 3) return 30;
            return static_cast<int>(lines->front().size());
        }
    return 0;
}

}  // namespace

std::optional<MrzGeometry> MrzGeometryOf(const MrzReadResult& reading, cv::Size frame) {
    if (reading.char_height_px <= 0) return std::nullopt;
    MrzGeometry g;
    for (std::size_t i = 0; i < 4; ++i) {
        g.quad[i] = cv::Point2f(reading.quad[2 * i], reading.quad[2 * i + 1]);
        const cv::Point2f& p = g.quad[i];
        if (!std::isfinite(p.x) || !std::isfinite(p.y)) return std::nullopt;
        // A zone may run a little out of the frame; beyond that the quad is not one.
        const double x = p.x, y = p.y, w = frame.width, h = frame.height;
        if (x < -w || y < -h || x > 2 * w || y > 2 * h)
            return std::nullopt;
    }
    const double top = Length(g.quad[0], g.quad[1]);
    const double bottom = Length(g.quad[3], g.quad[2]);
    const double left = Length(g.quad[0], g.quad[3]);
    const double right = Length(g.quad[1], g.quad[2]);
    if (top < 1 || bottom < 1 || left < 1 || right < 1) return std::nullopt;
    g.char_height_px = reading.char_height_px;
    g.chars = CharsOf(reading);
    // The quad spans the first to the last cell: chars pitches of 2.54 mm.
    if (g.chars > 0) g.px_per_mm = (top + bottom) / 2 / (g.chars * kMrzCharPitchMm);
    return g;
}

cv::Mat RectifyMrz(const cv::Mat& gray, const MrzGeometry& g) {
    const double k = kRectifiedCapPx / g.char_height_px;
    const double width = (Length(g.quad[0], g.quad[1]) + Length(g.quad[3], g.quad[2])) / 2 * k;
    const double height = (Length(g.quad[0], g.quad[3]) + Length(g.quad[1], g.quad[2])) / 2 * k;
    // Bounded so that a wild reading cannot ask for a huge image.
    if (width < 8 || height < 8 || width > 4000 || height > 1000) return {};
    // A cap height of margin around the cells, so the outer glyph edges count.
    const float m = static_cast<float>(kRectifiedCapPx);
    const std::array<cv::Point2f, 4> to = {cv::Point2f(m, m), cv::Point2f(static_cast<float>(width) + m, m),
                                           cv::Point2f(static_cast<float>(width) + m, static_cast<float>(height) + m),
                                           cv::Point2f(m, static_cast<float>(height) + m)};
    const cv::Mat h = cv::getPerspectiveTransform(g.quad.data(), to.data());
    cv::Mat out;
    cv::warpPerspective(gray, out, h, cv::Size(static_cast<int>(width + 2 * m), static_cast<int>(height + 2 * m)),
                        cv::INTER_LINEAR, cv::BORDER_REPLICATE);
    return out;
}

}  // namespace docintake::calibrate
