// docintake-scan-replay: the scanner's decision on hand-held sequences, with the
// OCR done once.
//
//   docintake-scan-replay --dump --dir SET --out SET.readings.jsonl   # reads every frame once
//   docintake-scan-replay --readings SET.readings.jsonl --dir SET     # scores the scanner on them
//   docintake-scan-replay --readings R --dir SET --group 6            # single frames grouped as sequences of 6
//
// --dump keeps what DocumentScanner::Push(const MrzReadResult&) uses of each
// frame's reading (status, lines, confidence, feedback, cut-short flag, the
// per-position candidates); replaying pushes exactly those readings, so the
// scanner decides as it does on the images, at a fraction of the time. The
// replay also classifies every sequence that did not finish exact:
//   a  the exact text never came out of any frame (no frame's reading, nor any
//      frame's candidates, held it)
//   b  it did in some frame, but the scanner did not finish, or finished on
//      another text
//   c  finished wrong (also counted in b's "finished on another text")
// Synthetic documents only: printing their text is safe.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <numeric>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <docintake/opencv.h>
#include <docintake/read_mrz.h>
#include <docintake/scanner.h>

#include "reader/independent_frames.h"
#include "reader/reading_policy.h"

using namespace docintake;
using nlohmann::json;

namespace {

struct TruthFrame {
    std::string file, seed;
    int frame = 0;
    bool has_document = false, valid = false;
    std::vector<std::string> lines;
    double char_height_px = 0;
};

std::vector<TruthFrame> LoadTruth(const std::string& dir) {
    std::vector<TruthFrame> out;
    std::ifstream in(dir + "/truth.jsonl");
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        const json j = json::parse(line);
        TruthFrame t;
        t.file = j.value("file", "");
        t.seed = std::to_string(j.value("seed", 0ULL));
        t.frame = j.value("frame", 0);
        t.has_document = j.value("has_document", false);
        t.valid = j.value("valid", false);
        if (j.contains("lines") && j["lines"].is_array()) t.lines = j["lines"].get<std::vector<std::string>>();
        t.char_height_px = j.value("char_height_px", 0.0);
        out.push_back(std::move(t));
    }
    return out;
}

MrzReaderOptions BenchReaderOptions(const std::string& model_dir) {
    MrzReaderOptions o;
    o.model_dir = model_dir;
    o.parse.reference_date = 20261125;  // as docintake-bench
    return o;
}

json CandidatesJson(const MrzCandidates& c) {
    json lines = json::array();
    for (const auto& line : c.lines) {
        json positions = json::array();
        for (const auto& pos : line) {
            json cands = json::array();
            for (const auto& k : pos) cands.push_back({std::string(1, k.c), k.probability});
            positions.push_back(cands);
        }
        lines.push_back(positions);
    }
    return lines;
}

MrzCandidates CandidatesOf(const json& j) {
    MrzCandidates c;
    for (const auto& line : j) {
        std::vector<std::vector<MrzCharCandidate>> positions;
        for (const auto& pos : line) {
            std::vector<MrzCharCandidate> cands;
            for (const auto& k : pos) cands.push_back({k[0].get<std::string>()[0], k[1].get<float>()});
            positions.push_back(std::move(cands));
        }
        c.lines.push_back(std::move(positions));
    }
    return c;
}

MrzReadingStatus StatusOf(const std::string& s) {
    for (auto st : {MrzReadingStatus::Valid, MrzReadingStatus::Ambiguous, MrzReadingStatus::Invalid})
        if (s == ToString(st)) return st;
    return MrzReadingStatus::Unreadable;
}

FrameFeedback FeedbackOf(const std::string& s) {
    for (int i = 0; i <= static_cast<int>(FrameFeedback::Unreadable); ++i)
        if (s == ToString(static_cast<FrameFeedback>(i))) return static_cast<FrameFeedback>(i);
    return FrameFeedback::NoDocument;
}

int Dump(const std::string& dir, const std::string& out_path, const std::string& model_dir, int part, int parts) {
    cv::setNumThreads(1);
    MrzReader reader(BenchReaderOptions(model_dir));
    if (reader.init_error()) return std::fprintf(stderr, "%s\n", reader.init_error().message.c_str()), 1;
    std::ofstream out(out_path);
    const auto truth = LoadTruth(dir);
    for (std::size_t i = 0; i < truth.size(); ++i) {
        const TruthFrame& t = truth[i];
        if (parts > 1 && static_cast<int>(i * parts / truth.size()) != part) continue;
        const cv::Mat img = cv::imread(dir + "/" + t.file, cv::IMREAD_COLOR);
        const auto t0 = std::chrono::steady_clock::now();
        const MrzReadResult r = reader.Read(ViewOf(img));
        const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
        json j = {{"file", t.file},
                  {"status", ToString(r.status)},
                  {"lines", r.lines},
                  {"raw_lines", r.raw_lines},
                  {"doubt", r.doubt},
                  {"quad", r.quad},
                  {"confidence", r.confidence},
                  {"feedback", ToString(r.feedback)},
                  {"may_be_cut_short", r.may_be_cut_short},
                  {"error", static_cast<bool>(r.error)},
                  {"ms", ms},
                  {"candidates", CandidatesJson(r.candidates)}};
        out << j.dump() << '\n';
        if (i % 100 == 99) std::fprintf(stderr, "%zu/%zu\n", i + 1, truth.size());
    }
    return 0;
}

MrzReadResult ReadingOf(const json& j, const MrzParseOptions& parse) {
    MrzReadResult r;
    r.status = StatusOf(j.value("status", ""));
    r.lines = j["lines"].get<std::vector<std::string>>();
    r.confidence = j.value("confidence", 0.0);
    r.feedback = FeedbackOf(j.value("feedback", ""));
    r.may_be_cut_short = j.value("may_be_cut_short", false);
    r.candidates = CandidatesOf(j["candidates"]);
    if (j.contains("quad")) {
        const auto q = j["quad"].get<std::vector<float>>();
        for (std::size_t i = 0; i < q.size() && i < r.quad.size(); ++i) r.quad[i] = q[i];
    }
    if (r.status == MrzReadingStatus::Valid || r.status == MrzReadingStatus::Ambiguous) {
        MrzParseResult p = ParseMrz(r.lines, parse);
        if (!p.error) r.mrz = std::move(p.mrz);
    }
    return r;
}

// The truth among this frame's candidates (each position offers its character).
bool InLattice(const MrzCandidates& c, const std::vector<std::string>& truth) {
    if (c.lines.size() != truth.size()) return false;
    for (std::size_t l = 0; l < truth.size(); ++l) {
        if (c.lines[l].size() != truth[l].size()) return false;
        for (std::size_t p = 0; p < truth[l].size(); ++p) {
            bool offered = false;
            for (const auto& k : c.lines[l][p]) offered = offered || (k.c == truth[l][p] && k.probability >= 0.01f);
            if (!offered) return false;
        }
    }
    return true;
}

std::vector<std::string> TopText(const MrzCandidates& c) {
    std::vector<std::string> out;
    for (const auto& line : c.lines) {
        std::string s;
        for (const auto& pos : line) s.push_back(pos.empty() ? '?' : pos.front().c);
        out.push_back(s);
    }
    return out;
}

std::string Joined(const std::vector<std::string>& lines) {
    std::string s;
    for (const auto& l : lines) s += (s.empty() ? "" : " ") + l;
    return s;
}

int Replay(const std::string& dir, const std::string& readings_path, int group, int max_frames, bool verbose,
           double max_error_probability) {
    const auto truth = LoadTruth(dir);
    std::map<std::string, json> readings;
    {
        std::ifstream in(readings_path);
        std::string line;
        while (std::getline(in, line))
            if (!line.empty()) {
                json j = json::parse(line);
                const std::string file = j["file"].get<std::string>();
                readings[file] = std::move(j);
            }
    }
    // Sequences: by seed, or consecutive single frames grouped.
    std::map<std::string, std::vector<const TruthFrame*>> sequences;
    for (std::size_t i = 0; i < truth.size(); ++i) {
        const std::string key = group > 0 ? std::to_string(100000 + i / group) : truth[i].seed;
        sequences[key].push_back(&truth[i]);
    }
    ScannerOptions options;
    options.reader = BenchReaderOptions("");
    if (max_error_probability >= 0) options.max_error_probability = max_error_probability;
    DocumentScanner scanner(options);
    int n = 0, exact = 0, wrong = 0, not_done = 0, class_a = 0, class_b = 0, class_c = 0;
    int nodoc_seqs = 0, nodoc_done = 0, misprint = 0, misprint_done = 0;
    int frame_exact_any = 0, frame_lattice_any = 0;
    std::vector<double> frames_to_done, push_ms, read_ms;
    auto median = [](std::vector<double> v) {
        if (v.empty()) return 0.0;
        std::sort(v.begin(), v.end());
        return v[v.size() / 2];
    };
    for (auto& [key, frames] : sequences) {
        std::sort(frames.begin(), frames.end(), [](auto* a, auto* b) { return a->frame < b->frame; });
        scanner.Reset();
        ScanUpdate u;
        bool finished = false;
        bool any_exact = false, any_lattice = false;
        std::vector<std::string> frame_notes;
        const TruthFrame& t0 = *frames.front();
        int pushed = 0;
        for (const TruthFrame* f : frames) {
            if (max_frames > 0 && pushed >= max_frames) break;
            const json& j = readings.at(f->file);
            const MrzReadResult r = ReadingOf(j, options.reader.parse);
            any_exact = any_exact || r.lines == t0.lines;
            any_lattice = any_lattice || InLattice(r.candidates, t0.lines);
            frame_notes.push_back(std::string(ToString(r.status)) + (r.lines == t0.lines ? "=" : "") +
                                  (InLattice(r.candidates, t0.lines) ? "L" : ""));
            ++pushed;
            if (finished) continue;
            const auto push_start = std::chrono::steady_clock::now();
            u = scanner.Push(r);
            push_ms.push_back(
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - push_start).count());
            read_ms.push_back(j.value("ms", 0.0));
            if (u.state == ScanUpdate::State::Done || u.state == ScanUpdate::State::Failed) finished = true;
        }
        if (!finished) u = scanner.Finish();
        const bool done = u.state == ScanUpdate::State::Done;
        if (!t0.has_document) {
            ++nodoc_seqs;
            nodoc_done += done;
            if (done) std::printf("NODOC DONE %s: %s\n", key.c_str(), Joined(u.lines).c_str());
            continue;
        }
        if (!t0.valid) {
            ++misprint;
            misprint_done += done;
            if (done) std::printf("MISPRINT DONE %s: %s\n", key.c_str(), Joined(u.lines).c_str());
            continue;
        }
        ++n;
        frame_exact_any += any_exact;
        frame_lattice_any += any_lattice;
        if (done && u.lines == t0.lines) {
            ++exact;
            frames_to_done.push_back(u.frames_seen);
            continue;
        }
        const char* cls = "";
        if (done) {
            ++wrong;
            ++class_c;
            cls = "c";
        } else if (any_exact || any_lattice) {
            ++class_b;
            cls = "b";
        } else {
            ++class_a;
            cls = "a";
        }
        ++not_done;
        std::string notes;
        for (const auto& s : frame_notes) notes += s + " ";
        std::printf("FAIL %s class %s h=%.1f frames[%s] reason: %s\n", key.c_str(), cls, t0.char_height_px,
                    notes.c_str(), u.reason.c_str());
        if (verbose) {
            std::printf("  truth %s\n", Joined(t0.lines).c_str());
            reader::CandidateVote vote;
            for (const TruthFrame* f : frames) {
                const MrzReadResult r = ReadingOf(readings.at(f->file), options.reader.parse);
                if (!r.may_be_cut_short && !r.candidates.lines.empty()) vote.Add(r.candidates);
            }
            MrzCorrectionOptions co = options.reader.correction;
            co.parse = options.reader.parse;
            if (const auto ind = reader::ReadIndependent(vote, co, true)) {
                const char* doubt = nullptr;
                reader::FinalStatus(ind->correction, true, &doubt);
                std::printf("  independent (%d frames): %s %s P(wrong) %.3g conf %.4f doubt %s\n", vote.frames(),
                            ToString(ind->status), Joined(ind->correction.mrz.lines).c_str(), ind->error_probability,
                            ind->correction.confidence, doubt ? doubt : "-");
                const MrzCandidates post = vote.Independent();
                for (std::size_t l = 0; l < post.lines.size() && l < t0.lines.size(); ++l)
                    for (std::size_t i = 0; i < post.lines[l].size() && i < t0.lines[l].size(); ++i) {
                        const auto& cell = post.lines[l][i];
                        if (cell.empty() || cell.front().probability < 0.9999f || cell.front().c != t0.lines[l][i]) {
                            std::printf("    %zu:%zu truth %c:", l, i, t0.lines[l][i]);
                            for (const auto& k : cell)
                                if (k.probability > 1e-5f) std::printf(" %c %.5f", k.c, k.probability);
                            std::printf("\n");
                        }
                    }
            }
            for (const TruthFrame* f : frames) {
                const json& j = readings.at(f->file);
                const MrzCandidates c = CandidatesOf(j["candidates"]);
                std::printf("  f%d %-9s top %s | %s\n", f->frame, j.value("status", "").c_str(), Joined(TopText(c)).c_str(),
                            j.value("doubt", "").c_str());
            }
        }
    }
    not_done -= wrong;
    const json summary = {{"sequences", n},
                          {"done_exact", exact},
                          {"done_wrong", wrong},
                          {"not_done", not_done},
                          {"class_a_never_in_any_frame", class_a},
                          {"class_b_in_some_frame_not_finished", class_b},
                          {"class_c_finished_wrong", class_c},
                          {"truth_read_by_some_frame", frame_exact_any},
                          {"truth_in_some_frame_candidates", frame_lattice_any},
                          {"frames_to_done_median",
                           frames_to_done.empty() ? 0.0
                                                  : (std::sort(frames_to_done.begin(), frames_to_done.end()),
                                                     frames_to_done[frames_to_done.size() / 2])},
                          {"scanner_ms_per_push_median", median(push_ms)},
                          {"scanner_ms_per_push_mean", push_ms.empty() ? 0.0 : std::accumulate(push_ms.begin(), push_ms.end(), 0.0) / static_cast<double>(push_ms.size())},
                          {"read_ms_median_when_dumped", median(read_ms)},
                          {"misprinted_sequences", misprint},
                          {"misprinted_done", misprint_done},
                          {"nodoc_sequences", nodoc_seqs},
                          {"nodoc_done", nodoc_done}};
    std::printf("%s\n", summary.dump().c_str());
    return wrong == 0 && misprint_done == 0 && nodoc_done == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"the scanner on hand-held sequences, OCR done once"};
    std::string dir, out, readings, model_dir = DOCINTAKE_MODEL_DIR;
    bool dump = false, verbose = false;
    int group = 0, max_frames = 0, part = 0, parts = 1;
    double max_error_probability = -1;
    app.add_flag("--dump", dump, "read every frame of --dir and write the readings to --out");
    app.add_option("--dir", dir, "a generated set (truth.jsonl)")->required();
    app.add_option("--out", out, "readings file to write (--dump)");
    app.add_option("--readings", readings, "readings file to replay");
    app.add_option("--model-dir", model_dir, "folder with mrz.traineddata")->capture_default_str();
    app.add_option("--group", group, "single frames: push consecutive frames as sequences of this many");
    app.add_option("--max-frames", max_frames, "push at most this many frames of each sequence");
    app.add_option("--part", part, "--dump: read only this part (0-based) of --parts equal slices of the set");
    app.add_option("--parts", parts, "--dump: slices (run one process per part, concatenate the outputs)");
    app.add_option("--max-error-probability", max_error_probability,
                   "ScannerOptions::max_error_probability (0: the independent-frames path off; default: the library's)");
    app.add_flag("--verbose", verbose, "print every failing sequence's frames");
    CLI11_PARSE(app, argc, argv);
    if (dump) return Dump(dir, out, model_dir, part, parts);
    if (readings.empty()) return std::fprintf(stderr, "--dump or --readings\n"), 2;
    return Replay(dir, readings, group, max_frames, verbose, max_error_probability);
}
