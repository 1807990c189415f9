// DocumentScanner voting and decisions, on synthetic per-frame candidates (no OCR).
#include <doctest/doctest.h>

#include <docintake/scanner.h>

#include "reader/reading_policy.h"
#include "support/mrz_compose.h"

using namespace docintake;
using State = ScanUpdate::State;

namespace {

const std::vector<std::string> kTd3 = {"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                                       "L898902C36UTO7408122F1204159ZE184226B<<<<<10"};

// Every character the top choice with probability p, and its runner-up alternative.
MrzCandidates Clean(const std::vector<std::string>& lines, float p = 0.99f) {
    MrzCandidates c;
    for (const auto& line : lines) {
        std::vector<std::vector<MrzCharCandidate>> positions;
        for (char ch : line) positions.push_back({{ch, p}, {ch == '<' ? 'K' : '<', 1.f - p}});
        c.lines.push_back(std::move(positions));
    }
    return c;
}

// Position (line, pos) read as `wrong` with probability p, the truth as runner-up.
MrzCandidates WithError(MrzCandidates c, int line, int pos, char wrong, float p) {
    auto& cell = c.lines[static_cast<std::size_t>(line)][static_cast<std::size_t>(pos)];
    const char truth = cell.front().c;
    cell = {{wrong, p}, {truth, 1.f - p}};
    return c;
}

// A frame's reading as MrzReader reports it (CorrectMrz, then the reader's policy).
MrzReadResult Frame(const MrzCandidates& c) {
    MrzReadResult r;
    MrzCorrectionOptions opt;
    opt.parse.reference_date = 20260101;
    const MrzCorrectionResult corrected = CorrectMrz(c, opt);
    r.status = reader::FinalStatus(corrected, true);
    r.confidence = corrected.confidence;
    r.candidates = c;
    r.feedback = FrameFeedback::Ok;
    if (corrected.status != MrzReadingStatus::Unreadable) {
        r.mrz = corrected.mrz;
        r.lines = corrected.mrz.lines;
    }
    return r;
}

MrzReadResult Nothing(FrameFeedback f = FrameFeedback::NoDocument) {
    MrzReadResult r;
    r.feedback = f;
    return r;
}

ScannerOptions Options() {
    ScannerOptions o;
    o.reader.parse.reference_date = 20260101;
    o.max_frames = 10;
    return o;
}

}  // namespace

TEST_CASE("two agreeing clean frames finish the scan") {
    DocumentScanner scanner(Options());
    ScanUpdate u = scanner.Push(Frame(Clean(kTd3)));
    CHECK(u.state == State::Reading);
    CHECK(u.frames_used == 1);
    CHECK(u.lines == kTd3);  // the vote so far is shown, but not final
    u = scanner.Push(Frame(Clean(kTd3)));
    REQUIRE(u.state == State::Done);
    CHECK(u.lines == kTd3);
    REQUIRE(u.mrz);
    CHECK(u.mrz->document_number == "L898902C3");
    CHECK(u.frames_used == 2);
    CHECK(u.frames_seen == 2);
    CHECK(u.confidence >= 0.99);
    CHECK(u.feedback == FrameFeedback::Ok);
    // After Done, further frames change nothing until Reset.
    const ScanUpdate again = scanner.Push(Frame(Clean({kTd3[0], "L898902C36UTO7408122F1204159ZE184226B<<<<<10"})));
    CHECK(again.state == State::Done);
    CHECK(again.frames_seen == 2);
}

TEST_CASE("frames with different misreadings, each corrected by its checks, settle the scan") {
    DocumentScanner scanner(Options());
    // Each frame misreads a different character of the document number, confidently,
    // with the truth as runner-up: each frame's own check digits correct it.
    const auto f1 = WithError(Clean(kTd3), 1, 1, 'B', 0.9f);  // 8 -> B
    const auto f2 = WithError(Clean(kTd3), 1, 3, '3', 0.9f);  // 8 -> 3
    REQUIRE(Frame(f1).status == MrzReadingStatus::Valid);
    ScanUpdate u = scanner.Push(Frame(f1));
    CHECK(u.state == State::Reading);
    u = scanner.Push(Frame(f2));
    // The vote is still doubtful where the two frames' first choices differ (capped
    // at 1.5 / 2.5), but each frame read the same valid text on its own.
    REQUIRE(u.state == State::Done);
    CHECK(u.lines == kTd3);
    CHECK(u.reason == "2 of 2 frames read it valid");
    CHECK(u.confidence >= 0.99);
}

TEST_CASE("misreadings no frame can correct alone are settled by the vote") {
    DocumentScanner scanner(Options());
    // Every frame misreads one cell confidently, without the truth among its
    // alternatives, so no frame is valid alone; never the same cell twice.
    const std::pair<int, char> errors[] = {{1, 'B'}, {14, '1'}, {22, '7'}, {30, '8'}, {3, '3'},
                                           {16, '3'}, {24, '2'}, {32, '6'}, {6, 'Z'}, {17, '9'}};
    ScanUpdate u;
    int frames = 0;
    for (const auto& [pos, wrong] : errors) {
        auto f = WithError(Clean(kTd3), 1, pos, wrong, 0.99f);
        for (auto& line : f.lines)
            for (auto& cell : line) cell.resize(1);
        const MrzReadResult r = Frame(f);
        CHECK(r.status != MrzReadingStatus::Valid);
        u = scanner.Push(r);
        ++frames;
        if (u.state == State::Done) break;
        CHECK(u.state == State::Reading);
    }
    REQUIRE(u.state == State::Done);
    CHECK(u.lines == kTd3);
    // Taken as independent samples, three frames outweigh each dissent 1000 : 1
    // at the saturated error rate; the dissents' chance of a check-passing twin
    // (a tenth of it each, three dissenting cells) reaches 1e-4 at the fourth.
    // (The tempered, capped vote alone needed seven: a dissenting cell passes
    // 0.8 with 4 of 5, then the vote must stay the same for three updates.)
    CHECK(frames == 4);
    CHECK(u.reason == "4 frames, taken as independent, settle it");
}

TEST_CASE("a wrong but valid frame is outvoted, never reported") {
    test::MrzFields truth_fields;  // the ERIKSSON specimen
    truth_fields.optional = "ZE184226B";
    REQUIRE(test::Compose(truth_fields) == kTd3);
    test::MrzFields rival_fields = truth_fields;
    rival_fields.number = "L898962C3";  // one digit off; Compose recomputes its check digits
    const auto rival = test::Compose(rival_fields);
    REQUIRE(ParseMrz(rival).mrz.valid());
    REQUIRE(rival != kTd3);

    DocumentScanner scanner(Options());
    ScanUpdate u = scanner.Push(Frame(Clean(rival, 0.9f)));
    CHECK(u.state == State::Reading);  // one frame is never enough
    int frames = 1;
    while (u.state == State::Reading && frames < 10) {
        u = scanner.Push(Frame(Clean(kTd3)));
        ++frames;
        CHECK(u.lines != rival);
    }
    REQUIRE(u.state == State::Done);
    CHECK(u.lines == kTd3);
    CHECK(frames >= 3);  // the rival needed outvoting: more than two frames
}

TEST_CASE("no MRZ in any frame fails with the most common reason, also as the feedback") {
    ScannerOptions o = Options();
    o.max_frames = 5;
    DocumentScanner scanner(o);
    ScanUpdate u;
    for (int i = 0; i < 5; ++i) u = scanner.Push(Nothing(i == 4 ? FrameFeedback::NoDocument : FrameFeedback::TooSmall));
    CHECK(u.state == State::Failed);
    CHECK(u.reason == "no MRZ in 5 frames (mostly too_small)");
    // What a kiosk shows at the end is what went wrong most, not the last frame's issue.
    CHECK(u.feedback == FrameFeedback::TooSmall);
    CHECK_FALSE(u.mrz);
    CHECK(u.frames_used == 0);
}

TEST_CASE("check digits that never agree fail the scan with that reason") {
    ScannerOptions o = Options();
    o.max_frames = 4;
    DocumentScanner scanner(o);
    // The birth date's check digit is confidently wrong in every frame and the
    // runner-up does not help: '2' read as '7' with nothing else offered.
    MrzCandidates bad = Clean(kTd3, 0.99f);
    bad.lines[1][19] = {{'7', 0.99f}};
    bad.lines[1][13] = {{'1', 0.99f}};  // and the birth year, so one correction cannot fix both
    ScanUpdate u;
    for (int i = 0; i < 4; ++i) u = scanner.Push(Frame(bad));
    CHECK(u.state == State::Failed);
    CHECK(u.reason == "check digits never agreed in 4 frames");
    CHECK_FALSE(u.mrz);
}

TEST_CASE("Finish accepts a single valid frame, and fails an empty stream") {
    DocumentScanner scanner(Options());
    CHECK(scanner.Push(Frame(Clean(kTd3, 0.999f))).state == State::Reading);
    const ScanUpdate done = scanner.Finish();
    CHECK(done.state == State::Done);
    CHECK(done.lines == kTd3);
    CHECK(done.frames_used == 1);

    scanner.Reset();
    const ScanUpdate failed = scanner.Finish();
    CHECK(failed.state == State::Failed);
    CHECK(failed.reason == "no MRZ in 0 frames (mostly no_document)");
}

TEST_CASE("a frame of another shape does not disturb the vote") {
    DocumentScanner scanner(Options());
    const std::vector<std::string> td2 = {"I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "D231458907UTO7408122F1204159<<<<<<<6"};
    ScanUpdate u = scanner.Push(Frame(Clean(kTd3)));
    u = scanner.Push(Frame(Clean(td2)));
    CHECK(u.state == State::Reading);
    CHECK(u.lines == kTd3);
    u = scanner.Push(Frame(Clean(kTd3)));
    CHECK(u.state == State::Done);
    CHECK(u.lines == kTd3);
    CHECK(u.frames_used == 2);
    CHECK(u.frames_seen == 3);
}

TEST_CASE("an uncertain name is settled by the vote, not by one frame") {
    DocumentScanner scanner(Options());
    // The surname's second letter is doubtful in each frame (no check digit covers it).
    const auto f = WithError(Clean(kTd3), 0, 6, 'R', 0.55f);  // "ERIKSSON" read "ERIKSSON" with R doubtful
    auto doubtful = Clean(kTd3);
    doubtful.lines[0][6] = {{'R', 0.5f}, {'P', 0.45f}};
    ScanUpdate u = scanner.Push(Frame(doubtful));
    CHECK(u.state == State::Reading);
    u = scanner.Push(Frame(doubtful));
    CHECK(u.state == State::Reading);  // still doubtful after voting: not Done
    CHECK(u.reason == "reading still ambiguous");
    for (int i = 0; i < 3; ++i) u = scanner.Push(Frame(Clean(kTd3)));
    CHECK(u.state == State::Done);
    CHECK(u.lines == kTd3);
    (void)f;
}

TEST_CASE("frames whose lines may be cut short stay out of the vote") {
    // An MRV-A read cut short passes every check as an MRV-B; the reader says
    // so (may_be_cut_short) and the scanner must not settle on that shape.
    const std::vector<std::string> mrvb = {"V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "L8988901C4UTO7408122F3012154<<<<<<<<"};
    const std::vector<std::string> mrva = {"V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                                           "L8988901C4UTO7408122F3012154ZE184226B<<<<<<<"};
    DocumentScanner scanner(Options());
    for (int i = 0; i < 3; ++i) {
        MrzReadResult cut = Frame(Clean(mrvb));
        REQUIRE(cut.status == MrzReadingStatus::Valid);  // its checks pass
        cut.status = MrzReadingStatus::Ambiguous;
        cut.may_be_cut_short = true;
        const ScanUpdate u = scanner.Push(cut);
        CHECK(u.state == State::Searching);
        CHECK(u.frames_used == 0);
    }
    // Frames that see the whole lines settle it.
    scanner.Push(Frame(Clean(mrva)));
    const ScanUpdate u = scanner.Push(Frame(Clean(mrva)));
    REQUIRE(u.state == State::Done);
    CHECK(u.lines == mrva);
}
