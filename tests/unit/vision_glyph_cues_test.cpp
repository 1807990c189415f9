// What the vision stage measures on a located zone's glyphs and past its ends:
// glyph height and closed tops (0, O, U), and the cells after the last one.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "support/mrz_scene.h"
#include "vision/continuation.h"
#include "vision/glyph_cues.h"
#include "vision/locate.h"

using namespace docintake;
using namespace docintake::test;
using namespace docintake::vision;

TEST_CASE("glyph height tells a 0 from an O where the zone offers digits and capitals") {
    // An MRV-A with 0 and O side by side in its optional data, upright and turned.
    const std::vector<std::string> visa = {"V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                                           "L8988901C4UTO7408122F30121540O0OHZ3O<<<<<<<<"};
    for (double angle : {0.0, 180.0}) {
        CAPTURE(angle);
        const MrzZone z = CertainZone(visa, angle);
        const GlyphHeights heights(z, visa, false);
        for (int pos : {28, 29, 30, 31, 35}) {
            CAPTURE(pos);
            const double d = heights.DigitLikeness(1, pos);
            if (visa[1][static_cast<std::size_t>(pos)] == '0')
                CHECK(d > 0.8);
            else
                CHECK(d < 0.6);
        }
        // Text read turned (the reader's 180-degree retry) maps each cell to the
        // opposite one: the same glyph, the same references, the same measure.
        const std::vector<std::string> turned = {std::string(visa[1].rbegin(), visa[1].rend()),
                                                 std::string(visa[0].rbegin(), visa[0].rend())};
        CHECK(GlyphHeights(z, turned, true).DigitLikeness(0, 43 - 28) == doctest::Approx(heights.DigitLikeness(1, 28)));
        // No digit to compare with: not measurable.
        const std::vector<std::string> no_digits = {std::string(44, '<'), std::string(28, '<') + "0" + std::string(15, '<')};
        CHECK(std::isnan(GlyphHeights(z, no_digits, false).DigitLikeness(1, 28)));
    }
}

TEST_CASE("the cells past a zone's end: blank, inked, or out of the frame") {
    const std::vector<std::string> mrvb = {"V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "L8988901C4UTO7408122F3012154<<<<<<<<"};
    Scene s;
    s.mrz = mrvb;
    const Rendered f = Render(s);
    const LocateResult r = Locate(f);
    REQUIRE(!r.zones.empty());
    const MrzZone& z = r.zones.front();
    REQUIRE(z.cut.chars == 36);
    const Continuation c = ExtractContinuation(f.gray, z, 8, false);
    // The card has 2.2 cells of margin, then the table: all in the frame.
    CHECK(c.visible_cells == 8);
    REQUIRE(c.lines.size() == 2);
    for (std::size_t k = 0; k < 2; ++k) CHECK(c.inked_cells[k] == 0);
    // Ink drawn right after the zone's end, in the first line only.
    cv::Mat inked = f.gray.clone();
    const cv::Point2f step = (z.quad[1] - z.quad[0]) * (1.0f / 36);
    for (int i = 0; i < 4; ++i) {
        const cv::Point2f at = z.quad[1] + step * (i + 0.5f) + (z.quad[2] - z.quad[1]) * 0.25f;
        cv::circle(inked, at, static_cast<int>(std::lround(f.cap * 0.3)), cv::Scalar::all(25), 3);
    }
    const Continuation ink = ExtractContinuation(inked, z, 8, false);
    REQUIRE(ink.inked_cells.size() == 2);
    CHECK(ink.inked_cells[0] >= 3);
    CHECK(ink.inked_cells[1] == 0);
    // Seen from the other end (the reader turned the lines), the margin there is blank too.
    CHECK(ExtractContinuation(inked, z, 8, true).inked_cells[0] == 0);
    // A frame that ends one cell past the zone.
    const int right = static_cast<int>(std::ceil(std::max(z.quad[1].x, z.quad[2].x) + 1.5 * step.x));
    const cv::Mat cut = f.gray(cv::Rect(0, 0, right, f.gray.rows));
    CHECK(ExtractContinuation(cut, z, 8, false).visible_cells == 1);
}
