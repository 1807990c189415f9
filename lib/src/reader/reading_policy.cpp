#include "reader/reading_policy.h"

#include "mrz/layout.h"

namespace docintake::reader {

std::vector<std::vector<bool>> CheckedPositions(const Mrz& mrz) {
    std::vector<std::vector<bool>> checked;
    for (const auto& l : mrz.lines) checked.emplace_back(l.size(), false);
    auto mark = [&](int line, int pos) {
        const auto l = static_cast<std::size_t>(line);
        const auto p = static_cast<std::size_t>(pos);
        if (l < checked.size() && p < checked[l].size()) checked[l][p] = true;
    };
    for (const auto& check : mrz::ResolveChecks(mrz.format, mrz.lines)) {
        for (const auto& span : check.covered)
            for (int i = 0; i < span.length; ++i) mark(span.line, span.start + i);
        mark(check.digit_line, check.digit_pos);
    }
    return checked;
}

namespace {

bool Unchecked(const std::vector<std::vector<bool>>& checked, const MrzCorrection& c) {
    const auto l = static_cast<std::size_t>(c.line);
    const auto p = static_cast<std::size_t>(c.position);
    return l >= checked.size() || p >= checked[l].size() || !checked[l][p];
}

}  // namespace

const char* UncheckedDoubt(const MrzCorrectionResult& correction) {
    const Mrz& mrz = correction.mrz;
    if (mrz.has_warning(MrzWarning::UnknownIssuingState) || mrz.has_warning(MrzWarning::UnknownNationality))
        return "unknown state code";
    if (correction.uncertain.empty()) return nullptr;
    const auto checked = CheckedPositions(mrz);
    for (const auto& u : correction.uncertain)
        if (Unchecked(checked, u)) return "uncertain character without a check digit";
    return nullptr;
}

MrzReadingStatus FinalStatus(const MrzCorrectionResult& correction, bool strict_unchecked, const char** doubt) {
    if (correction.status != MrzReadingStatus::Valid || !strict_unchecked) return correction.status;
    const char* why = UncheckedDoubt(correction);
    if (!why) return correction.status;
    if (doubt) *doubt = why;
    return MrzReadingStatus::Ambiguous;
}

}  // namespace docintake::reader
