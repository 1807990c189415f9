#pragma once
// A simulated OCR for CorrectMrz tests: each cell is the truth with high
// probability (sometimes with a confusable twin as a faint alternative), or else
// a confusable or random character on top, with or without the truth among the
// alternatives. Deterministic by seed.

#include <cstddef>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include <docintake/mrz_correct.h>

namespace docintake_test {

class OcrNoise {
public:
    explicit OcrNoise(unsigned seed) : rng_(seed) {}

    float Uniform() { return uniform_(rng_); }

    // One line's candidates at `error_rate`; the first `sure_cells` are always read
    // right, with no alternative (e.g. a leading D the reader found the line by).
    std::vector<std::vector<docintake::MrzCharCandidate>> Line(const std::string& truth, float error_rate,
                                                               std::size_t sure_cells = 0) {
        std::vector<std::vector<docintake::MrzCharCandidate>> cells;
        for (std::size_t p = 0; p < truth.size(); ++p) {
            const char t = truth[p];
            const bool sure = p < sure_cells;
            if (sure || Uniform() >= error_rate) {
                cells.push_back({{t, 0.85f + 0.15f * Uniform()}});
                if (!sure && Uniform() < 0.3f) cells.back().push_back({Confusable(t), 0.01f + 0.02f * Uniform()});
                continue;
            }
            const char wrong = Uniform() < 0.7f ? Confusable(t) : RandomCharacter();
            std::vector<docintake::MrzCharCandidate> cands{{wrong, 0.3f + 0.49f * Uniform()}};
            if (Uniform() < 0.7f) cands.push_back({t, 0.4f * Uniform() + 0.02f});
            cells.push_back(cands);
        }
        return cells;
    }

private:
    char RandomCharacter() {
        static const std::string alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<";
        return alphabet[static_cast<std::size_t>(rng_() % alphabet.size())];
    }
    // OCR-B's look-alikes; anything else becomes a random character.
    char Confusable(char t) {
        static const std::pair<char, char> pairs[] = {{'0', 'O'}, {'1', 'I'}, {'8', 'B'}, {'5', 'S'}, {'2', 'Z'},
                                                      {'<', 'K'}, {'6', 'G'}, {'0', 'D'}, {'4', 'A'}, {'7', 'T'}};
        for (auto [a, b] : pairs) {
            if (t == a) return b;
            if (t == b) return a;
        }
        return RandomCharacter();
    }

    std::mt19937 rng_;
    std::uniform_real_distribution<float> uniform_{0.f, 1.f};
};

}  // namespace docintake_test
