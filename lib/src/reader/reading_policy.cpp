#include "reader/reading_policy.h"

#include "mrz/layout.h"
#include "reader/ablation.h"

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
    if (!Ablated("state_code") && (mrz.has_warning(MrzWarning::UnknownIssuingState) || mrz.has_warning(MrzWarning::UnknownNationality)))
        return "unknown state code";
    if (correction.uncertain.empty() && correction.corrections.empty()) return nullptr;
    const auto checked = CheckedPositions(mrz);
    for (const auto& u : correction.uncertain)
        if (Unchecked(checked, u)) return "uncertain character without a check digit";
    // A character the OCR did not read as such (a '0' taken for 'O' in a name,
    // an unreadable cell filled in) where no check can confirm it.
    if (!Ablated("changed_unchecked"))
    for (const auto& c : correction.corrections)
        if (Unchecked(checked, c)) return "changed character without a check digit";
    return nullptr;
}

std::vector<MrzCorrection> UncheckedRoundGlyphs(const Mrz& mrz) {
    std::vector<MrzCorrection> out;
    if (mrz.lines.empty()) return out;
    const auto checked = CheckedPositions(mrz);
    for (const mrz::FieldSpec& f : mrz::LayoutOf(mrz.format).fields) {
        if (f.cls != mrz::CharClass::AlphaNum) continue;
        const auto line = static_cast<std::size_t>(f.span.line);
        if (line >= mrz.lines.size()) continue;
        for (int pos = f.span.start; pos < f.span.start + f.span.length; ++pos) {
            if (static_cast<std::size_t>(pos) >= mrz.lines[line].size()) break;
            const char c = mrz.lines[line][static_cast<std::size_t>(pos)];
            const MrzCorrection at{f.span.line, pos, c, c, f.name};
            if ((c == '0' || c == 'O') && Unchecked(checked, at)) out.push_back(at);
        }
    }
    return out;
}

MrzReadingStatus FinalStatus(const MrzCorrectionResult& correction, bool strict_unchecked, const char** doubt) {
    if (correction.status != MrzReadingStatus::Valid || !strict_unchecked) return correction.status;
    const char* why = UncheckedDoubt(correction);
    if (!why) return correction.status;
    if (doubt) *doubt = why;
    return MrzReadingStatus::Ambiguous;
}

}  // namespace docintake::reader
