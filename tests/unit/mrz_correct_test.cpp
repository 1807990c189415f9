// The correction never turns an unreadable MRZ into a confident wrong one.
#include <doctest/doctest.h>

#include <random>

#include <docintake/mrz_correct.h>

#include "support/mrz_compose.h"
#include "support/ocr_noise.h"

using namespace docintake;

namespace {

const std::vector<std::string> kTd3 = {"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                                       "L898902C36UTO7408122F1204159ZE184226B<<<<<10"};

MrzCorrectionOptions Options() {
    MrzCorrectionOptions o;
    o.parse.reference_date = 20261125;
    return o;
}

void Set(MrzCandidates& c, int line, int pos, std::vector<MrzCharCandidate> cands) {
    c.lines[static_cast<std::size_t>(line)][static_cast<std::size_t>(pos)] = std::move(cands);
}

}  // namespace

TEST_CASE("clean text is valid and uncorrected") {
    const auto r = CorrectMrz(MrzCandidates::FromText(kTd3), Options());
    CHECK(r.status == MrzReadingStatus::Valid);
    CHECK_FALSE(r.corrected());
    CHECK(r.mrz.lines == kTd3);
    CHECK(r.confidence == doctest::Approx(1.0));
}

TEST_CASE("letters in digit fields are mapped by field type") {
    auto c = MrzCandidates::FromText(kTd3);
    Set(c, 1, 15, {{'O', 0.9f}});  // birth date 74O812: O read for 0
    const auto r = CorrectMrz(c, Options());
    CHECK(r.status == MrzReadingStatus::Valid);
    CHECK(r.mrz.lines == kTd3);
    REQUIRE(r.corrections.size() == 1);
    CHECK(r.corrections[0].from == 'O');
    CHECK(r.corrections[0].to == '0');
    CHECK(r.corrections[0].field == "birth_date");
}

TEST_CASE("an alternative that passes the check wins over a top choice that fails") {
    auto c = MrzCandidates::FromText(kTd3);
    Set(c, 1, 7, {{'8', 0.6f}, {'C', 0.35f}});  // document number L898902C3 read as L89890283
    auto r = CorrectMrz(c, Options());
    CHECK(r.status == MrzReadingStatus::Valid);
    CHECK(r.mrz.document_number == "L898902C3");
    REQUIRE(r.corrections.size() == 1);
    CHECK(r.corrections[0].field == "document_number");

    // Two doubtful characters under one check could compensate: not trusted.
    Set(c, 1, 2, {{'8', 0.6f}, {'3', 0.35f}});
    r = CorrectMrz(c, Options());
    CHECK(r.status != MrzReadingStatus::Valid);
}

TEST_CASE("a correction that a confident twin misread elsewhere would explain as well is not trusted") {
    // MRV-B document number T0JTVY0: O/0 swaps at weights 3 and 7 cancel mod 10.
    const std::vector<std::string> mrvb = {"V<BGDYILMAZ<<<<<<<<<<<<<<<<<<<<<<<<<",
                                           "T0JTVY0<<2CHE8907024F3708260<<<<<<<<"};
    REQUIRE(ParseMrz(mrvb).mrz.valid());
    auto c = MrzCandidates::FromText(mrvb);
    Set(c, 1, 1, {{'0', 0.86f}, {'O', 0.14f}});
    Set(c, 1, 6, {{'O', 0.99f}});  // the twin misread with full confidence
    // The check passes with the doubted 0 turned into O (TOJTVYO), which is wrong;
    // it passes as well with the 0 kept and the confident O read as 0 (the truth).
    auto r = CorrectMrz(c, Options());
    CHECK(r.status != MrzReadingStatus::Valid);

    // The same correction with no twin elsewhere to explain it stands.
    const std::vector<std::string> no_twin = {"V<BGDYILMAZ<<<<<<<<<<<<<<<<<<<<<<<<<",
                                              "TOJTVY7<<3CHE8907024F3708260<<<<<<<<"};
    REQUIRE(ParseMrz(no_twin).mrz.valid());
    c = MrzCandidates::FromText(no_twin);
    Set(c, 1, 1, {{'0', 0.86f}, {'O', 0.14f}});
    r = CorrectMrz(c, Options());
    CHECK(r.status == MrzReadingStatus::Valid);
    CHECK(r.mrz.lines == no_twin);

    // Nor does a twin explain away a correction the OCR itself nearly made: the
    // alternative (O kept, a twin misread at position 6) is over 20 times less likely.
    c = MrzCandidates::FromText(mrvb);
    Set(c, 1, 1, {{'O', 0.55f}, {'0', 0.45f}});
    r = CorrectMrz(c, Options());
    CHECK(r.status == MrzReadingStatus::Valid);
    CHECK(r.mrz.lines == mrvb);
}

TEST_CASE("a doubtful top choice with an undetectable twin is not trusted") {
    auto c = MrzCandidates::FromText(kTd3);
    Set(c, 1, 38, {{'<', 0.7f}});  // '<' and K, U, A, 0 give the same check digit
    auto r = CorrectMrz(c, Options());
    CHECK(r.status == MrzReadingStatus::Ambiguous);
    Set(c, 1, 38, {{'<', 0.95f}});
    r = CorrectMrz(c, Options());
    CHECK(r.status == MrzReadingStatus::Valid);
}

TEST_CASE("a doubt only between 0 and O is settled by the check digit; a proposed twin keeps it ambiguous") {
    auto c = MrzCandidates::FromText(kTd3);
    REQUIRE(kTd3[1][5] == '0');  // document number L898902C3
    Set(c, 1, 5, {{'0', 0.6f}, {'O', 0.4f}});  // O (24) fails the check, 0 passes
    auto r = CorrectMrz(c, Options());
    CHECK(r.status == MrzReadingStatus::Valid);
    CHECK(r.mrz.document_number == "L898902C3");
    Set(c, 1, 5, {{'O', 0.55f}, {'0', 0.45f}});  // the check corrects the top choice
    r = CorrectMrz(c, Options());
    CHECK(r.status == MrzReadingStatus::Valid);
    CHECK(r.mrz.document_number == "L898902C3");
    Set(c, 1, 5, {{'0', 0.6f}, {'O', 0.3f}, {'U', 0.1f}});  // U has 0's check value
    r = CorrectMrz(c, Options());
    CHECK(r.status == MrzReadingStatus::Ambiguous);
    Set(c, 1, 5, {{'0', 0.6f}});  // where the rest went, nobody knows
    r = CorrectMrz(c, Options());
    CHECK(r.status == MrzReadingStatus::Ambiguous);
}

TEST_CASE("round-glyph doubts: other round glyphs count, and two of them must not compensate") {
    // A single doubtful O whose other mass is on D and 0 (round, told apart by the check).
    auto c = MrzCandidates::FromText(kTd3);
    Set(c, 1, 5, {{'0', 0.5f}, {'D', 0.34f}, {'O', 0.16f}});
    auto r = CorrectMrz(c, Options());
    CHECK(r.status == MrzReadingStatus::Valid);
    CHECK(r.mrz.document_number == "L898902C3");

    // Two doubtful 0s in a visa's document number at weights 3 and 7: O at both
    // adds 24 * 3 + 24 * 7 = 240, the same check digit, and a visa has no
    // composite check. Even when the other fields' fixes leave the search no
    // room to find that rival, the reading stays Ambiguous.
    const std::vector<std::string> visa = {"V<UTOYILMAZ<<<<<<<<<<<<<<<<<<<<<<<<<", "T0JTVY0<<2UTO8907024F3708260<<<<<<<<"};
    REQUIRE(ParseMrz(visa).mrz.valid());
    c = MrzCandidates::FromText(visa);
    Set(c, 1, 1, {{'O', 0.8f}, {'0', 0.2f}});
    Set(c, 1, 6, {{'O', 0.77f}, {'0', 0.23f}});
    Set(c, 1, 23, {{'O', 0.99f}});  // expiry 370826 and its check 0 read with Os: two forced fixes
    Set(c, 1, 27, {{'O', 0.99f}});
    r = CorrectMrz(c, Options());
    CHECK(r.status == MrzReadingStatus::Ambiguous);

    // Two doubts at weights 3 and 1, where no swap of the proposed 0 and O
    // keeps the check digit (24 * 3 + 24 * 1 = 96; 24 * (3 - 1) = 48): settled.
    const std::vector<std::string> td3 = {"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                                          "T00TVY0<<3UTO7408122F1204159ZE184226B<<<<<16"};
    REQUIRE(ParseMrz(td3).mrz.valid());
    c = MrzCandidates::FromText(td3);
    Set(c, 1, 1, {{'O', 0.6f}, {'0', 0.4f}});
    Set(c, 1, 2, {{'0', 0.6f}, {'O', 0.4f}});
    r = CorrectMrz(c, Options());
    CHECK(r.status == MrzReadingStatus::Valid);
    CHECK(r.mrz.document_number == "T00TVY0");
    // ... and at weights 3 and 7 in a TD3 too (the composite repeats the weights there).
    c = MrzCandidates::FromText(td3);
    Set(c, 1, 1, {{'O', 0.6f}, {'0', 0.4f}});
    Set(c, 1, 6, {{'O', 0.6f}, {'0', 0.4f}});
    r = CorrectMrz(c, Options());
    CHECK(r.status == MrzReadingStatus::Ambiguous);
}

TEST_CASE("a check-protected unreadable digit is recovered, an alphanumeric one is ambiguous") {
    auto c = MrzCandidates::FromText(kTd3);
    Set(c, 1, 16, {});  // birth date month digit unreadable
    auto r = CorrectMrz(c, Options());
    CHECK(r.status == MrzReadingStatus::Valid);
    CHECK(r.mrz.birth_date.iso() == "1974-08-12");

    c = MrzCandidates::FromText(kTd3);
    Set(c, 1, 0, {});  // 'L' of the document number: K, U, B... can give the same check digit
    r = CorrectMrz(c, Options());
    CHECK(r.status != MrzReadingStatus::Valid);
}

TEST_CASE("two passing readings nearly as likely are ambiguous") {
    // A visa has no composite check: birth 400907/8 and 400908/9 both pass.
    auto c = MrzCandidates::FromText({"V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                                      "L8988901C4XXX4009078F96121096ZE184226B<<<<<<"});
    Set(c, 1, 18, {{'7', 0.5f}, {'8', 0.45f}});
    Set(c, 1, 19, {{'8', 0.5f}, {'9', 0.45f}});
    const auto r = CorrectMrz(c, Options());
    CHECK(r.status == MrzReadingStatus::Ambiguous);
}

TEST_CASE("too many errors: invalid, never a made-up valid reading") {
    auto c = MrzCandidates::FromText(kTd3);
    for (int p : {0, 1, 2, 3, 4}) Set(c, 1, p, {{'7', 0.9f}});
    const auto r = CorrectMrz(c, Options());
    CHECK(r.status == MrzReadingStatus::Invalid);
    CHECK_FALSE(r.mrz.valid());
}

TEST_CASE("names carry no check digit: uncertain characters are reported") {
    auto c = MrzCandidates::FromText(kTd3);
    Set(c, 0, 6, {{'R', 0.4f}, {'P', 0.35f}});
    const auto r = CorrectMrz(c, Options());
    CHECK(r.status == MrzReadingStatus::Valid);
    REQUIRE(r.uncertain.size() == 1);
    CHECK(r.uncertain[0].field == "name");
    CHECK(r.uncertain[0].position == 6);
}

TEST_CASE("wrong shapes are unreadable") {
    auto r = CorrectMrz(MrzCandidates::FromText({"ABC", "DEF"}), Options());
    CHECK(r.status == MrzReadingStatus::Unreadable);
    CHECK(r.error.code == ErrorCode::WrongLineLength);
    r = CorrectMrz(MrzCandidates{}, Options());
    CHECK(r.status == MrzReadingStatus::Unreadable);
}

TEST_CASE("simulated OCR noise: a reading reported valid is never wrong") {
    // Each position: the truth with high probability, otherwise a confusable or
    // random character on top, with or without the truth among the alternatives.
    // The contract: the OCR may be wrong, but not at 0.8 or more (a wrong character
    // that sure, with a twin the check digits cannot tell apart, is beyond any check).
    test::RandomMrz random(99);
    docintake_test::OcrNoise noise(4242);
    int valid = 0, wrong_valid = 0, trials = 0;
    int by_status[4] = {};
    for (MrzFormat format : {MrzFormat::TD1, MrzFormat::TD2, MrzFormat::TD3, MrzFormat::MRVA, MrzFormat::MRVB}) {
        for (int i = 0; i < 600; ++i) {
            const auto truth = test::Compose(random.Next(format));
            const float error_rate = 0.005f + 0.035f * noise.Uniform();
            MrzCandidates c;
            for (const auto& line : truth) c.lines.push_back(noise.Line(line, error_rate));
            const auto r = CorrectMrz(c, Options());
            ++trials;
            ++by_status[static_cast<int>(r.status)];
            if (r.status == MrzReadingStatus::Valid) {
                ++valid;
                // Names and unchecked codes may differ only where reported uncertain or
                // confusable; check-protected content must be exact.
                bool wrong = false;
                const auto& lines = r.mrz.lines;
                const Mrz t = ParseMrz(truth, Options().parse).mrz;
                const bool visa = format == MrzFormat::MRVA || format == MrzFormat::MRVB;
                wrong = r.mrz.document_number != t.document_number || r.mrz.birth_date.raw != t.birth_date.raw ||
                        r.mrz.expiry_date.raw != t.expiry_date.raw ||
                        (!visa && r.mrz.optional_data != t.optional_data) || r.mrz.optional_data_2 != t.optional_data_2;
                if (wrong && wrong_valid++ < 5)
                    MESSAGE("wrong but valid: " << lines[0] << " / " << lines[1] << " truth " << truth[1]);
            }
        }
    }
    MESSAGE(valid << " of " << trials << " noisy readings valid; ambiguous " << by_status[1] << ", invalid "
                  << by_status[2] << ", unreadable " << by_status[3]);
    CHECK(wrong_valid == 0);
    CHECK(valid > trials / 2);

    // The same OCR, always sure of the truth: every reading is valid and exact.
    test::RandomMrz again(99);
    int exact = 0;
    for (int i = 0; i < 500; ++i) {
        const auto truth = test::Compose(again.Next(MrzFormat::TD3));
        const auto r = CorrectMrz(MrzCandidates::FromText(truth), Options());
        exact += r.status == MrzReadingStatus::Valid && r.mrz.lines == truth;
    }
    CHECK(exact == 500);
}

TEST_CASE("French national ID: corrected in its own layout") {
    const std::vector<std::string> card = {"IDFRABERTHIER<<<<<<<<<<<<<<<<<<<<<<<", "9409923102854CORINNE<<<<<<<6512068F4"};
    auto c = MrzCandidates::FromText(card);
    auto r = CorrectMrz(c, Options());
    CHECK(r.status == MrzReadingStatus::Valid);
    CHECK(r.mrz.format == MrzFormat::FrenchId);
    Set(c, 1, 31, {{'O', 0.8f}, {'0', 0.15f}});  // birth date 651206 read 6512O6
    r = CorrectMrz(c, Options());
    CHECK(r.status == MrzReadingStatus::Valid);
    CHECK(r.mrz.lines == card);
    CHECK(r.mrz.birth_date.iso() == "1965-12-06");
}

namespace {

bool UncertainAt(const MrzCorrectionResult& r, int line, int pos) {
    for (const auto& u : r.uncertain)
        if (u.line == line && u.position == pos) return true;
    return false;
}

MrzCorrectionOptions Strict() {
    MrzCorrectionOptions o = Options();
    o.uncertain_below = 0.93f;  // the reader's setting for unchecked characters
    return o;
}

}  // namespace

TEST_CASE("a state code is read as the only listed code its alternatives spell") {
    // Nationality "UTO" with a doubtful O: Q, 0 and D spell UTQ, UT0, UTD, none listed.
    auto c = MrzCandidates::FromText(kTd3);
    Set(c, 1, 12, {{'O', 0.56f}, {'Q', 0.19f}, {'0', 0.16f}, {'D', 0.08f}});
    auto r = CorrectMrz(c, Strict());
    CHECK(r.status == MrzReadingStatus::Valid);
    CHECK(r.mrz.nationality.code == "UTO");
    CHECK_FALSE(UncertainAt(r, 1, 12));

    // What the OCR did not propose could still be anything: little proposed mass stays uncertain.
    Set(c, 1, 12, {{'O', 0.56f}, {'Q', 0.19f}});
    r = CorrectMrz(c, Strict());
    CHECK(UncertainAt(r, 1, 12));
}

TEST_CASE("two listed codes the alternatives spell leave the code uncertain") {
    // GBD and GBO are both listed British codes: a D/O doubt cannot be settled by the list.
    auto c = MrzCandidates::FromText({"P<GBDERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                                      "L898902C36GBD7408122F1204159ZE184226B<<<<<10"});
    Set(c, 0, 4, {{'D', 0.6f}, {'O', 0.38f}});
    const auto r = CorrectMrz(c, Strict());
    CHECK(r.mrz.issuing_state.code == "GBD");
    CHECK(UncertainAt(r, 0, 4));
    CHECK_FALSE(UncertainAt(r, 1, 12));
}

TEST_CASE("an unlisted code is left as read, for the parser to flag") {
    auto c = MrzCandidates::FromText({"P<QQQERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                                      "L898902C36UTO7408122F1204159ZE184226B<<<<<10"});
    Set(c, 0, 3, {{'Q', 0.7f}, {'O', 0.25f}});
    const auto r = CorrectMrz(c, Strict());
    CHECK(r.mrz.issuing_state.code == "QQQ");
    CHECK(UncertainAt(r, 0, 3));
    CHECK(r.mrz.has_warning(MrzWarning::UnknownIssuingState));
}
