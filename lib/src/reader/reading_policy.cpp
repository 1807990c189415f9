#include "reader/reading_policy.h"

#include "mrz/layout.h"

namespace docintake::reader {

bool HasUncertainUnchecked(const MrzCorrectionResult& correction) {
    if (correction.uncertain.empty()) return false;
    const auto& lines = correction.mrz.lines;
    std::vector<std::vector<bool>> checked;
    for (const auto& l : lines) checked.emplace_back(l.size(), false);
    for (const auto& check : mrz::ResolveChecks(correction.mrz.format, lines)) {
        for (const auto& span : check.covered)
            for (int i = 0; i < span.length; ++i) {
                const auto l = static_cast<std::size_t>(span.line);
                const auto p = static_cast<std::size_t>(span.start + i);
                if (l < checked.size() && p < checked[l].size()) checked[l][p] = true;
            }
        const auto dl = static_cast<std::size_t>(check.digit_line);
        const auto dp = static_cast<std::size_t>(check.digit_pos);
        if (dl < checked.size() && dp < checked[dl].size()) checked[dl][dp] = true;
    }
    for (const auto& u : correction.uncertain) {
        const auto l = static_cast<std::size_t>(u.line);
        const auto p = static_cast<std::size_t>(u.position);
        if (l >= checked.size() || p >= checked[l].size() || !checked[l][p]) return true;
    }
    return false;
}

MrzReadingStatus FinalStatus(const MrzCorrectionResult& correction, bool strict_unchecked) {
    if (correction.status == MrzReadingStatus::Valid && strict_unchecked && HasUncertainUnchecked(correction))
        return MrzReadingStatus::Ambiguous;
    return correction.status;
}

}  // namespace docintake::reader
