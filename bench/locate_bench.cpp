// Rates and time of the vision stage alone (LocateMrz) on generated frames:
//   locate_bench [profile=camera] [count=200] [first_seed=1] [verbose] [png=DIR] [repeat=N]
// verbose: one line per failing frame (size, format, effects, what was found);
// png=DIR: those frames are also written there as <seed>.png; repeat=N: each
// frame is located N times and its least CPU time kept (steadier on a busy machine).
// Prints: zones found, right line count with corners within 0.6 cap heights
// of the truth, orientation (right / certain / certain but wrong), and the
// median and p95 of wall and thread-CPU milliseconds per frame (single thread).
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <vector>

#include <opencv2/core/utility.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "synth/synth.h"
#include "vision/locate.h"

using namespace docintake;

namespace {

double CpuMs() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

double Quantile(std::vector<double> v, double q) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[static_cast<size_t>(q * static_cast<double>(v.size() - 1))];
}

}  // namespace

int main(int argc, char** argv) {
    const std::string profile_name = argc > 1 ? argv[1] : "camera";
    const int count = argc > 2 ? std::atoi(argv[2]) : 200;
    const int first = argc > 3 ? std::atoi(argv[3]) : 1;
    bool verbose = false;
    std::string png_dir;
    int repeat = 1;
    for (int i = 4; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "verbose") verbose = true;
        else if (arg.rfind("png=", 0) == 0) png_dir = arg.substr(4), verbose = true;
        else if (arg.rfind("repeat=", 0) == 0) repeat = std::max(1, std::atoi(arg.c_str() + 7));
    }
    synth::Profile profile;
    if (!synth::ParseProfile(profile_name, profile) || count <= 0) {
        std::fprintf(stderr, "usage: locate_bench [clean|camera|hard|nodoc] [count] [first_seed] [verbose] [png=DIR] [repeat=N]\n");
        return 2;
    }
    cv::setNumThreads(1);
    int documents = 0, found = 0, correct = 0, upright = 0, certain = 0, certain_wrong = 0, false_zones = 0;
    std::vector<double> wall, cpu;
    for (int seed = first; seed < first + count; ++seed) {
        const synth::SynthDocument doc = synth::RenderDocument(synth::MakeSpec(profile, static_cast<std::uint64_t>(seed)));
        cv::Mat gray;
        cv::cvtColor(doc.frame, gray, cv::COLOR_BGR2GRAY);
        vision::LocateResult r;
        double least_cpu = 1e18, least_wall = 1e18;
        for (int k = 0; k < repeat; ++k) {
            const double c0 = CpuMs();
            r = vision::LocateMrz(gray);
            least_cpu = std::min(least_cpu, CpuMs() - c0);
            least_wall = std::min(least_wall, r.locate_ms);
        }
        cpu.push_back(least_cpu);
        wall.push_back(least_wall);
        // Why a frame failed: its conditions and what the locator returned.
        auto report = [&](const char* what, int lines, double err) {
            if (!verbose) return;
            std::printf("seed %d %s: %dx%d %s cap %.1f; issue %s zones %zu lines %d/%zu err %.2f cap;", seed, what, doc.frame.cols,
                        doc.frame.rows, ToString(doc.format), doc.char_height_px, vision::ToString(r.issue), r.zones.size(), lines,
                        doc.mrz_lines.size(), err);
            for (const auto& [name, value] : doc.effects) std::printf(" %s=%.3g", name.c_str(), value);
            std::printf("\n");
            if (!png_dir.empty()) cv::imwrite(png_dir + "/" + std::to_string(seed) + ".png", doc.frame);
        };
        if (!doc.has_document) {
            false_zones += r.zones.empty() ? 0 : 1;
            if (!r.zones.empty()) report("false zone", r.zones.front().line_count, 0);
            continue;
        }
        ++documents;
        if (r.zones.empty()) {
            report("not found", 0, 0);
            continue;
        }
        ++found;
        const vision::MrzZone& z = r.zones.front();
        double err = 0, flipped = 0;
        for (size_t i = 0; i < 4; ++i) {
            err = std::max(err, static_cast<double>(cv::norm(z.quad[i] - doc.mrz_quad[i])));
            flipped = std::max(flipped, static_cast<double>(cv::norm(z.quad[i] - doc.mrz_quad[(i + 2) % 4])));
        }
        if (z.line_count != static_cast<int>(doc.mrz_lines.size()) || std::min(err, flipped) > 0.6 * doc.char_height_px) {
            report("wrong", z.line_count, std::min(err, flipped) / doc.char_height_px);
            continue;
        }
        ++correct;
        if (err > flipped) report(z.orientation_certain ? "certain but upside down" : "upside down", z.line_count, flipped / doc.char_height_px);
        upright += err < flipped ? 1 : 0;
        certain += z.orientation_certain ? 1 : 0;
        certain_wrong += z.orientation_certain && err > flipped ? 1 : 0;
    }
    std::printf("profile %s, %d frames (seeds %d-%d), %d with a document\n", profile_name.c_str(), count, first, first + count - 1, documents);
    if (documents > 0)
        std::printf("zone found %d, correct (line count, corners within 0.6 cap) %d = %.1f%%; upright %d, certain %d, certain but wrong %d\n",
                    found, correct, 100.0 * correct / documents, upright, certain, certain_wrong);
    if (documents < count) std::printf("zones on frames without a document: %d of %d\n", false_zones, count - documents);
    std::printf("LocateMrz ms per frame: wall median %.2f p95 %.2f; thread CPU median %.2f p95 %.2f\n", Quantile(wall, 0.5),
                Quantile(wall, 0.95), Quantile(cpu, 0.5), Quantile(cpu, 0.95));
    return 0;
}
