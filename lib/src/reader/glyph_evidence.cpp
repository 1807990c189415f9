#include "reader/glyph_evidence.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <utility>

#include "reader/reading_policy.h"
#include "vision/glyph_cues.h"
#include "vision/glyph_match.h"

namespace docintake::reader {
namespace {

// A 0 or an O that no check digit covers is vouched for only when its height
// agrees (glyph_cues.h). On synthetic camera frames of the development set
// (seeds 610000-611199) a 0 measured above this in 92% of cells and an O
// below it in 92%.
constexpr double kDigitLikenessBoundary = 0.7;

// A U the OCR offers beside a 0 or O is dropped where the glyph's top is
// closed (glyph_cues.h: no U of 641 on the development sets reached 0.61):
// U has the check value of 0, so only the glyph can tell them apart.
constexpr double kClosedTop = 0.65;

// Where the OCR doubts between 0 and O, their glyph height (glyph_cues.h)
// weighs in as a likelihood ratio 0 : O, from how the heights of 775 0s and
// 90 Os fell on the MRV-A/B development sets (seeds 610000-611199): below 0.7
// about 1 : 10, 0.7-1.0 about 2.5 : 1, above 1.0 about 19 : 1 (used: 10 : 1).
// Two 0/O doubts at weights 7 and 3 under one check (00 and OO give the same
// check digit, and a TD1 or TD3 composite repeats those weights) are otherwise
// undecidable in every frame.
constexpr float kRoundDoubtBelow = 0.9f;  // cells the OCR is surer of keep its word

// ConfirmUncheckedByShape: how much better the top choice's shape must match
// than any rival's, how well it must match at all, and how far the OCR must
// lean to it. On the development sets (seeds 600000-600299, 610000-611199,
// 620000-620399), in the readings that were right but for at most two
// characters, 580 doubtful cells (checked or not): the OCR's top choice was
// wrong in 29. Where the shapes agreed with it by 0.05 or more and it had at
// least 0.4, it was right in 396 of 396; by less than 0.05, wrong in 2 of 96.
// The shapes alone picked right in 526 of 580. Without the floor, two sexes
// read X for M (match 0.47 and 0.50, 12 and 15 px) came out Valid.
constexpr double kShapeMargin = 0.06;
constexpr double kShapeFloor = 0.6;  // a poorer match of the top choice is no evidence
constexpr float kShapeLeaning = 0.4f;
constexpr float kShapeRival = 0.01f;  // candidates below this count as not offered
constexpr double kShapeOtherMargin = 0.0;

float HeightRatioDigitToLetter(double z) {
    if (std::isnan(z)) return 1;  // not measurable: no evidence
    return z >= 1.0 ? 10.f : z >= kDigitLikenessBoundary ? 2.5f : 0.1f;
}

}  // namespace

void DropOpenTopTwins(const vision::MrzZone& zone, bool turned, MrzCandidates& candidates) {
    for (std::size_t l = 0; l < candidates.lines.size(); ++l) {
        auto& line = candidates.lines[l];
        for (std::size_t p = 0; p < line.size(); ++p) {
            auto& cell = line[p];
            const auto has = [&](char c) {
                return std::any_of(cell.begin(), cell.end(), [c](const MrzCharCandidate& x) { return x.c == c; });
            };
            if (!has('U') || !(has('0') || has('O'))) continue;
            if (vision::TopClosure(zone, static_cast<int>(l), static_cast<int>(p), static_cast<int>(line.size()), turned) <
                kClosedTop)
                continue;
            float total = 0, u = 0;
            for (const MrzCharCandidate& c : cell) (c.c == 'U' ? u : total) += c.probability;
            cell.erase(std::remove_if(cell.begin(), cell.end(), [](const MrzCharCandidate& c) { return c.c == 'U'; }),
                       cell.end());
            // The rest keeps the cell's mass: the glyph is round, which of them is the OCR's call.
            if (total > 0)
                for (MrzCharCandidate& c : cell) c.probability *= (total + u) / total;
        }
    }
}

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

void SplitRoundPair(std::vector<MrzCharCandidate>& cell) {
    float mass = 0;
    for (const MrzCharCandidate& c : cell)
        if (c.c == '0' || c.c == 'O') mass += c.probability;
    cell.erase(std::remove_if(cell.begin(), cell.end(), [](const MrzCharCandidate& c) { return c.c == '0' || c.c == 'O'; }),
               cell.end());
    cell.push_back({'0', mass / 2});
    cell.push_back({'O', mass / 2});
    std::stable_sort(cell.begin(), cell.end(),
                     [](const MrzCharCandidate& x, const MrzCharCandidate& y) { return x.probability > y.probability; });
}

const char* CheckRoundGlyphs(const vision::MrzZone& zone, bool turned, MrzCorrectionResult& correction,
                             MrzCandidates& candidates) {
    const MrzReadingStatus status = correction.status;
    if (status != MrzReadingStatus::Valid && status != MrzReadingStatus::Ambiguous) return nullptr;
    const std::vector<MrzCorrection> round = UncheckedRoundGlyphs(correction.mrz);
    if (round.empty()) return nullptr;
    const vision::GlyphHeights heights(zone, correction.mrz.lines, turned);
    const char* doubt = nullptr;
    for (const MrzCorrection& g : round) {
        const double z = heights.DigitLikeness(g.line, g.position);
        const bool agrees = g.to == '0' ? z >= kDigitLikenessBoundary : z <= kDigitLikenessBoundary;  // NaN: no
        if (agrees) continue;
        auto& lines = candidates.lines;
        if (static_cast<std::size_t>(g.line) < lines.size() &&
            static_cast<std::size_t>(g.position) < lines[static_cast<std::size_t>(g.line)].size())
            SplitRoundPair(lines[static_cast<std::size_t>(g.line)][static_cast<std::size_t>(g.position)]);
        correction.uncertain.push_back(g);
        if (correction.status == MrzReadingStatus::Valid) {
            correction.status = MrzReadingStatus::Ambiguous;
            doubt = "a 0 or O that no check digit covers does not stand as tall as the reading says";
        }
    }
    return doubt;
}

}  // namespace docintake::reader
