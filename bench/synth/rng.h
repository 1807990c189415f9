#pragma once
// A small deterministic random source. The standard distributions are
// implementation-defined, so we derive everything from the raw 64-bit engine
// to get the same documents from every standard library.

#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace docintake::synth {

class Rng {
public:
    explicit Rng(std::uint64_t seed, std::uint64_t stream = 0)
        : engine_(seed * 0x9E3779B97F4A7C15ULL + stream * 0xD1B54A32D192ED03ULL + 1) {}

    std::uint64_t next() { return engine_(); }
    // Uniform in [0, 1).
    double uniform() { return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0); }
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
    // Uniform integer in [lo, hi].
    int integer(int lo, int hi) {
        return lo + static_cast<int>(next() % static_cast<std::uint64_t>(hi - lo + 1));
    }
    bool chance(double p) { return uniform() < p; }
    double normal(double mean, double sd) {
        double u1 = uniform(), u2 = uniform();
        if (u1 < 1e-300) u1 = 1e-300;
        return mean + sd * std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
    }
    template <typename T>
    const T& pick(const std::vector<T>& items) {
        return items[static_cast<size_t>(integer(0, static_cast<int>(items.size()) - 1))];
    }
    // A seed for cv::RNG or a sub-generator.
    std::uint64_t seed() { return next() | 1; }

private:
    std::mt19937_64 engine_;
};

}  // namespace docintake::synth
