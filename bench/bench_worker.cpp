// The measuring side of docintake-bench: one configuration (model, set, mode)
// per process, so that peak memory and warm caches do not mix between
// configurations. Prints one JSON object on stdout.

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <docintake/opencv.h>
#include <docintake/read_mrz.h>
#include <docintake/scanner.h>

#include "bench_common.h"

namespace docintake::bench {
namespace {

using Clock = std::chrono::steady_clock;

double MsSince(Clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

MrzReaderOptions ReaderOptions(const std::string& model_name, const std::string& model_dir,
                                double min_char_height_px = 0) {
    MrzReaderOptions o;
    if (min_char_height_px > 0) o.min_char_height_px = min_char_height_px;
    o.model_name = model_name;
    o.model_dir = model_dir;
    o.parse.reference_date = 20261125;  // fixed, so that a rerun next year scores the same
    return o;
}

nlohmann::json Environment() {
    const char* omp = std::getenv("OMP_THREAD_LIMIT");
    return {{"omp_thread_limit", omp ? omp : "unset"}, {"cv_threads", cv::getNumThreads()}};
}

FrameOutcome Score(const FrameItem& item, const MrzReadResult& r, double ms) {
    FrameOutcome o;
    o.has_truth = item.has_truth;
    o.has_document = item.has_document;
    o.truth_valid = item.truth_valid;
    o.char_height_px = item.char_height_px;
    o.is_1080p = item.width == 1920 && item.height == 1080;
    o.label = item.label;
    o.tags = item.tags;
    o.file = std::filesystem::path(item.path).filename().string();
    o.found = !r.lines.empty();
    o.reported_valid = r.status == MrzReadingStatus::Valid;
    o.ms = ms;
    o.locate_ms = r.timings.locate_ms;
    o.ocr_ms = r.timings.ocr_ms;
    o.correct_ms = r.timings.correct_ms;
    o.feedback = ToString(r.feedback);
    o.status = ToString(r.status);
    if (item.has_truth && item.has_document) {
        o.exact = r.lines == item.lines;
        for (const auto& l : item.lines) o.chars += static_cast<int>(l.size());
        o.errors_final = o.found ? MrzEditDistance(r.lines, item.lines) : o.chars;
        o.errors_raw = r.raw_lines.empty() ? o.chars : MrzEditDistance(r.raw_lines, item.lines);
        ScoreLines(r.lines, item.lines, o);
    }
    return o;
}

// How often the OCR's top choice is right at each confidence: per cell of the
// frames whose candidates have the truth's shape (line count and lengths).
constexpr double kCalibrationEdges[] = {0.5, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99};

struct Calibration {
    std::vector<long> n = std::vector<long>(std::size(kCalibrationEdges) + 1, 0);
    std::vector<long> right = n;

    void Add(const MrzCandidates& c, const std::vector<std::string>& truth) {
        if (c.lines.size() != truth.size()) return;
        for (size_t l = 0; l < truth.size(); ++l)
            if (c.lines[l].size() != truth[l].size()) return;
        for (size_t l = 0; l < truth.size(); ++l)
            for (size_t i = 0; i < truth[l].size(); ++i) {
                const auto& cell = c.lines[l][i];
                const double p = cell.empty() ? 0.0 : cell.front().probability;
                const size_t b = static_cast<size_t>(
                    std::upper_bound(std::begin(kCalibrationEdges), std::end(kCalibrationEdges), p) - std::begin(kCalibrationEdges));
                ++n[b];
                right[b] += !cell.empty() && cell.front().c == truth[l][i];
            }
    }

    nlohmann::json ToJson() const {
        nlohmann::json rows = nlohmann::json::array();
        for (size_t b = 0; b < n.size(); ++b)
            rows.push_back({{"from", b == 0 ? 0.0 : kCalibrationEdges[b - 1]}, {"n", n[b]}, {"right", right[b]}});
        return rows;
    }
};

// Per image: status, and line by line against the sidecar where there is one.
// No text: the report shows counts only.
nlohmann::json ImageScores(const std::vector<FrameOutcome>& outcomes) {
    nlohmann::json images = nlohmann::json::array();
    for (const FrameOutcome& o : outcomes) {
        nlohmann::json j = {{"file", o.file}, {"truth", o.has_truth}, {"status", o.status}, {"feedback", o.feedback},
                            {"found", o.found}};
        if (o.has_truth)
            j.update({{"truth_valid", o.truth_valid}, {"exact", o.exact}, {"lines", o.lines}, {"lines_exact", o.lines_exact},
                      {"chars", o.chars}, {"chars_right", o.chars_right}});
        images.push_back(j);
    }
    return images;
}

}  // namespace

int RunFramesWorker(const std::string& dir, bool synthetic, const std::string& model_name,
                    const std::string& model_dir, const std::string& details_path, double min_char_height_px) {
    cv::setNumThreads(1);
    const std::vector<FrameItem> items = synthetic ? LoadSynthFolder(dir) : LoadImageFolder(dir);
    const Clock::time_point t_init = Clock::now();
    MrzReader reader(ReaderOptions(model_name, model_dir, min_char_height_px));
    const double init_ms = MsSince(t_init);
    if (reader.init_error()) {
        std::printf("%s\n", nlohmann::json{{"error", reader.init_error().message}}.dump().c_str());
        return 1;
    }
    FILE* details = details_path.empty() ? nullptr : std::fopen(details_path.c_str(), "w");
    std::vector<FrameOutcome> outcomes;
    Calibration calibration;
    double first_read_ms = 0;
    for (size_t i = 0; i < items.size(); ++i) {
        const cv::Mat img = cv::imread(items[i].path, cv::IMREAD_COLOR);
        if (img.empty()) {
            std::fprintf(stderr, "cannot read %s\n", items[i].path.c_str());
            return 1;
        }
        if (i == 0) {  // the first call pays Tesseract's lazy set-up: measured, not counted
            const Clock::time_point t = Clock::now();
            reader.Read(ViewOf(img));
            first_read_ms = MsSince(t);
        }
        const double cpu0 = ProcessCpuMs();
        const Clock::time_point t = Clock::now();
        const MrzReadResult r = reader.Read(ViewOf(img));
        const double ms = MsSince(t);
        const double cpu_ms = ProcessCpuMs() - cpu0;
        outcomes.push_back(Score(items[i], r, ms));
        outcomes.back().cpu_ms = cpu_ms;
        if (items[i].has_truth && items[i].has_document) calibration.Add(r.candidates, items[i].lines);
        if (details) {
            const FrameOutcome& o = outcomes.back();
            // The OCR's choices where the reading is unsure: what a policy change would weigh.
            nlohmann::json uncertain = nlohmann::json::array();
            for (const MrzCorrection& u : r.uncertain) {
                nlohmann::json choices = nlohmann::json::array();
                const auto l = static_cast<size_t>(u.line);
                const auto p = static_cast<size_t>(u.position);
                if (l < r.candidates.lines.size() && p < r.candidates.lines[l].size())
                    for (const MrzCharCandidate& c : r.candidates.lines[l][p])
                        choices.push_back({std::string(1, c.c), std::round(c.probability * 1000) / 1000});
                uncertain.push_back({{"line", u.line}, {"pos", u.position}, {"field", u.field},
                                     {"to", std::string(1, u.to)}, {"choices", choices}});
            }
            const nlohmann::json d = {{"file", items[i].path}, {"status", o.status}, {"feedback", o.feedback},
                                      {"exact", o.exact}, {"truth", items[i].lines}, {"lines", r.lines},
                                      {"raw", r.raw_lines}, {"char_height_px", items[i].char_height_px},
                                      {"doubt", r.doubt}, {"uncertain", uncertain}, {"ms", ms}};
            std::fprintf(details, "%s\n", d.dump().c_str());
        }
    }
    if (details) std::fclose(details);
    nlohmann::json j = Summarize(outcomes);
    j["model"] = model_name;
    j["set"] = dir;
    if (!synthetic) j["images"] = ImageScores(outcomes);  // real images: few, reported one by one
    j["calibration"] = calibration.ToJson();
    j["init_ms"] = init_ms;
    j["first_read_ms"] = first_read_ms;
    j["peak_rss_mb"] = PeakRssMb();
    j["env"] = Environment();
    std::printf("%s\n", j.dump().c_str());
    return 0;
}

int RunScannerWorker(const std::string& dir, const std::string& model_name, const std::string& model_dir) {
    cv::setNumThreads(1);
    std::map<std::string, std::vector<FrameItem>> sequences;
    for (FrameItem& f : LoadSynthFolder(dir))
        if (f.has_document) sequences[f.group].push_back(std::move(f));
    ScannerOptions options;
    options.reader = ReaderOptions(model_name, model_dir);
    DocumentScanner scanner(options);
    if (scanner.init_error()) {
        std::printf("%s\n", nlohmann::json{{"error", scanner.init_error().message}}.dump().c_str());
        return 1;
    }
    int n = 0, correct = 0, wrong = 0, failed = 0, invalid_n = 0, invalid_done = 0;
    std::map<std::string, std::pair<int, int>> by_bucket;  // bucket -> (n, correct)
    std::vector<double> push_ms, push_cpu_ms, frames_to_done, ms_to_done;
    std::vector<std::string> wrong_seeds;  // synthetic documents: safe to name
    for (auto& [seed, frames] : sequences) {
        std::sort(frames.begin(), frames.end(), [](const FrameItem& a, const FrameItem& b) { return a.frame < b.frame; });
        scanner.Reset();
        ScanUpdate u;
        double total = 0;
        bool finished = false;
        for (const FrameItem& f : frames) {
            const cv::Mat img = cv::imread(f.path, cv::IMREAD_COLOR);
            const double cpu0 = ProcessCpuMs();
            const Clock::time_point t = Clock::now();
            u = scanner.Push(ViewOf(img));
            const double ms = MsSince(t);
            push_ms.push_back(ms);
            push_cpu_ms.push_back(ProcessCpuMs() - cpu0);
            total += ms;
            if (u.state == ScanUpdate::State::Done || u.state == ScanUpdate::State::Failed) {
                finished = true;
                break;
            }
        }
        if (!finished) u = scanner.Finish();
        const FrameItem& truth = frames.front();
        const bool done = u.state == ScanUpdate::State::Done;
        if (!truth.truth_valid) {
            ++invalid_n;
            invalid_done += done;
            continue;
        }
        ++n;
        auto& b = by_bucket[HeightBucket(truth.char_height_px)];
        ++b.first;
        if (done && u.lines == truth.lines) {
            ++correct;
            ++b.second;
            frames_to_done.push_back(u.frames_seen);
            ms_to_done.push_back(total);
        } else if (done) {
            ++wrong;
            wrong_seeds.push_back(seed);
            std::string got, want;
            for (const auto& l : u.lines) got += l + " ";
            for (const auto& l : truth.lines) want += l + " ";
            std::fprintf(stderr, "scanner Done with a wrong reading, seed %s after %d frames:\n  read  %s\n  truth %s\n",
                         seed.c_str(), u.frames_seen, got.c_str(), want.c_str());
        } else {
            ++failed;
        }
    }
    nlohmann::json j = {{"model", model_name}, {"set", dir}, {"sequences", n}, {"correct", correct},
                        {"wrong_done", wrong}, {"failed", failed}, {"invalid_truth", invalid_n},
                        {"invalid_truth_done", invalid_done}, {"peak_rss_mb", PeakRssMb()}, {"env", Environment()}};
    for (const auto& [name, c] : by_bucket) j["buckets"][name] = {{"n", c.first}, {"correct", c.second}};
    j["push_ms_median"] = push_ms.empty() ? 0.0 : Percentile(push_ms, 50);
    j["push_ms_p95"] = push_ms.empty() ? 0.0 : Percentile(push_ms, 95);
    j["wrong_done_seeds"] = wrong_seeds;
    j["push_cpu_ms_median"] = push_cpu_ms.empty() ? 0.0 : Percentile(push_cpu_ms, 50);
    j["frames_to_done_median"] = frames_to_done.empty() ? 0.0 : Percentile(frames_to_done, 50);
    j["frames_to_done_p95"] = frames_to_done.empty() ? 0.0 : Percentile(frames_to_done, 95);
    j["ms_to_done_median"] = ms_to_done.empty() ? 0.0 : Percentile(ms_to_done, 50);
    std::printf("%s\n", j.dump().c_str());
    return 0;
}

}  // namespace docintake::bench
