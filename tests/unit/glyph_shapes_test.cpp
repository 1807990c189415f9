// OCR-B's shapes (vision/glyph_atlas.h, vision/glyph_match.h) and what the
// reader makes of them (reader/glyph_evidence.h: ConfirmUncheckedByShape), on
// zones located in frames drawn at test time with the OCR-B font.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include <docintake/mrz_correct.h>
#include <docintake/read_mrz.h>

#include "reader/glyph_evidence.h"
#include "reader/reading_policy.h"
#include "support/mrz_compose.h"
#include "support/mrz_scene.h"
#include "vision/glyph_match.h"

using namespace docintake;
using namespace docintake::test;

namespace {

// A TD3 whose names hold the letters the OCR confuses most at 12-20 px.
std::vector<std::string> Passport(const std::string& surname) {
    MrzFields f;
    f.surname = surname;
    f.given = "NEMO KUVX";
    return Compose(f);
}

// The surname starts at cell 5 of line 0: "HUMWAX" puts its M at 7.
constexpr int kM = 7;

vision::MrzZone ZoneOf(const std::vector<std::string>& mrz, double cap, double blur) {
    Scene s;
    s.mrz = mrz;
    s.cap = cap;
    s.blur = blur;
    return CertainZone(s);
}

float P(const std::vector<MrzCharCandidate>& cell, char c) {
    for (const MrzCharCandidate& x : cell)
        if (x.c == c) return x.probability;
    return 0;
}

bool UncertainAt(const MrzCorrectionResult& r, int line, int pos) {
    return std::any_of(r.uncertain.begin(), r.uncertain.end(),
                       [&](const MrzCorrection& u) { return u.line == line && u.position == pos; });
}

}  // namespace

TEST_CASE("the atlas holds the 37 MRZ characters, each with ink") {
    const vision::GlyphAtlas atlas;
    REQUIRE(atlas.ok());
    for (const char* c = vision::atlas::kCharacters; *c; ++c) {
        CAPTURE(*c);
        const cv::Mat& shape = atlas.Of(*c);
        REQUIRE(shape.rows == vision::atlas::kCellRows);
        REQUIRE(shape.cols == vision::atlas::kCellCols);
        double darkest = 255, lightest = 0;
        cv::minMaxLoc(shape, &darkest, &lightest);
        CHECK(darkest < 60);
        CHECK(lightest > 230);
    }
    CHECK(atlas.Of('a').empty());
    CHECK(atlas.Of(' ').empty());
    CHECK(atlas.Of('\0').empty());
    // Different shapes: M and H, W and U are not the same picture.
    CHECK(cv::norm(atlas.Of('M'), atlas.Of('H'), cv::NORM_L1) > 0);
}

TEST_CASE("a glyph matches its own OCR-B shape better than those of its look-alikes") {
    const std::vector<std::string> mrz = Passport("HUMWAX");
    const vision::GlyphAtlas atlas(3.0);
    for (const double cap : {14.0, 22.0}) {
        CAPTURE(cap);
        const vision::MrzZone zone = ZoneOf(mrz, cap, 1.0);
        const vision::GlyphMatcher matcher(atlas, zone, false);
        const int length = static_cast<int>(mrz[0].size());
        for (int pos = 5; pos < 25; ++pos) {
            const char own = mrz[0][static_cast<std::size_t>(pos)];
            if (!std::strchr("HUMWAXNEOKV", own)) continue;
            CAPTURE(own);
            const double score = matcher.Match(0, pos, length, own);
            CHECK(score > 0.6);
            for (const char other : std::string("HUMWAXNKVY")) {
                if (other == own) continue;
                CAPTURE(other);
                CHECK(score - matcher.Match(0, pos, length, other) >= 0.06);
            }
        }
        // Read turned, reading-order cell (1, 43 - p) is the zone's cell (0, p).
        const vision::GlyphMatcher turned(atlas, zone, true);
        CHECK(turned.Match(1, length - 1 - kM, length, 'M') == doctest::Approx(matcher.Match(0, kM, length, 'M')));
        CHECK(std::isnan(matcher.Match(0, kM, length, 'm')));
        CHECK(std::isnan(matcher.Match(2, kM, length, 'M')));
        CHECK(std::isnan(matcher.Match(0, length, length, 'M')));
    }
}

TEST_CASE("ConfirmUncheckedByShape settles a doubtful name letter only where the glyph is that letter") {
    const vision::GlyphAtlas atlas(3.0);
    const MrzCorrectionOptions options = MrzReaderOptions{}.correction;
    // The OCR leans to M (0.6) over H (0.4) in the surname, which no check covers.
    const auto leaning = [](const std::vector<std::string>& read) {
        MrzCandidates c = MrzCandidates::FromText(read);
        c.lines[0][kM] = {{'M', 0.6f}, {'H', 0.4f}};
        return c;
    };
    const std::vector<std::string> with_m = Passport("HUMWAX");
    const std::vector<std::string> with_h = Passport("HUHWAX");

    {  // the glyph is an M: the doubt goes, the M weighs kShapeConfirmed, the reading is Valid
        const vision::MrzZone zone = ZoneOf(with_m, 16, 1.0);
        MrzCandidates c = leaning(with_m);
        MrzCorrectionResult r = CorrectMrz(c, options);
        REQUIRE(r.status == MrzReadingStatus::Valid);
        REQUIRE(UncertainAt(r, 0, kM));
        REQUIRE(reader::FinalStatus(r, true) == MrzReadingStatus::Ambiguous);
        reader::ConfirmUncheckedByShape(atlas, zone, false, r, c);
        CHECK_FALSE(UncertainAt(r, 0, kM));
        CHECK(P(c.lines[0][kM], 'M') == doctest::Approx(reader::kShapeConfirmed));
        CHECK(P(c.lines[0][kM], 'H') == doctest::Approx(1 - reader::kShapeConfirmed));
        CHECK(reader::FinalStatus(r, true) == MrzReadingStatus::Valid);
    }
    {  // the glyph is an H the OCR took for an M: the doubt stays, the OCR's word too
        const vision::MrzZone zone = ZoneOf(with_h, 16, 1.0);
        MrzCandidates c = leaning(with_m);
        MrzCorrectionResult r = CorrectMrz(c, options);
        reader::ConfirmUncheckedByShape(atlas, zone, false, r, c);
        CHECK(UncertainAt(r, 0, kM));
        CHECK(P(c.lines[0][kM], 'M') == doctest::Approx(0.6f));
        CHECK(reader::FinalStatus(r, true) == MrzReadingStatus::Ambiguous);
    }
    {  // the OCR does not lean (M 0.35): the shapes do not decide for it
        const vision::MrzZone zone = ZoneOf(with_m, 16, 1.0);
        MrzCandidates c = MrzCandidates::FromText(with_m);
        c.lines[0][kM] = {{'M', 0.35f}, {'H', 0.33f}, {'N', 0.32f}};
        MrzCorrectionResult r = CorrectMrz(c, options);
        reader::ConfirmUncheckedByShape(atlas, zone, false, r, c);
        CHECK(UncertainAt(r, 0, kM));
    }
    {  // a checked cell (the document number's 8 against a B) is left to its check digit
        const vision::MrzZone zone = ZoneOf(with_m, 16, 1.0);
        MrzCandidates c = MrzCandidates::FromText(with_m);
        REQUIRE(with_m[1][3] == '8');
        c.lines[1][3] = {{'8', 0.6f}, {'B', 0.4f}};
        MrzCorrectionResult r = CorrectMrz(c, options);
        const auto before = c.lines[1][3];
        const auto uncertain = r.uncertain.size();
        reader::ConfirmUncheckedByShape(atlas, zone, false, r, c);
        CHECK(r.uncertain.size() == uncertain);
        CHECK(P(c.lines[1][3], '8') == doctest::Approx(P(before, '8')));
    }
}
