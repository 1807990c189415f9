// libFuzzer: the candidate-based correction on arbitrary OCR alternatives.
// Layout of the input: [line count][line length] then, per position, a count
// byte and that many (character, probability) byte pairs.
#include <cstddef>
#include <cstdint>

#include <docintake/mrz_correct.h>

#include "json/mrz_json.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::size_t at = 0;
    auto next = [&]() -> std::uint8_t { return at < size ? data[at++] : 0; };
    const int line_count = next() % 4;
    const int line_length = next() % 48;
    docintake::MrzCandidates candidates;
    for (int l = 0; l < line_count; ++l) {
        std::vector<std::vector<docintake::MrzCharCandidate>> line;
        for (int p = 0; p < line_length; ++p) {
            std::vector<docintake::MrzCharCandidate> position;
            const int n = next() % 6;
            for (int k = 0; k < n; ++k) {
                const char c = static_cast<char>(next());
                position.push_back({c, static_cast<float>(next()) / 255.f});
            }
            line.push_back(std::move(position));
        }
        candidates.lines.push_back(std::move(line));
    }
    docintake::MrzCorrectionOptions options;
    options.parse.reference_date = 20261125;
    options.max_corrections = next() % 8;
    const docintake::MrzCorrectionResult r = docintake::CorrectMrz(candidates, options);
    if (r.status == docintake::MrzReadingStatus::Valid && !r.mrz.valid()) __builtin_trap();
    (void)docintake::ToJson(r).dump();
    return 0;
}
