// TextDirections on ink components laid out by hand: which directions the
// locator goes on to search for lines.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "vision/components.h"

using namespace docintake::vision;

namespace {

constexpr double kPi = 3.14159265358979323846;

double DegreesOff(double a, double b) {
    double d = std::fmod(std::fabs(a - b), kPi);
    return std::min(d, kPi - d) * 180 / kPi;
}

bool Searched(const std::vector<DirectionPeak>& peaks, double degrees) {
    return std::any_of(peaks.begin(), peaks.end(), [&](const DirectionPeak& p) { return DegreesOff(p.angle, degrees * kPi / 180) < 3; });
}

InkComponent Component(double x, double y, double major, double minor, double angle_deg) {
    InkComponent c;
    c.centre = {x, y};
    c.major = major;
    c.minor = minor;
    c.angle = angle_deg * kPi / 180;
    c.area = static_cast<int>(major * minor);
    return c;
}

// A striped tablecloth: long straight ink along 95 degrees.
void AddStripes(InkMap& ink) {
    for (int k = 0; k < 80; ++k) ink.components.push_back(Component(12.0 * k, 270, 300, 3, 95));
}

// Two MRZ-like rows of glyph-sized components along 0 degrees.
void AddGlyphRows(InkMap& ink, int per_row) {
    for (int row = 0; row < 2; ++row)
        for (int i = 0; i < per_row; ++i) ink.components.push_back(Component(100 + 12.0 * i, 400 + 25.0 * row, 10, 6, 90));
}

}  // namespace

TEST_CASE("long stripes outweigh the glyphs: the direction most glyph pairs agree on is searched too") {
    InkMap ink;
    ink.work = cv::Mat(540, 960, CV_8UC1, cv::Scalar::all(200));
    AddStripes(ink);
    AddGlyphRows(ink, 36);
    const std::vector<DirectionPeak> peaks = TextDirections(ink, 5);
    CHECK(Searched(peaks, 95));
    CHECK(Searched(peaks, 0));
}

TEST_CASE("glyph pairs alone give their direction first; a few stray pairs add none") {
    InkMap ink;
    ink.work = cv::Mat(540, 960, CV_8UC1, cv::Scalar::all(200));
    AddGlyphRows(ink, 36);
    std::vector<DirectionPeak> peaks = TextDirections(ink, 5);
    REQUIRE(!peaks.empty());
    CHECK(DegreesOff(peaks.front().angle, 0) < 3);

    InkMap stray;
    stray.work = ink.work;
    AddStripes(stray);
    for (int i = 0; i < 4; ++i) stray.components.push_back(Component(100 + 12.0 * i, 400, 10, 6, 90));
    peaks = TextDirections(stray, 5);
    CHECK(Searched(peaks, 95));
    CHECK(!Searched(peaks, 0));
}
