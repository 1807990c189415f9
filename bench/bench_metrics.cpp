// Loading frames with their truth, scoring readings, aggregating figures.

#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>

#include <docintake/mrz.h>

#include "bench_common.h"
#include "truth.h"

namespace fs = std::filesystem;

namespace docintake::bench {

namespace {

double Effect(const TruthRecord& r, const char* name) {
    for (const auto& [n, v] : r.effects)
        if (n == name) return v;
    return 0;
}

// The conditions the report breaks the read rate down by.
std::vector<std::string> Conditions(const TruthRecord& r) {
    std::vector<std::string> tags;
    if (!r.has_document) return tags;
    tags.push_back("format " + r.format);
    const double rot = std::abs(std::remainder(Effect(r, "rotation_deg"), 360.0));
    tags.push_back(rot < 20 ? "rotation within 20 deg" : rot > 160 ? "upside down (+-20 deg)" : "rotation 20-160 deg");
    const double tilt = std::max(std::abs(Effect(r, "tilt_x_deg")), std::abs(Effect(r, "tilt_y_deg")));
    if (tilt > 15) tags.push_back("tilt > 15 deg");
    if (Effect(r, "defocus_px") > 1.5) tags.push_back("defocus > 1.5 px");
    if (Effect(r, "motion_px") > 2) tags.push_back("motion blur > 2 px");
    if (Effect(r, "glare_over_mrz") > 0) tags.push_back("glare on the MRZ");
    if (Effect(r, "exposure") > 0) tags.push_back("low light");
    if (Effect(r, "shadow") > 0) tags.push_back("cast shadow");
    if (Effect(r, "jpeg_quality") > 0 && Effect(r, "jpeg_quality") < 70) tags.push_back("JPEG quality < 70");
    if (r.width * r.height > 1920 * 1080) tags.push_back("frame larger than 1080p");
    // The sealed test set's own scenes and light (synth.h: Backdrop, Lighting).
    if (const int b = static_cast<int>(Effect(r, "test_backdrop")); b > 0)
        tags.push_back(std::string("test backdrop: ") + synth::ToString(static_cast<synth::Backdrop>(b)));
    if (const int l = static_cast<int>(Effect(r, "test_lighting")); l > 0)
        tags.push_back(std::string("test light: ") + synth::ToString(static_cast<synth::Lighting>(l)));
    return tags;
}

}  // namespace

std::vector<FrameItem> LoadSynthFolder(const std::string& dir) {
    std::vector<FrameItem> out;
    for (const TruthRecord& r : ReadTruthFile((fs::path(dir) / "truth.jsonl").string())) {
        FrameItem f;
        f.path = (fs::path(dir) / r.file).string();
        f.has_truth = true;
        f.has_document = r.has_document;
        f.truth_valid = r.valid;
        f.lines = r.lines;
        f.char_height_px = r.char_height_px;
        f.width = r.width;
        f.height = r.height;
        f.group = std::to_string(r.seed);
        f.frame = r.frame;
        f.tags = Conditions(r);
        out.push_back(std::move(f));
    }
    return out;
}

namespace {

std::vector<std::string> ReadLines(const fs::path& path) {
    std::ifstream in(path);
    std::vector<std::string> lines;
    std::string line;
    while (std::getline(in, line)) {
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
        if (!line.empty()) lines.push_back(line);
    }
    return lines;
}

}  // namespace

std::vector<FrameItem> LoadImageFolder(const std::string& dir) {
    std::vector<fs::path> images;
    for (const auto& entry : fs::directory_iterator(dir)) {
        std::string ext = entry.path().extension().string();
        std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        if (ext == ".jpg" || ext == ".jpeg" || ext == ".png") images.push_back(entry.path());
    }
    std::sort(images.begin(), images.end());
    std::vector<FrameItem> out;
    for (const fs::path& p : images) {
        FrameItem f;
        f.path = p.string();
        // Sidecars: NAME.jpg.mrz.txt (shared data), NAME.jpg.txt, NAME.txt (blackbox sets).
        for (const fs::path& side : {fs::path(p.string() + ".mrz.txt"), fs::path(p.string() + ".txt"),
                                     fs::path(p).replace_extension(".txt")}) {
            if (fs::exists(side)) {
                f.lines = ReadLines(side);
                f.has_truth = true;
                break;
            }
        }
        if (f.has_truth) {
            const MrzParseResult parsed = ParseMrz(f.lines);
            f.truth_valid = !parsed.error && parsed.mrz.valid();
        }
        // PassportEye's test images carry its score as a prefix: "..._100_pass-uto.jpg".
        const std::string name = p.filename().string();
        const auto tag = name.find("testdata_");
        if (tag != std::string::npos) f.label = name.substr(tag + 9, name.find('_', tag + 9) - tag - 9);
        out.push_back(std::move(f));
    }
    return out;
}

std::string HeightBucket(double h) {
    if (h <= 0) return "unknown";
    if (h < 12) return "<12";
    if (h < 14) return "12-14";
    if (h < 20) return "14-20";
    return "20+";
}

int MrzEditDistance(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    std::string s, t;
    for (const auto& l : a) s += l + '\n';
    for (const auto& l : b) t += l + '\n';
    std::vector<int> prev(t.size() + 1), cur(t.size() + 1);
    for (size_t j = 0; j <= t.size(); ++j) prev[j] = static_cast<int>(j);
    for (size_t i = 1; i <= s.size(); ++i) {
        cur[0] = static_cast<int>(i);
        for (size_t j = 1; j <= t.size(); ++j)
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (s[i - 1] == t[j - 1] ? 0 : 1)});
        std::swap(prev, cur);
    }
    return prev[t.size()];
}

double Percentile(std::vector<double> v, double p) {
    if (v.empty()) return std::numeric_limits<double>::quiet_NaN();
    std::sort(v.begin(), v.end());
    const double pos = p / 100 * static_cast<double>(v.size() - 1);
    const size_t lo = static_cast<size_t>(std::floor(pos)), hi = std::min(v.size() - 1, lo + 1);
    return v[lo] + (v[hi] - v[lo]) * (pos - static_cast<double>(lo));
}

double PeakRssMb() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_maxrss) / 1024.0;  // Linux: kilobytes
}

double ProcessCpuMs() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

namespace {

struct Counts {
    int n = 0, exact_valid = 0, exact = 0, wrong_valid = 0, found = 0, reported_valid = 0;
    long chars = 0, errors_final = 0, errors_raw = 0;
    void Add(const FrameOutcome& o) {
        ++n;
        exact_valid += o.exact && o.reported_valid;
        exact += o.exact;
        wrong_valid += o.reported_valid && (!o.exact || !o.truth_valid);
        found += o.found;
        reported_valid += o.reported_valid;
        chars += o.chars;
        errors_final += std::min(o.errors_final, o.chars);
        errors_raw += std::min(o.errors_raw, o.chars);
    }
    nlohmann::json Json() const {
        return {{"n", n},           {"exact_valid", exact_valid}, {"exact", exact},
                {"wrong_valid", wrong_valid}, {"found", found}, {"reported_valid", reported_valid},
                {"chars", chars},   {"errors_final", errors_final}, {"errors_raw", errors_raw}};
    }
};

nlohmann::json Times(const std::vector<double>& v) {
    double sum = 0;
    for (double x : v) sum += x;
    if (v.empty()) return {{"n", 0}, {"median", nullptr}, {"p95", nullptr}, {"mean", nullptr}};
    return {{"n", v.size()},
            {"median", Percentile(v, 50)},
            {"p95", Percentile(v, 95)},
            {"mean", sum / static_cast<double>(v.size())}};
}

}  // namespace

nlohmann::json Summarize(const std::vector<FrameOutcome>& outcomes) {
    std::map<std::string, Counts> buckets;
    Counts all, ge14, invalid_truth, no_truth, nodoc;
    std::map<std::string, Counts> no_truth_by_label, by_condition;
    std::map<std::string, int> feedback;
    std::vector<double> t_all, t_doc, t_nodoc, t_1080, t_1080_nodoc, locate, ocr, correct;
    std::vector<double> cpu_all, cpu_nodoc, cpu_1080;
    for (const FrameOutcome& o : outcomes) {
        t_all.push_back(o.ms);
        cpu_all.push_back(o.cpu_ms);
        ++feedback[o.feedback];
        if (!o.has_document) {
            nodoc.Add(o);
            t_nodoc.push_back(o.ms);
            cpu_nodoc.push_back(o.cpu_ms);
            if (o.is_1080p) t_1080_nodoc.push_back(o.ms);
            continue;
        }
        t_doc.push_back(o.ms);
        locate.push_back(o.locate_ms);
        ocr.push_back(o.ocr_ms);
        correct.push_back(o.correct_ms);
        if (o.is_1080p) t_1080.push_back(o.ms), cpu_1080.push_back(o.cpu_ms);
        if (!o.has_truth) {
            no_truth.Add(o);
            if (!o.label.empty()) no_truth_by_label[o.label].Add(o);
            continue;
        }
        if (!o.truth_valid) {
            invalid_truth.Add(o);
            continue;
        }
        all.Add(o);
        buckets[HeightBucket(o.char_height_px)].Add(o);
        for (const std::string& tag : o.tags) by_condition[tag].Add(o);
        if (o.char_height_px >= 14 || o.char_height_px <= 0) ge14.Add(o);
    }
    nlohmann::json j;
    j["frames"] = outcomes.size();
    j["all"] = all.Json();
    j["ge14"] = ge14.Json();
    for (const auto& [name, c] : buckets) j["buckets"][name] = c.Json();
    for (const auto& [name, c] : by_condition) j["conditions"][name] = c.Json();
    j["invalid_truth"] = invalid_truth.Json();
    j["no_truth"] = no_truth.Json();
    for (const auto& [name, c] : no_truth_by_label) j["no_truth_by_label"][name] = c.Json();
    j["nodoc"] = nodoc.Json();
    j["time_ms"] = Times(t_all);
    j["time_ms_doc"] = Times(t_doc);
    j["time_ms_nodoc"] = Times(t_nodoc);
    j["time_ms_1080p_doc"] = Times(t_1080);
    j["time_ms_1080p_nodoc"] = Times(t_1080_nodoc);
    j["cpu_ms"] = Times(cpu_all);
    j["cpu_ms_nodoc"] = Times(cpu_nodoc);
    j["cpu_ms_1080p_doc"] = Times(cpu_1080);
    j["stage_ms_median"] = {{"locate", Times(locate)["median"]}, {"ocr", Times(ocr)["median"]},
                            {"correct", Times(correct)["median"]}};
    j["feedback"] = feedback;
    return j;
}

}  // namespace docintake::bench
