#include "mrz/state_codes.h"

#include <algorithm>

#include "docintake/mrz.h"
#include "mrz/layout.h"

namespace docintake::mrz {
namespace {

// The OCR's total probability at a position: what it did not spread over its
// alternatives may belong to a character it did not propose.
double ProposedMass(const std::vector<MrzCharCandidate>& ocr) {
    double total = 0;
    for (const MrzCharCandidate& c : ocr) total += c.probability;
    return std::min(total, 1.0);
}

}  // namespace

ListedCode LikeliestListedCode(const std::vector<const PositionChoices*>& positions) {
    ListedCode best;
    if (positions.empty()) return best;
    // At most kMaxChoicesPerPosition (4) choices each: 64 spellings at most.
    double best_p = 0, total = 0;
    std::string chars(positions.size(), '<');
    std::vector<std::size_t> pick(positions.size(), 0);
    for (const PositionChoices* pc : positions)
        if (pc->choices.empty()) return best;
    while (true) {
        double p = 1;
        for (std::size_t i = 0; i < positions.size(); ++i) {
            const Choice& ch = positions[i]->choices[pick[i]];
            chars[i] = ch.c;
            p *= ch.evidence;
        }
        if (p > 0 && LookupCountryCode(chars).kind != CodeKind::Unknown) {
            total += p;
            if (p > best_p) {
                best_p = p;
                best.chars = chars;
                best.found = true;
            }
        }
        // Next combination, odometer style.
        std::size_t i = 0;
        while (i < positions.size() && ++pick[i] == positions[i]->choices.size()) pick[i++] = 0;
        if (i == positions.size()) break;
    }
    if (best.found) best.share = best_p / total;
    return best;
}

std::vector<std::vector<double>> ResolveStateCodes(MrzFormat format, const MrzCandidates& input,
                                                   const std::vector<std::vector<PositionChoices>>& choices,
                                                   const std::vector<std::vector<int>>& in_group,
                                                   std::vector<std::string>& best) {
    std::vector<std::vector<double>> evidence;
    for (const auto& line : best) evidence.emplace_back(line.size(), -1);  // lines may differ (Swiss licence)
    for (const auto& f : LayoutOf(format).fields) {
        const std::string name = f.name;
        if ((name != "issuing_state" && name != "nationality") || f.span.length != 3) continue;
        std::vector<const PositionChoices*> positions;
        bool checked = false;
        for (int i = 0; i < f.span.length; ++i) {
            positions.push_back(&choices[f.span.line][f.span.start + i]);
            checked = checked || in_group[f.span.line][f.span.start + i] >= 0;
        }
        if (checked) continue;
        const ListedCode code = LikeliestListedCode(positions);
        if (!code.found) continue;  // unlisted: the parser's warning says so
        for (int i = 0; i < f.span.length; ++i) {
            const int pos = f.span.start + i;
            best[f.span.line][pos] = code.chars[static_cast<std::size_t>(i)];
            evidence[f.span.line][pos] = code.share * ProposedMass(input.lines[f.span.line][pos]);
        }
    }
    return evidence;
}

}  // namespace docintake::mrz
