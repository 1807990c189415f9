#include "reader/glyph_evidence.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <utility>

#include "reader/policy.h"
#include "reader/reading_policy.h"
#include "vision/glyph_cues.h"
#include "vision/glyph_match.h"

namespace docintake::reader {
namespace {

using namespace policy;

float HeightRatioDigitToLetter(double z) {
    if (std::isnan(z)) return 1;  // not measurable: no evidence
    return z >= kClearlyDigitHeight ? kRatioClearlyDigit
           : z >= kDigitLikenessBoundary ? kRatioDigitHeight
                                         : kRatioLetterHeight;
}

}  // namespace

void WeighRoundGlyphs(const vision::MrzZone& zone, bool turned, MrzCandidates& candidates) {
    std::vector<std::string> text;
    for (const auto& line : candidates.lines) {
        std::string t;
        for (const auto& cell : line) t.push_back(cell.empty() ? '<' : cell.front().c);
        text.push_back(std::move(t));
    }
    std::optional<vision::GlyphHeights> heights;  // measured at the first doubtful cell
    for (std::size_t l = 0; l < candidates.lines.size(); ++l) {
        auto& line = candidates.lines[l];
        for (std::size_t p = 0; p < line.size(); ++p) {
            auto& cell = line[p];
            if (cell.empty() || cell.front().probability >= kRoundDoubtBelow) continue;
            MrzCharCandidate* zero = nullptr;
            MrzCharCandidate* oh = nullptr;
            for (MrzCharCandidate& c : cell) {
                if (c.c == '0') zero = &c;
                if (c.c == 'O') oh = &c;
            }
            if (!zero || !oh) continue;
            if (!heights) heights.emplace(zone, text, turned);
            const float ratio = HeightRatioDigitToLetter(heights->DigitLikeness(static_cast<int>(l), static_cast<int>(p)));
            const float mass = zero->probability + oh->probability;
            const float z = zero->probability * ratio, o = oh->probability;
            if (mass <= 0 || z + o <= 0) continue;
            zero->probability = mass * z / (z + o);
            oh->probability = mass * o / (z + o);
            std::stable_sort(cell.begin(), cell.end(), [](const MrzCharCandidate& x, const MrzCharCandidate& y) {
                return x.probability > y.probability;
            });
        }
    }
}

void ConfirmUncheckedByShape(const vision::GlyphAtlas& atlas, const vision::MrzZone& zone, bool turned,
                             MrzCorrectionResult& correction, MrzCandidates& candidates) {
    if (correction.uncertain.empty()) return;
    const auto checked = CheckedPositions(correction.mrz);
    const vision::GlyphMatcher matcher(atlas, zone, turned);
    const auto confirmed = [&](const MrzCorrection& u) {
        const auto l = static_cast<std::size_t>(u.line);
        const auto p = static_cast<std::size_t>(u.position);
        if (u.from != u.to || l >= checked.size() || p >= checked[l].size() || checked[l][p]) return false;
        if (l >= candidates.lines.size() || p >= candidates.lines[l].size()) return false;
        auto& cell = candidates.lines[l][p];
        if (cell.empty() || cell.front().c != u.to || cell.front().probability < kShapeLeaning) return false;
        const int length = static_cast<int>(candidates.lines[l].size());
        const auto match = [&](char c) { return matcher.Match(u.line, u.position, length, c); };
        const double own = match(u.to);
        if (!(own >= kShapeFloor)) return false;  // NaN too
        const auto offered = [&](char c) {
            for (std::size_t k = 1; k < cell.size() && cell[k].probability >= kShapeRival; ++k)
                if (cell[k].c == c) return true;
            return false;
        };
        // The OCR's rivals must lose clearly; any other shape must not win:
        // the OCR may not have offered what the glyph really is.
        for (const char* c = vision::atlas::kCharacters; *c; ++c) {
            if (*c == u.to) continue;
            const double margin = offered(*c) ? kShapeMargin : kShapeOtherMargin;
            if (!(own - match(*c) >= margin)) return false;
        }
        const float top = cell.front().probability;
        if (top < kShapeConfirmed) {
            const float rest = 1 - top;
            cell.front().probability = kShapeConfirmed;
            for (std::size_t k = 1; k < cell.size(); ++k)
                cell[k].probability = rest > 0 ? cell[k].probability * (1 - kShapeConfirmed) / rest : 0;
        }
        return true;
    };
    auto& u = correction.uncertain;
    u.erase(std::remove_if(u.begin(), u.end(), confirmed), u.end());
}

}  // namespace docintake::reader
