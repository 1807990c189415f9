#include "bench_report.h"

#include <cmath>
#include <cstdio>
#include <limits>

namespace docintake::bench {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string Fmt(const char* format, double v) {
    if (!std::isfinite(v)) return "-";
    char buf[64];
    std::snprintf(buf, sizeof buf, format, v);
    return buf;
}

// "97.5% (234/240)"; "-" when there is nothing to count.
std::pair<std::string, double> Rate(long k, long n) {
    if (n <= 0) return {"-", kNaN};
    const double r = 100.0 * static_cast<double>(k) / static_cast<double>(n);
    return {Fmt("%.1f%%", r) + " (" + std::to_string(k) + "/" + std::to_string(n) + ")", r};
}

long Get(const nlohmann::json& j, const char* a, const char* b) {
    if (!j.contains(a) || !j[a].contains(b)) return 0;
    return j[a][b].get<long>();
}

double Num(const nlohmann::json& j, const char* a, const char* b) {
    if (!j.contains(a) || !j[a].contains(b) || !j[a][b].is_number()) return kNaN;
    return j[a][b].get<double>();
}

}  // namespace

void Report::Header() {
    std::printf("docintake-bench: every figure from single-threaded runs (OMP_THREAD_LIMIT=1, cv::setNumThreads(1)),\n");
    std::printf("each configuration in its own process (peak RSS per configuration).\n");
    std::printf("mrz = models/mrz.traineddata; eng = stock Tesseract 'eng' with an MRZ character whitelist,\n");
    std::printf("same locator, same line images, same check-digit correction.");
    if (models_.size() == 2) std::printf(" Ratio = %s / %s.", models_[0].c_str(), models_[1].c_str());
    std::printf("\n");
}

void Report::Columns() {
    std::printf("%-44s", "");
    for (const auto& m : models_) std::printf("%-22s", m.c_str());
    if (models_.size() == 2) std::printf("%s", "ratio");
    std::printf("\n");
}

void Report::Row(const std::string& label, const std::vector<Cell>& cells) {
    std::printf("%-44s", label.c_str());
    for (const Cell& c : cells) std::printf("%-22s", c.text.c_str());
    if (cells.size() == 2 && std::isfinite(cells[0].value) && std::isfinite(cells[1].value) && cells[1].value != 0)
        std::printf("%.2f", cells[0].value / cells[1].value);
    std::printf("\n");
}

std::vector<nlohmann::json> Report::Usable(const std::vector<nlohmann::json>& results) {
    std::vector<nlohmann::json> out;
    for (size_t i = 0; i < results.size(); ++i) {
        if (results[i].contains("error")) {
            std::printf("  %s: ERROR %s\n", models_[i].c_str(), results[i]["error"].get<std::string>().c_str());
            ok_ = false;
            out.push_back(nlohmann::json::object());  // its column prints "-"
        } else {
            out.push_back(results[i]);
        }
    }
    return out;
}

void Report::FrameSet(const std::string& title, const std::vector<nlohmann::json>& all_results, bool synthetic) {
    std::printf("\n== %s\n", title.c_str());
    const std::vector<nlohmann::json> results = Usable(all_results);
    nlohmann::json r0 = nlohmann::json::object();
    for (const auto& r : results)
        if (r.contains("frames")) r0 = r;
    if (!r0.contains("frames")) return;
    if (Get(r0, "nodoc", "n") == r0["frames"].get<long>()) {  // only frames without a document
        for (size_t i = 0; i < results.size(); ++i)
            std::printf("%s: %ld frames without a document, %ld reported valid, ms per frame median / p95 %s / %s\n",
                        models_[i].c_str(), Get(results[i], "nodoc", "n"), Get(results[i], "nodoc", "reported_valid"),
                        Fmt("%.1f", Num(results[i], "time_ms", "median")).c_str(), Fmt("%.1f", Num(results[i], "time_ms", "p95")).c_str());
        for (const auto& r : results)
            if (Get(r, "nodoc", "reported_valid") > 0) ok_ = false;
        return;
    }
    std::printf("%ld frames: %ld with a valid MRZ (truth), %ld misprinted (a wrong check digit), %ld without truth, %ld without a document\n",
                r0["frames"].get<long>(), Get(r0, "all", "n"), Get(r0, "invalid_truth", "n"), Get(r0, "no_truth", "n"),
                Get(r0, "nodoc", "n"));
    Columns();
    auto rate_row = [&](const std::string& label, auto fn) {
        std::vector<Cell> cells;
        for (const auto& r : results) {
            const auto [text, v] = fn(r);
            cells.push_back({text, v});
        }
        Row(label, cells);
    };
    auto exact_in = [](const char* bucket) {
        return [bucket](const nlohmann::json& r) {
            const nlohmann::json b = r.contains("buckets") && r["buckets"].contains(bucket) ? r["buckets"][bucket] : nlohmann::json::object();
            return Rate(b.value("exact_valid", 0L), b.value("n", 0L));
        };
    };
    if (synthetic) {
        rate_row("exact MRZ, reported valid, >=14 px", [](const nlohmann::json& r) { return Rate(Get(r, "ge14", "exact_valid"), Get(r, "ge14", "n")); });
        for (const char* b : {"<12", "12-14", "14-20", "20+"}) rate_row(std::string("  char height ") + b + " px", exact_in(b));
    }
    rate_row("exact MRZ, reported valid, all", [](const nlohmann::json& r) { return Rate(Get(r, "all", "exact_valid"), Get(r, "all", "n")); });
    rate_row("exact text (any status), all", [](const nlohmann::json& r) { return Rate(Get(r, "all", "exact"), Get(r, "all", "n")); });
    rate_row("character accuracy, final text", [](const nlohmann::json& r) {
        return Rate(Get(r, "all", "chars") - Get(r, "all", "errors_final"), Get(r, "all", "chars"));
    });
    rate_row("character accuracy, raw OCR", [](const nlohmann::json& r) {
        return Rate(Get(r, "all", "chars") - Get(r, "all", "errors_raw"), Get(r, "all", "chars"));
    });
    rate_row("MRZ text returned (any status)", [](const nlohmann::json& r) { return Rate(Get(r, "all", "found"), Get(r, "all", "n")); });
    if (r0.contains("conditions")) {
        std::printf("by condition: exact and reported valid (MRZ text returned)\n");
        for (const auto& [tag, unused] : r0["conditions"].items()) {
            (void)unused;
            std::vector<Cell> cells;
            for (const auto& r : results) {
                const nlohmann::json c = r.contains("conditions") && r["conditions"].contains(tag) ? r["conditions"][tag] : nlohmann::json::object();
                const auto rate = Rate(c.value("exact_valid", 0L), c.value("n", 0L));
                cells.push_back({rate.first + " (" + std::to_string(c.value("found", 0L)) + ")", rate.second});
            }
            Row("  " + tag, cells);
        }
    }
    std::vector<Cell> wrong, misprint, times, t1080, cpu, cpu1080, stages, rss, load;
    for (const auto& r : results) {
        const long w = Get(r, "all", "wrong_valid") + Get(r, "invalid_truth", "reported_valid") + Get(r, "nodoc", "reported_valid");
        if (w > 0) ok_ = false;
        wrong.push_back({std::to_string(w), kNaN});
        misprint.push_back({std::to_string(Get(r, "invalid_truth", "reported_valid")) + "/" + std::to_string(Get(r, "invalid_truth", "n")), kNaN});
        times.push_back({Fmt("%.1f", Num(r, "time_ms", "median")) + " / " + Fmt("%.1f", Num(r, "time_ms", "p95")), Num(r, "time_ms", "median")});
        t1080.push_back({Fmt("%.1f", Num(r, "time_ms_1080p_doc", "median")) + " (n=" + std::to_string(Get(r, "time_ms_1080p_doc", "n")) + ")",
                         Num(r, "time_ms_1080p_doc", "median")});
        cpu.push_back({Fmt("%.1f", Num(r, "cpu_ms", "median")) + " / " + Fmt("%.1f", Num(r, "cpu_ms", "p95")), Num(r, "cpu_ms", "median")});
        cpu1080.push_back({Fmt("%.1f", Num(r, "cpu_ms_1080p_doc", "median")), Num(r, "cpu_ms_1080p_doc", "median")});
        stages.push_back({Fmt("%.1f", Num(r, "stage_ms_median", "locate")) + "/" + Fmt("%.1f", Num(r, "stage_ms_median", "ocr")) + "/" +
                              Fmt("%.1f", Num(r, "stage_ms_median", "correct")),
                          Num(r, "stage_ms_median", "ocr")});
        rss.push_back({Fmt("%.0f", r.value("peak_rss_mb", 0.0)), r.value("peak_rss_mb", 0.0)});
        load.push_back({Fmt("%.0f", r.value("init_ms", 0.0)) + " (1st read " + Fmt("%.0f", r.value("first_read_ms", 0.0)) + ")",
                        r.value("init_ms", 0.0)});
    }
    Row("reads reported valid but WRONG", wrong);
    if (synthetic) Row("misprinted documents reported valid", misprint);
    Row("ms per frame, median / p95", times);
    Row("ms per 1080p frame with MRZ, median", t1080);
    Row("CPU ms per frame, median / p95", cpu);
    Row("CPU ms per 1080p frame with MRZ, median", cpu1080);
    Row("stage medians ms locate/ocr/correct", stages);
    Row("peak RSS MB", rss);
    Row("model load ms", load);
    // Whether the OCR's confidences mean what they say: the reading policy's
    // thresholds (read_mrz.h) rest on this table.
    if (r0.contains("calibration")) {
        std::printf("OCR top choice right, by its probability (cells of frames read in the truth's shape)\n");
        for (size_t b = 0; b < r0["calibration"].size(); ++b) {
            std::vector<Cell> cells;
            for (const auto& r : results) {
                if (!r.contains("calibration") || b >= r["calibration"].size()) continue;
                const auto& row = r["calibration"][b];
                const auto [text, v] = Rate(row.value("right", 0L), row.value("n", 0L));
                cells.push_back({text, v});
            }
            Row("  p >= " + Fmt("%.2f", r0["calibration"][b].value("from", 0.0)), cells);
        }
    }
}

void Report::NoDocument(const nlohmann::json& r, const std::string& scenes) {
    std::printf("\n== frames without a document (%s, 1920x1080), model %s\n", scenes.c_str(), models_.front().c_str());
    if (Usable({r}).front().empty()) return;
    std::printf("%-44s%s\n", "frames", std::to_string(Get(r, "nodoc", "n")).c_str());
    std::printf("%-44s%.1f / %.1f\n", "ms per frame, median / p95", Num(r, "time_ms_nodoc", "median"), Num(r, "time_ms_nodoc", "p95"));
    std::printf("%-44s%.1f / %.1f\n", "CPU ms per frame, median / p95", Num(r, "cpu_ms_nodoc", "median"), Num(r, "cpu_ms_nodoc", "p95"));
    std::printf("%-44s%ld / %ld\n", "MRZ text returned / reported valid", Get(r, "nodoc", "found"), Get(r, "nodoc", "reported_valid"));
    std::printf("%-44s%.0f\n", "peak RSS MB", r.value("peak_rss_mb", 0.0));
    if (Get(r, "nodoc", "reported_valid") > 0) ok_ = false;
}

void Report::Scanner(const nlohmann::json& r, int frames_per_sequence, const std::string& set) {
    std::printf("\n== multi-frame scanner on synthetic hand-held sequences (%s, up to %d frames each), model %s\n",
                set.c_str(), frames_per_sequence, models_.front().c_str());
    if (Usable({r}).front().empty()) return;
    const long n = r.value("sequences", 0L);
    std::printf("%-44s%s\n", "sequences read exactly (Done, right)", Rate(r.value("correct", 0L), n).first.c_str());
    if (r.contains("buckets"))
        for (const char* b : {"<12", "12-14", "14-20", "20+"})
            if (r["buckets"].contains(b))
                std::printf("  %-42s%s\n", (std::string("char height ") + b + " px").c_str(),
                            Rate(r["buckets"][b].value("correct", 0L), r["buckets"][b].value("n", 0L)).first.c_str());
    std::string seeds;
    if (r.contains("wrong_done_seeds"))
        for (const auto& sd : r["wrong_done_seeds"]) seeds += " " + sd.get<std::string>();
    std::printf("%-44s%ld%s%s\n", "Done with a WRONG reading", r.value("wrong_done", 0L), seeds.empty() ? "" : "  seeds:", seeds.c_str());
    std::printf("%-44s%ld\n", "Failed / no result", r.value("failed", 0L));
    std::printf("%-44s%ld/%ld\n", "misprinted documents reported Done", r.value("invalid_truth_done", 0L), r.value("invalid_truth", 0L));
    std::printf("%-44s%.0f / %.0f\n", "frames to Done, median / p95", r.value("frames_to_done_median", 0.0), r.value("frames_to_done_p95", 0.0));
    std::printf("%-44s%.1f / %.1f\n", "ms per pushed frame, median / p95", r.value("push_ms_median", 0.0), r.value("push_ms_p95", 0.0));
    std::printf("%-44s%.1f\n", "CPU ms per pushed frame, median", r.value("push_cpu_ms_median", 0.0));
    std::printf("%-44s%.0f\n", "peak RSS MB", r.value("peak_rss_mb", 0.0));
    if (r.value("wrong_done", 0L) > 0 || r.value("invalid_truth_done", 0L) > 0) ok_ = false;
}

void Report::RealImages(const std::string& dir, const std::vector<nlohmann::json>& all_results, const std::string& title) {
    std::printf("\n== %s: %s\n", title.c_str(), dir.c_str());
    const std::vector<nlohmann::json> results = Usable(all_results);
    Columns();
    std::vector<Cell> exact, wrong, text, valid100, valid_other, times, cpu, rss;
    for (const auto& r : results) {
        const auto e = Rate(Get(r, "all", "exact_valid"), Get(r, "all", "n"));
        exact.push_back({e.first, e.second});
        const long w = Get(r, "all", "wrong_valid") + Get(r, "invalid_truth", "reported_valid");
        if (w > 0) ok_ = false;
        wrong.push_back({std::to_string(w), kNaN});
        const auto t = Rate(Get(r, "all", "exact"), Get(r, "all", "n"));
        text.push_back({t.first, t.second});
        long v100 = 0, n100 = 0;
        if (r.contains("no_truth_by_label") && r["no_truth_by_label"].contains("100")) {
            v100 = r["no_truth_by_label"]["100"].value("reported_valid", 0L);
            n100 = r["no_truth_by_label"]["100"].value("n", 0L);
        }
        const long vo = Get(r, "no_truth", "reported_valid") - v100, no = Get(r, "no_truth", "n") - n100;
        const auto a = Rate(v100, n100), b = Rate(vo, no);
        valid100.push_back({a.first, a.second});
        valid_other.push_back({b.first, b.second});
        times.push_back({Fmt("%.1f", Num(r, "time_ms", "median")) + " / " + Fmt("%.1f", Num(r, "time_ms", "p95")), Num(r, "time_ms", "median")});
        rss.push_back({Fmt("%.0f", r.value("peak_rss_mb", 0.0)), r.value("peak_rss_mb", 0.0)});
        cpu.push_back({Fmt("%.1f", Num(r, "cpu_ms", "median")), Num(r, "cpu_ms", "median")});
    }
    Row("with sidecar: exact, reported valid", exact);
    Row("with sidecar: exact text, any status", text);
    Row("with sidecar: reported valid but WRONG", wrong);
    Row("no sidecar, PassportEye 100: valid reads", valid100);
    Row("no sidecar, others: valid reads", valid_other);
    Row("ms per image, median / p95", times);
    Row("CPU ms per image, median", cpu);
    Row("peak RSS MB", rss);
    ImageRows(results);
}

void Report::ImageRows(const std::vector<nlohmann::json>& results) {
    // The images in the order of the first model that has them; the same folder for every model.
    nlohmann::json files = nlohmann::json::array();
    for (const auto& r : results)
        if (r.contains("images") && files.empty()) files = r["images"];
    if (files.empty()) return;
    std::printf("one by one: status, lines exact, characters right (images with a sidecar); status (others)\n");
    std::vector<long> lines_exact(results.size(), 0), lines(results.size(), 0), chars_right(results.size(), 0), chars(results.size(), 0);
    for (size_t i = 0; i < files.size(); ++i) {
        std::string name = files[i].value("file", "");
        if (name.size() > 41) name = name.substr(0, 19) + ".." + name.substr(name.size() - 19);
        std::vector<Cell> cells;
        for (size_t m = 0; m < results.size(); ++m) {
            const nlohmann::json& r = results[m];
            if (!r.contains("images") || i >= r["images"].size()) {
                cells.push_back({"-", kNaN});
                continue;
            }
            const nlohmann::json& im = r["images"][i];
            std::string text = im.value("status", "");
            if (!im.value("found", false)) text += " (" + im.value("feedback", "") + ")";
            if (im.value("truth", false)) {
                text += " " + std::to_string(im.value("lines_exact", 0)) + "/" + std::to_string(im.value("lines", 0)) + " " +
                        std::to_string(im.value("chars_right", 0)) + "/" + std::to_string(im.value("chars", 0));
                lines_exact[m] += im.value("lines_exact", 0);
                lines[m] += im.value("lines", 0);
                chars_right[m] += im.value("chars_right", 0);
                chars[m] += im.value("chars", 0);
            }
            if (text.size() >= 22) text += " ";  // wider than its column: keep the next one apart
            cells.push_back({text, kNaN});
        }
        Row("  " + name, cells);
    }
    std::vector<Cell> line_cells, char_cells;
    for (size_t m = 0; m < results.size(); ++m) {
        const auto l = Rate(lines_exact[m], lines[m]), c = Rate(chars_right[m], chars[m]);
        line_cells.push_back({l.first, l.second});
        char_cells.push_back({c.first, c.second});
    }
    Row("with sidecar: lines exact", line_cells);
    Row("with sidecar: characters right, by line", char_cells);
}

}  // namespace docintake::bench
