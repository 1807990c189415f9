// docintake-bench: read rate, character accuracy, wrong-but-valid reads, time
// per frame and peak memory of the MRZ reader, side by side with a baseline
// (stock Tesseract `eng` with a character whitelist on the same located lines),
// on generated sets and on the shared real images. Also the multi-frame scanner
// on generated hand-held sequences and the time per frame without a document.
//
//   docintake-bench                      # the standard run (bench/run.sh)
//   docintake-bench --camera 50 --hard 20 --nodoc 20 --sequences 10
//   docintake-bench --set DIR            # a folder with truth.jsonl, or images with NAME.txt
//   docintake-bench --test               # the standard run plus the SEALED test set: once, at an issue's end
//
// Generated sets are cached in --data (deterministic: same seeds, same frames).
// Each configuration runs in a fresh process of this program (--worker), with
// OMP_THREAD_LIMIT=1 and cv::setNumThreads(1), so timings are single-threaded
// and the peak RSS of one configuration does not include another's.

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>

#include <CLI/CLI.hpp>
#include <opencv2/imgcodecs.hpp>

#include "bench_common.h"
#include "bench_report.h"
#include "synth/synth.h"
#include "truth.h"

namespace fs = std::filesystem;
using namespace docintake;
using namespace docintake::bench;

namespace {

std::string SelfPath() {
    char buf[4096];
    const ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
    return n > 0 ? std::string(buf, static_cast<size_t>(n)) : std::string("docintake-bench");
}

std::string Quote(const std::string& s) {
    std::string q = "'";
    for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

// Generates a set once; a marker file says it is complete and what it holds.
std::string EnsureSet(const std::string& data, const std::string& name, synth::Profile profile, std::uint64_t first,
                      int count, int frames, bool force_1080p) {
    const fs::path dir = fs::path(data) / (name + "-" + std::to_string(first) + "-n" + std::to_string(count) +
                                           (frames > 1 ? "x" + std::to_string(frames) : ""));
    const std::string key = std::string(synth::ToString(profile)) + " " + std::to_string(first) + " " +
                            std::to_string(count) + " " + std::to_string(frames) + (force_1080p ? " 1080p" : "") + " v2";
    const fs::path marker = dir / "COMPLETE";
    {
        std::ifstream in(marker);
        std::string have;
        if (in && std::getline(in, have) && have == key) return dir.string();
    }
    std::fprintf(stderr, "generating %s (%d x %d frames)...\n", dir.c_str(), count, frames);
    fs::remove_all(dir);
    fs::create_directories(dir);
    std::ofstream truth(dir / "truth.jsonl");
    for (int i = 0; i < count; ++i) {
        const std::uint64_t seed = first + static_cast<std::uint64_t>(i);
        synth::SynthSpec spec = synth::MakeSpec(profile, seed);
        if (force_1080p) spec.frame_size = {1920, 1080};
        const synth::SynthSequence seq(spec);
        for (int f = 0; f < frames; ++f) {
            const synth::SynthDocument doc = seq.Frame(f);
            const std::string file = std::to_string(seed) + "_" + std::to_string(f) + ".jpg";
            cv::imwrite((dir / file).string(), doc.frame, {cv::IMWRITE_JPEG_QUALITY, 95});
            truth << ToJson(MakeRecord(doc, file, synth::ToString(profile), seed, f)).dump() << '\n';
        }
    }
    truth.close();
    std::ofstream(marker) << key << '\n';
    return dir.string();
}

nlohmann::json RunWorker(const std::string& args) {
    const std::string cmd = Quote(SelfPath()) + " " + args;
    FILE* pipe = popen(cmd.c_str(), "r");
    if (!pipe) return {{"error", "cannot start " + cmd}};
    std::string out;
    char buf[65536];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
    const int rc = pclose(pipe);
    // The worker prints one JSON object as its last line.
    const size_t last = out.find_last_not_of('\n');
    if (last == std::string::npos) return {{"error", "worker printed nothing (" + std::to_string(rc) + "): " + cmd}};
    const size_t first = out.rfind('\n', last);
    try {
        nlohmann::json j = nlohmann::json::parse(out.substr(first == std::string::npos ? 0 : first + 1));
        if (rc != 0 && !j.contains("error")) j["error"] = "worker exited with " + std::to_string(rc);
        return j;
    } catch (const std::exception&) {
        return {{"error", "worker failed (" + std::to_string(rc) + "): " + cmd}};
    }
}

nlohmann::json Frames(const std::string& dir, bool synthetic, const std::string& model, const std::string& model_dir,
                      const std::string& details) {
    std::fprintf(stderr, "reading %s with %s...\n", dir.c_str(), model.c_str());
    std::string args = "--worker frames --dir " + Quote(dir) + " --model " + Quote(model);
    if (synthetic) args += " --synthetic";
    if (!model_dir.empty()) args += " --model-dir " + Quote(model_dir);
    if (!details.empty()) args += " --details " + Quote(details);
    return RunWorker(args);
}

// The sealed test set (docs/benchmarks.md, "The sealed test set"): seeds and
// generator settings never used in development. Read only with --test, once,
// at the end of an issue, in the recorded run.
struct TestSetSizes {
    int frames = 500, nodoc = 50, sequences = 300;
};

void RunTestSets(Report& report, const std::string& data, const std::vector<std::string>& models,
                 const std::string& model_dir, const TestSetSizes& n, int sequence_frames, bool generate_only,
                 const std::function<std::string(const std::string&, const std::string&)>& details_for) {
    constexpr std::uint64_t kFrames = 700000, kNoDoc = 710000, kSequences = 720000;
    auto frames_dir = [&] { return EnsureSet(data, "test", synth::Profile::Test, kFrames, n.frames, 1, false); };
    auto nodoc_dir = [&] { return EnsureSet(data, "testnodoc", synth::Profile::TestNoDoc, kNoDoc, n.nodoc, 1, true); };
    auto seq_dir = [&] {
        return EnsureSet(data, "testsequences", synth::Profile::Test, kSequences, n.sequences, sequence_frames, false);
    };
    if (generate_only) {
        if (n.frames > 0) frames_dir();
        if (n.nodoc > 0) nodoc_dir();
        if (n.sequences > 0) seq_dir();
        return;
    }
    if (n.frames > 0) {
        const std::string d = frames_dir();
        std::vector<nlohmann::json> results;
        for (const auto& m : models) results.push_back(Frames(d, true, m, model_dir, details_for("test", m)));
        report.FrameSet("SEALED TEST SET 'test', seeds " + std::to_string(kFrames) + "-" + std::to_string(kFrames + static_cast<std::uint64_t>(n.frames) - 1),
                        results, true);
    }
    if (n.nodoc > 0) {
        const std::string d = nodoc_dir();
        report.NoDocument(Frames(d, true, models.front(), model_dir, details_for("testnodoc", models.front())),
                          "SEALED TEST SET 'testnodoc', seeds " + std::to_string(kNoDoc) + "-" +
                              std::to_string(kNoDoc + static_cast<std::uint64_t>(n.nodoc) - 1));
    }
    if (n.sequences > 0) {
        const std::string d = seq_dir();
        std::fprintf(stderr, "scanning %s...\n", d.c_str());
        std::string args = "--worker scanner --dir " + Quote(d) + " --model " + Quote(models.front());
        if (!model_dir.empty()) args += " --model-dir " + Quote(model_dir);
        report.Scanner(RunWorker(args), sequence_frames,
                       "SEALED TEST SET 'test' profile, seeds " + std::to_string(kSequences) + "-" +
                           std::to_string(kSequences + static_cast<std::uint64_t>(n.sequences) - 1));
    }
}

// The real images' MRZs cut out by the hand-checked rectangles of bench/real_mrz_crops.tsv.
void RunRealCrops(Report& report, const std::string& real, const std::string& tsv, const std::string& data,
                  const std::vector<std::string>& models, const std::string& model_dir,
                  const std::function<std::string(const std::string&, const std::string&)>& details_for) {
    const std::string dir = (fs::path(data) / "real-mrz-crops").string();
    const int crops = MakeRealCrops(real, tsv, dir);
    if (crops <= 0) {
        std::printf("\nMRZ crops of the real images: none made from %s, skipped\n", tsv.c_str());
        return;
    }
    std::vector<nlohmann::json> results;
    for (const auto& m : models) results.push_back(Frames(dir, false, m, model_dir, details_for("real-crops", m)));
    report.RealImages(dir, results, "MRZ crops of the real images (" + std::string(fs::path(tsv).filename()) + ")");
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"docintake benchmark: MRZ read rate, accuracy, speed and memory vs a stock-Tesseract baseline"};
    std::string worker, dir, model = "mrz", model_dir, details, data, real = DOCINTAKE_SHARED_DATA_DIR "/mrz-images";
    std::string details_dir;
    bool synthetic = false, generate_only = false;
    double min_char_height = 0;
    int camera = 300, hard = 100, nodoc = 50, sequences = 300, sequence_frames = 6;
    bool test = false;
    TestSetSizes test_sizes;
    std::string crops_tsv = DOCINTAKE_BENCH_SOURCE_DIR "/real_mrz_crops.tsv";
    std::vector<std::string> models = {"mrz", "eng"}, sets;
    app.add_option("--worker", worker, "internal: frames or scanner");
    app.add_option("--dir", dir, "internal: the set a worker reads");
    app.add_option("--model", model, "internal: the model a worker uses");
    app.add_flag("--synthetic", synthetic, "internal: --dir has a truth.jsonl");
    app.add_option("--min-char-height", min_char_height, "frames worker: MrzReaderOptions::min_char_height_px (0: default)");
    app.add_option("--details", details, "internal: per-frame JSONL");
    app.add_option("--model-dir", model_dir, "folder with mrz.traineddata (default: the library's search)");
    app.add_option("--data", data, "cache of generated sets (default: bench-data next to bin/)");
    app.add_option("--camera", camera, "frames of the 'camera' set (the target set)")->capture_default_str();
    app.add_option("--hard", hard, "frames of the 'hard' set")->capture_default_str();
    app.add_option("--nodoc", nodoc, "frames without a document (1920x1080)")->capture_default_str();
    app.add_option("--sequences", sequences, "hand-held sequences for the scanner")->capture_default_str();
    app.add_option("--sequence-frames", sequence_frames, "frames per sequence")->capture_default_str();
    app.add_option("--real", real, "folder of real images (NAME.mrz.txt sidecars give exact truth); '' to skip");
    app.add_option("--models", models, "models to compare")->delimiter(',')->capture_default_str();
    app.add_option("--set", sets, "benchmark only these folders (truth.jsonl, or images with NAME.txt sidecars)");
    app.add_option("--details-dir", details_dir, "write per-frame JSONL of every configuration here");
    app.add_flag("--generate-only", generate_only, "only generate (cache) the standard sets (and the test sets with --test)");
    app.add_flag("--test", test, "also generate and read the SEALED test sets (run once, at the end of an issue: docs/benchmarks.md)");
    app.add_option("--test-frames", test_sizes.frames, "frames of the sealed test set (seeds from 700000)")->capture_default_str();
    app.add_option("--test-nodoc", test_sizes.nodoc, "no-document frames of the sealed test set (seeds from 710000)")->capture_default_str();
    app.add_option("--test-sequences", test_sizes.sequences, "sequences of the sealed test set (seeds from 720000)")->capture_default_str();
    app.add_option("--real-crops", crops_tsv, "TSV of MRZ rectangles in the --real images; '' to skip")->capture_default_str();
    CLI11_PARSE(app, argc, argv);

    if (worker == "frames") return RunFramesWorker(dir, synthetic, model, model_dir, details, min_char_height);
    if (worker == "scanner") return RunScannerWorker(dir, model, model_dir);
    if (!worker.empty()) return std::fprintf(stderr, "unknown worker %s\n", worker.c_str()), 2;

    setenv("OMP_THREAD_LIMIT", "1", 1);  // inherited by the workers (read when libgomp loads)
    if (data.empty()) data = (fs::path(SelfPath()).parent_path().parent_path() / "bench-data").string();
    if (!details_dir.empty()) fs::create_directories(details_dir);
    auto details_for = [&](const std::string& set, const std::string& m) {
        return details_dir.empty() ? std::string() : (fs::path(details_dir) / (set + "-" + m + ".jsonl")).string();
    };

    Report report(models);
    if (!sets.empty()) {
        report.Header();
        for (const std::string& s : sets) {
            const bool syn = fs::exists(fs::path(s) / "truth.jsonl");
            std::vector<nlohmann::json> results;
            for (const auto& m : models) results.push_back(Frames(s, syn, m, model_dir, details_for(fs::path(s).filename().string(), m)));
            report.FrameSet(s, results, syn);
        }
        return report.ok() ? 0 : 1;
    }

    struct Gen {
        const char* name;
        synth::Profile profile;
        std::uint64_t first;
        int count;
    };
    const std::vector<Gen> gens = {Gen{"camera", synth::Profile::Camera, 100000, camera}, Gen{"hard", synth::Profile::Hard, 200000, hard}};
    auto gen_dir = [&](const Gen& g) {
        return EnsureSet(data, g.name, g.profile, g.first, g.count, 1, false);
    };
    auto nodoc_dir = [&] { return EnsureSet(data, "nodoc", synth::Profile::NoDoc, 300000, nodoc, 1, true); };
    auto seq_dir = [&] {
        return EnsureSet(data, "sequences", synth::Profile::Camera, 400000, sequences, sequence_frames, false);
    };
    if (generate_only) {
        for (const Gen& g : gens)
            if (g.count > 0) gen_dir(g);
        if (nodoc > 0) nodoc_dir();
        if (sequences > 0) seq_dir();
        if (test) RunTestSets(report, data, models, model_dir, test_sizes, sequence_frames, true, details_for);
        return 0;
    }
    report.Header();
    for (const Gen& g : gens) {
        if (g.count <= 0) continue;
        const std::string d = gen_dir(g);
        std::vector<nlohmann::json> results;
        for (const auto& m : models) results.push_back(Frames(d, true, m, model_dir, details_for(g.name, m)));
        report.FrameSet(std::string("synthetic '") + g.name + "', seeds " + std::to_string(g.first) + "-" +
                            std::to_string(g.first + static_cast<std::uint64_t>(g.count) - 1),
                        results, true);
    }
    if (nodoc > 0) {
        const std::string d = nodoc_dir();
        report.NoDocument(Frames(d, true, models.front(), model_dir, details_for("nodoc", models.front())));
    }
    if (sequences > 0) {
        const std::string d = seq_dir();
        std::fprintf(stderr, "scanning %s...\n", d.c_str());
        std::string args = "--worker scanner --dir " + Quote(d) + " --model " + Quote(models.front());
        if (!model_dir.empty()) args += " --model-dir " + Quote(model_dir);
        report.Scanner(RunWorker(args), sequence_frames);
    }
    if (!real.empty() && fs::is_directory(real)) {
        std::vector<nlohmann::json> results;
        for (const auto& m : models) results.push_back(Frames(real, false, m, model_dir, details_for("real", m)));
        report.RealImages(real, results);
        if (!crops_tsv.empty()) RunRealCrops(report, real, crops_tsv, data, models, model_dir, details_for);
    } else if (!real.empty()) {
        std::printf("\nreal images: %s not present, skipped\n", real.c_str());
    }
    if (test) RunTestSets(report, data, models, model_dir, test_sizes, sequence_frames, false, details_for);
    return report.ok() ? 0 : 1;
}
