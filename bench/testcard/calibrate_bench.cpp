// Time of the technician's per-frame measures (docintake/calibrate.h) on 1080p
// BGR frames of the generator's camera profile: median and p95 over N frames,
// with and without an MRZ reading's quad (the MRZ sharpness and glare).
//   calibrate_bench [frames=200]
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include <docintake/calibrate.h>
#include <docintake/opencv.h>
#include <docintake/read_mrz.h>

#include "synth/synth.h"

namespace {

// CPU time of this thread: the machine may be shared, and wall time then
// measures the neighbours.
double CpuMs() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

double Percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))];
}

}  // namespace

int main(int argc, char** argv) {
    using namespace docintake;
    const int frames = argc > 1 ? std::max(10, std::atoi(argv[1])) : 200;
    // A handful of distinct scenes, cycled: rendering is far slower than measuring.
    std::vector<synth::SynthDocument> docs;
    for (std::uint64_t seed = 1; seed <= 8; ++seed) docs.push_back(synth::RenderDocument(synth::MakeSpec(synth::Profile::Camera, seed)));
    std::vector<double> plain, with_mrz, plain_cpu, with_mrz_cpu;
    FrameMeter meter;
    for (int i = 0; i < frames; ++i) {
        const synth::SynthDocument& d = docs[static_cast<std::size_t>(i) % docs.size()];
        MrzReadResult reading;  // as the reader would give it: the zone's quad and height
        for (std::size_t k = 0; k < 4; ++k) {
            reading.quad[2 * k] = d.mrz_quad[k].x;
            reading.quad[2 * k + 1] = d.mrz_quad[k].y;
        }
        reading.char_height_px = d.char_height_px;
        reading.raw_lines = d.mrz_lines;
        const double c0 = CpuMs();
        auto t0 = std::chrono::steady_clock::now();
        const FrameMeasures a = meter.Push(ViewOf(d.frame));
        const double c1 = CpuMs();
        auto t1 = std::chrono::steady_clock::now();
        const FrameMeasures b = meter.Push(ViewOf(d.frame), &reading);
        const double c2 = CpuMs();
        auto t2 = std::chrono::steady_clock::now();
        plain_cpu.push_back(c1 - c0);
        with_mrz_cpu.push_back(c2 - c1);
        if (a.error || b.error) return 1;
        plain.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
        with_mrz.push_back(std::chrono::duration<double, std::milli>(t2 - t1).count());
    }
    std::printf("FrameMeter::Push, 1920x1080 BGR, %d frames (wall / thread CPU time)\n", frames);
    std::printf("  frame only:          median %.2f / %.2f ms, p95 %.2f / %.2f ms\n", Percentile(plain, 0.5), Percentile(plain_cpu, 0.5),
                Percentile(plain, 0.95), Percentile(plain_cpu, 0.95));
    std::printf("  with an MRZ reading: median %.2f / %.2f ms, p95 %.2f / %.2f ms\n", Percentile(with_mrz, 0.5),
                Percentile(with_mrz_cpu, 0.5), Percentile(with_mrz, 0.95), Percentile(with_mrz_cpu, 0.95));
    return 0;
}
