// The reader's glyph evidence (reader/glyph_evidence.h) on zones located in
// frames drawn at test time with the OCR-B font: the OCR's candidates are set
// by hand, cell by cell, over glyphs whose shape is known.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include <docintake/mrz_correct.h>

#include "reader/glyph_evidence.h"
#include "support/mrz_scene.h"

using namespace docintake;
using docintake::test::CertainZone;

namespace {

using Cell = std::vector<MrzCharCandidate>;

// An MRV-A with 0 and O in its optional data (no check digit covers it):
// line 1, cells 28 and 30 hold 0s, 29, 31 and 35 Os.
const std::vector<std::string> kVisa = {"V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                                        "L8988901C4UTO7408122F30121540O0OHZ3O<<<<<<<<"};

float P(const Cell& cell, char c) {
    for (const MrzCharCandidate& x : cell)
        if (x.c == c) return x.probability;
    return 0;
}

bool Same(const Cell& a, const Cell& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t k = 0; k < a.size(); ++k)
        if (a[k].c != b[k].c || a[k].probability != b[k].probability) return false;
    return true;
}

}  // namespace

TEST_CASE("WeighRoundGlyphs moves a doubtful 0/O toward the glyph's height, keeping their joint mass") {
    for (double angle : {0.0, 180.0}) {
        CAPTURE(angle);
        const vision::MrzZone zone = CertainZone(kVisa, angle);
        MrzCandidates c = MrzCandidates::FromText(kVisa);
        auto& line = c.lines[1];
        line[28] = {{'O', 0.55f}, {'0', 0.4f}, {'D', 0.03f}};  // a 0 the OCR leans to read as O
        line[29] = {{'0', 0.6f}, {'O', 0.35f}};                // an O it leans to read as 0
        line[30] = {{'O', 0.9f}, {'0', 0.08f}};                // a 0, but the OCR is sure enough
        line[31] = {{'0', 0.95f}, {'O', 0.04f}};               // an O, likewise
        const MrzCandidates before = c;
        reader::WeighRoundGlyphs(zone, false, c);

        const Cell& zero = line[28];
        CHECK(zero.front().c == '0');
        CHECK(P(zero, '0') + P(zero, 'O') == doctest::Approx(0.95));
        CHECK(P(zero, 'D') == doctest::Approx(0.03));  // not a round glyph: untouched

        const Cell& oh = line[29];
        CHECK(oh.front().c == 'O');
        CHECK(P(oh, '0') + P(oh, 'O') == doctest::Approx(0.95));

        // At 0.9 and above the OCR keeps its word, even against the glyph.
        CHECK(Same(line[30], before.lines[1][30]));
        CHECK(Same(line[31], before.lines[1][31]));
        // And so do all the other (certain) cells.
        for (std::size_t l = 0; l < c.lines.size(); ++l)
            for (std::size_t p = 0; p < c.lines[l].size(); ++p)
                if (before.lines[l][p].size() == 1) CHECK(Same(c.lines[l][p], before.lines[l][p]));
    }
}
