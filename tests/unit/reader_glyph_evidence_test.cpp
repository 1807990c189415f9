// The reader's glyph evidence (reader/glyph_evidence.h) on zones located in
// frames drawn at test time with the OCR-B font: the OCR's candidates are set
// by hand, cell by cell, over glyphs whose shape is known.
#include <doctest/doctest.h>

#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include <docintake/mrz_correct.h>

#include "reader/glyph_evidence.h"
#include "support/mrz_scene.h"

using namespace docintake;
using docintake::test::CertainZone;

namespace {

using Cell = std::vector<MrzCharCandidate>;

// A TD2 with a 0, a U and an O side by side: line 1, cells 1, 2 and 4 (and a 0 at 8).
const std::vector<std::string> kTd2 = {"I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "D0U1O5890<UTO7408122F1204159<<<<<<<6"};
// An MRV-A with 0 and O in its optional data (no check digit covers it):
// line 1, cells 28 and 30 hold 0s, 29, 31 and 35 Os.
const std::vector<std::string> kVisa = {"V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                                        "L8988901C4UTO7408122F30121540O0OHZ3O<<<<<<<<"};

// The lines as the reader's 180-degree retry reads them: the last line first,
// each backwards.
std::vector<std::string> Turned(const std::vector<std::string>& lines) {
    std::vector<std::string> out;
    for (auto it = lines.rbegin(); it != lines.rend(); ++it) out.emplace_back(it->rbegin(), it->rend());
    return out;
}

float P(const Cell& cell, char c) {
    for (const MrzCharCandidate& x : cell)
        if (x.c == c) return x.probability;
    return 0;
}

bool Has(const Cell& cell, char c) {
    for (const MrzCharCandidate& x : cell)
        if (x.c == c) return true;
    return false;
}

float Total(const Cell& cell) {
    float sum = 0;
    for (const MrzCharCandidate& x : cell) sum += x.probability;
    return sum;
}

bool Same(const Cell& a, const Cell& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t k = 0; k < a.size(); ++k)
        if (a[k].c != b[k].c || a[k].probability != b[k].probability) return false;
    return true;
}

}  // namespace

TEST_CASE("DropOpenTopTwins drops a U offered over a closed top (0, O), not over a U") {
    for (double angle : {0.0, 180.0}) {
        const vision::MrzZone zone = CertainZone(kTd2, angle);
        for (bool turned : {false, true}) {
            CAPTURE(angle);
            CAPTURE(turned);
            // Reading-order cell of upright (line 1, pos): read turned, line 0, 35 - pos.
            const auto at = [turned](auto& c, int pos) -> auto& {
                return turned ? c.lines[0][static_cast<std::size_t>(35 - pos)] : c.lines[1][static_cast<std::size_t>(pos)];
            };
            MrzCandidates c = MrzCandidates::FromText(turned ? Turned(kTd2) : kTd2);
            at(c, 1) = {{'0', 0.5f}, {'U', 0.3f}, {'O', 0.1f}};  // over the 0
            at(c, 4) = {{'U', 0.45f}, {'O', 0.4f}, {'0', 0.1f}};  // over the O: U even first
            at(c, 2) = {{'U', 0.6f}, {'0', 0.3f}, {'O', 0.05f}};  // over the U
            at(c, 8) = {{'U', 0.6f}, {'D', 0.3f}};                // over a 0, but no 0 or O offered
            const MrzCandidates before = c;
            reader::DropOpenTopTwins(zone, turned, c);

            const Cell& zero = at(c, 1);
            CHECK_FALSE(Has(zero, 'U'));
            CHECK(Total(zero) == doctest::Approx(0.9));  // the U's share goes to the rest
            CHECK(P(zero, '0') / P(zero, 'O') == doctest::Approx(5.0));
            CHECK(zero.front().c == '0');

            const Cell& oh = at(c, 4);
            CHECK_FALSE(Has(oh, 'U'));
            CHECK(Total(oh) == doctest::Approx(0.95));
            CHECK(P(oh, 'O') / P(oh, '0') == doctest::Approx(4.0));

            CHECK(Same(at(c, 2), at(before, 2)));
            CHECK(Same(at(c, 8), at(before, 8)));
            // Cells without a U and a 0 or O are not looked at.
            for (std::size_t l = 0; l < c.lines.size(); ++l)
                for (std::size_t p = 0; p < c.lines[l].size(); ++p)
                    if (before.lines[l][p].size() == 1) CHECK(Same(c.lines[l][p], before.lines[l][p]));
        }
    }
}

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

TEST_CASE("SplitRoundPair makes 0 and O equally likely, keeping their joint mass") {
    Cell cell = {{'O', 0.7f}, {'D', 0.2f}, {'0', 0.1f}};
    reader::SplitRoundPair(cell);
    REQUIRE(cell.size() == 3);
    CHECK(cell[0].probability == doctest::Approx(0.4));
    CHECK(cell[1].probability == doctest::Approx(0.4));
    CHECK(cell[2].c == 'D');  // best first
    CHECK(P(cell, '0') == P(cell, 'O'));
}

TEST_CASE("CheckRoundGlyphs lowers a Valid reading whose unchecked 0 or O the glyph contradicts") {
    for (double angle : {0.0, 180.0}) {
        CAPTURE(angle);
        const vision::MrzZone zone = CertainZone(kVisa, angle);

        {  // the reading has the printed 0s and Os: still Valid, nothing uncertain
            MrzCandidates c = MrzCandidates::FromText(kVisa);
            MrzCorrectionResult r = CorrectMrz(c);
            REQUIRE(r.status == MrzReadingStatus::Valid);
            const MrzCandidates before = c;
            CHECK(reader::CheckRoundGlyphs(zone, false, r, c) == nullptr);
            CHECK(r.status == MrzReadingStatus::Valid);
            CHECK(r.uncertain.empty());
            for (std::size_t l = 0; l < c.lines.size(); ++l)
                for (std::size_t p = 0; p < c.lines[l].size(); ++p) CHECK(Same(c.lines[l][p], before.lines[l][p]));
        }

        for (const auto& [pos, read] : {std::pair<int, char>{28, 'O'}, std::pair<int, char>{29, '0'}}) {
            CAPTURE(pos);
            CAPTURE(read);
            // The checks cannot see the swap: the reading passes them.
            std::vector<std::string> lines = kVisa;
            lines[1][static_cast<std::size_t>(pos)] = read;
            MrzCandidates c = MrzCandidates::FromText(lines);
            MrzCorrectionResult r = CorrectMrz(c);
            REQUIRE(r.status == MrzReadingStatus::Valid);
            REQUIRE(r.mrz.lines.at(1)[static_cast<std::size_t>(pos)] == read);
            REQUIRE(r.uncertain.empty());

            const char* doubt = reader::CheckRoundGlyphs(zone, false, r, c);
            REQUIRE(doubt != nullptr);
            CHECK(std::strlen(doubt) > 0);
            CHECK(r.status == MrzReadingStatus::Ambiguous);
            REQUIRE(r.uncertain.size() == 1);  // the other 0s and Os agree with their glyphs
            CHECK(r.uncertain[0].line == 1);
            CHECK(r.uncertain[0].position == pos);
            CHECK(r.uncertain[0].to == read);
            const Cell& cell = c.lines[1][static_cast<std::size_t>(pos)];
            CHECK(P(cell, '0') == doctest::Approx(0.5));  // split for the scanner's vote
            CHECK(P(cell, 'O') == doctest::Approx(0.5));

            // Already Ambiguous (a doubt of its own): the 0/O is added, no new doubt given.
            MrzCandidates c2 = MrzCandidates::FromText(lines);
            MrzCorrectionResult r2 = CorrectMrz(c2);
            r2.status = MrzReadingStatus::Ambiguous;
            CHECK(reader::CheckRoundGlyphs(zone, false, r2, c2) == nullptr);
            CHECK(r2.status == MrzReadingStatus::Ambiguous);
            CHECK(r2.uncertain.size() == 1);
            CHECK(P(c2.lines[1][static_cast<std::size_t>(pos)], 'O') == doctest::Approx(0.5));
        }

        // Readings that did not pass are not looked at.
        std::vector<std::string> lines = kVisa;
        lines[1][28] = 'O';
        for (MrzReadingStatus status : {MrzReadingStatus::Invalid, MrzReadingStatus::Unreadable}) {
            MrzCandidates c = MrzCandidates::FromText(lines);
            MrzCorrectionResult r = CorrectMrz(c);
            r.status = status;
            CHECK(reader::CheckRoundGlyphs(zone, false, r, c) == nullptr);
            CHECK(r.status == status);
            CHECK(r.uncertain.empty());
            CHECK(P(c.lines[1][28], 'O') == 1.0f);
        }
    }
}
