// The scanner's decision from frames taken as independent samples of the print
// (CandidateVote::Independent, ReadIndependent, ReadingErrorBound), on synthetic
// per-frame candidates and on a real generated sequence.
#include <doctest/doctest.h>

#include <fstream>
#include <string>

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include <docintake/opencv.h>
#include <docintake/scanner.h>

#include "reader/independent_frames.h"
#include "reader/reading_policy.h"
#include "reader/vote.h"

using namespace docintake;
using State = ScanUpdate::State;

namespace {

const std::vector<std::string> kTd3 = {"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                                       "L898902C36UTO7408122F1204159ZE184226B<<<<<10"};

// Every character the OCR's saturated top choice (0.99), nothing else offered.
MrzCandidates Clean(const std::vector<std::string>& lines) {
    MrzCandidates c;
    for (const auto& line : lines) {
        std::vector<std::vector<MrzCharCandidate>> positions;
        for (char ch : line) positions.push_back({{ch, 0.99f}});
        c.lines.push_back(std::move(positions));
    }
    return c;
}

// Line 0 (names, no check digit) position `pos` read as `first` with p, the truth after.
MrzCandidates Doubt(MrzCandidates c, int pos, char first, float p) {
    auto& cell = c.lines[0][static_cast<std::size_t>(pos)];
    const char truth = cell.front().c;
    cell = {{first, p}, {truth, 0.99f - p}};
    return c;
}

// The same position read as the truth with p, `rival` after it.
MrzCandidates Unsure(MrzCandidates c, int pos, char rival, float p) {
    auto& cell = c.lines[0][static_cast<std::size_t>(pos)];
    cell = {{cell.front().c, p}, {rival, 0.99f - p}};
    return c;
}

MrzCorrectionOptions Correction();

// A frame's reading as MrzReader reports it (its correction options, then its policy).
MrzReadResult Frame(const MrzCandidates& c) {
    MrzReadResult r;
    const MrzCorrectionResult corrected = CorrectMrz(c, Correction());
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

ScannerOptions Options() {
    ScannerOptions o;
    o.reader.parse.reference_date = 20260101;
    o.max_frames = 12;
    return o;
}

MrzCorrectionOptions Correction() {
    MrzCorrectionOptions c = Options().reader.correction;
    c.parse = Options().reader.parse;
    return c;
}

}  // namespace

TEST_CASE("the error bound counts every unchecked position's doubt and ignores what the checks settle") {
    reader::CandidateVote vote;
    vote.Add(Clean(kTd3));
    vote.Add(Clean(kTd3));
    auto two = reader::ReadIndependent(vote, Correction(), true);
    REQUIRE(two);
    CHECK(two->correction.mrz.lines == kTd3);
    // Two saturated frames: each unchecked cell is wrong with (1e-3)^2 / (1 - 1e-3)^2,
    // about 1e-6, and a TD3 has some 60 of them.
    CHECK(two->error_probability > 1e-5);
    CHECK(two->error_probability < 1e-4);

    // One frame: each unchecked cell at the saturated error rate, 1e-3: far above 1e-4.
    reader::CandidateVote one;
    one.Add(Clean(kTd3));
    CHECK(reader::ReadIndependent(one, Correction(), true)->error_probability > 0.01);

    // An O offered beside a 0 in a date is the same reading of that date.
    auto dated = Clean(kTd3);
    dated.lines[1][13] = {{'7', 0.99f}, {'O', 0.005f}};  // birth date's first digit; O is no rival there
    dated.lines[1][15] = {{'0', 0.99f}, {'O', 0.005f}};
    reader::CandidateVote with_twins;
    with_twins.Add(dated);
    with_twins.Add(dated);
    const double twins = reader::ReadIndependent(with_twins, Correction(), true)->error_probability;
    CHECK(twins == doctest::Approx(two->error_probability).epsilon(0.2));
}

TEST_CASE("a dissent is outweighed by independent frames, where the capped vote stays ambiguous") {
    // Frame 1 reads the surname's third letter as K (0.7) and every later frame
    // doubts one other name letter, so no frame is Valid alone and the
    // tempered, capped vote keeps the dissenting cell below 0.93.
    DocumentScanner scanner(Options());
    const MrzReadResult dissent = Frame(Doubt(Clean(kTd3), 7, 'K', 0.7f));
    REQUIRE(dissent.status == MrzReadingStatus::Ambiguous);
    ScanUpdate u = scanner.Push(dissent);
    CHECK(u.state == State::Reading);
    const int doubtful_cells[] = {16, 20, 8, 10};
    int frames = 1;
    for (int pos : doubtful_cells) {
        const MrzReadResult r = Frame(Unsure(Clean(kTd3), pos, 'X', 0.6f));
        REQUIRE(r.status == MrzReadingStatus::Ambiguous);
        u = scanner.Push(r);
        ++frames;
        if (u.state != State::Reading) break;
    }
    REQUIRE(u.state == State::Done);
    CHECK(u.lines == kTd3);
    CHECK(u.reason.find("independent") != std::string::npos);
    // After two frames the dissent is still 0.7 x 1e-3 against 0.3 x 0.999 (2e-3);
    // the third frame brings it to about 2e-6.
    CHECK(frames == 3);
    CHECK(u.confidence >= 1 - 1e-4);

    ScannerOptions off = Options();
    off.max_error_probability = 0;
    DocumentScanner capped(off);
    capped.Push(dissent);
    for (int pos : doubtful_cells)
        u = capped.Push(Frame(Unsure(Clean(kTd3), pos, 'X', 0.6f)));
    CHECK(u.state == State::Reading);
    CHECK(u.reason == "reading still ambiguous");
}

TEST_CASE("a repeated view is no new sample: still frames never settle a doubt the product would hide") {
    // The same misreading of a name letter (0.9 against the truth's 0.09) again
    // and again, as a document lying still would give: multiplied, eight copies
    // would make it look certain.
    const MrzReadResult still = Frame(Doubt(Clean(kTd3), 7, 'K', 0.9f));
    REQUIRE(still.status == MrzReadingStatus::Ambiguous);
    reader::CandidateVote vote;
    vote.Add(still.candidates, true);
    for (int i = 0; i < 7; ++i) vote.Add(still.candidates, false);
    CHECK(vote.frames() == 8);
    CHECK(vote.samples() == 1);
    const auto independent = reader::ReadIndependent(vote, Correction(), true);
    REQUIRE(independent);
    CHECK(independent->error_probability > 0.05);

    // Through the scanner: identical readings (no zone position known), and
    // readings whose zone did not move, count once in the product.
    for (bool placed : {false, true}) {
        DocumentScanner scanner(Options());
        ScanUpdate u;
        for (int i = 0; i < 8; ++i) {
            MrzReadResult r = still;
            if (placed) r.quad = {100, 50, 900, 52, 899, 120, 99, 118};
            if (placed) r.quad[0] += 0.3f * static_cast<float>(i % 2);  // sensor noise, not a new view
            u = scanner.Push(r);
            INFO("frame " << i << ": " << u.reason << " " << (u.lines.empty() ? "" : u.lines[0]));
            CHECK(u.reason.find("independent") == std::string::npos);
            CHECK(u.state != State::Done);
        }
        CHECK(u.lines != kTd3);
        CHECK(u.state != State::Done);
    }
}

TEST_CASE("a real hand-held sequence is settled exactly") {
    const std::string dir = std::string(DOCINTAKE_SOURCE_DIR) + "/examples/data/sequence/";
    std::ifstream truth_file(dir + "truth.jsonl");
    std::vector<std::string> files, truth;
    std::string line;
    while (std::getline(truth_file, line)) {
        const auto j = nlohmann::json::parse(line);
        files.push_back(j["file"].get<std::string>());
        truth = j["lines"].get<std::vector<std::string>>();
    }
    REQUIRE(files.size() >= 3);
    ScannerOptions o;
    o.reader.model_dir = DOCINTAKE_MODEL_DIR;
    DocumentScanner scanner(o);
    REQUIRE_FALSE(scanner.init_error());
    ScanUpdate u;
    for (const auto& f : files) {
        const cv::Mat img = cv::imread(dir + f, cv::IMREAD_COLOR);
        REQUIRE_FALSE(img.empty());
        u = scanner.Push(ViewOf(img));
        if (u.state != State::Reading && u.state != State::Searching) break;
    }
    if (u.state != State::Done) u = scanner.Finish();
    REQUIRE(u.state == State::Done);
    CHECK(u.lines == truth);
}

TEST_CASE("a still document whose frames are each valid alone still finishes") {
    // Repeats add no evidence, but a frame the reader found Valid on its own
    // meets the single-frame standard; two of them settle it as before.
    const MrzReadResult valid = Frame(Clean(kTd3));
    REQUIRE(valid.status == MrzReadingStatus::Valid);
    DocumentScanner scanner(Options());
    MrzReadResult r = valid;
    r.quad = {100, 50, 900, 52, 899, 120, 99, 118};
    ScanUpdate u = scanner.Push(r);
    CHECK(u.state == State::Reading);
    u = scanner.Push(r);
    REQUIRE(u.state == State::Done);
    CHECK(u.lines == kTd3);
    CHECK(u.frames_used == 2);
}
