#include "reader/vote.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <utility>
#include <vector>

namespace docintake::reader {
namespace {

// The least probability anything keeps in a frame: no frame is ever certain, and
// one frame cannot veto a character the others read.
constexpr double kFloor = 0.001;

// How often the OCR's saturated top choice (0.98-0.99) is wrong. Measured on the
// calibration set of issue 24's calibrated-decision experiment (camera profile,
// seeds 600000-600399, model mrz; docs/experiments/calibrated-decision.md): the
// 0.99-0.995 bin held 2 wrong of 8650 letters without a check, 1 of 1708 under a
// check, 0 of 15467 digits and fillers; 0.95-0.99: 1 of 1159. 1e-3 is above the
// 95% upper bound of the worst of these (3 wrong of 1159 + 1708 + 8650 letters:
// 7e-4), so it errs toward doubt.
constexpr double kSaturatedError = 1e-3;
constexpr double kSaturatedAbove = 0.98;

double CalibratedTop(double p) { return p >= kSaturatedAbove ? 1.0 - kSaturatedError : p; }

// What a calibrated frame leaves outside its candidates: a saturated frame's
// error rate, otherwise the mass the OCR left (at least the floor).
double CalibratedOther(double top, double mass) {
    return top >= kSaturatedAbove ? kSaturatedError : std::clamp(1.0 - mass, kFloor, 1.0);
}

}  // namespace

bool CandidateVote::Add(const MrzCandidates& frame, bool new_sample) {
    std::vector<std::string> top;
    std::vector<std::size_t> shape;
    for (const auto& line : frame.lines) {
        std::string t;
        for (const auto& pos : line) t.push_back(pos.empty() ? '<' : pos.front().c);
        shape.push_back(line.size());
        top.push_back(std::move(t));
    }
    MrzFormat format;
    Error error;
    if (!DetectMrzFormat(top, format, error)) return false;
    Tally& tally = tallies_[shape];
    if (tally.cells.empty()) {
        for (std::size_t n : shape) tally.cells.emplace_back(n);
        tally.first_seen = added_;
    }
    ++added_;
    ++tally.frames;
    if (!new_sample) return true;  // counts for the shape, adds no evidence
    ++tally.samples;
    for (std::size_t l = 0; l < frame.lines.size(); ++l)
        for (std::size_t p = 0; p < frame.lines[l].size(); ++p) {
            const auto& cands = frame.lines[l][p];
            if (cands.empty()) continue;  // unreadable here: no evidence either way
            Cell& cell = tally.cells[l][p];
            ++cell.frames;
            double mass = 0;
            std::map<char, double> best;  // one probability per character
            for (const MrzCharCandidate& c : cands) best[c.c] = std::max(best[c.c], static_cast<double>(c.probability));
            for (const auto& [c, prob] : best) mass += prob;
            const double other_log = std::log(std::clamp(1.0 - mass, kFloor, 1.0));
            cell.other_log_sum += other_log;
            for (const auto& [c, prob] : best) {
                cell.log_sum[c] += std::log(std::clamp(prob, kFloor, 1.0));
                cell.other_log_when_offered[c] += other_log;
            }
            ++cell.top_count[cands.front().c];
            const double top_probability = cands.front().probability;
            const double calibrated_other = std::log(CalibratedOther(top_probability, mass));
            cell.calibrated_other_log_sum += calibrated_other;
            for (const auto& [c, prob] : best) {
                const double calibrated = c == cands.front().c ? CalibratedTop(prob) : prob;
                cell.calibrated_log_sum[c] += std::log(std::clamp(calibrated, kSaturatedError, 1.0));
                cell.calibrated_other_when_offered[c] += calibrated_other;
            }
        }
    return true;
}

const CandidateVote::Tally* CandidateVote::Winner() const {
    const Tally* best = nullptr;
    for (const auto& [shape, tally] : tallies_)
        if (!best || tally.frames > best->frames ||
            (tally.frames == best->frames && tally.first_seen < best->first_seen))
            best = &tally;
    return best;
}

int CandidateVote::frames() const {
    const Tally* t = Winner();
    return t ? t->frames : 0;
}

int CandidateVote::samples() const {
    const Tally* t = Winner();
    return t ? t->samples : 0;
}

namespace {

// Each offered character's share of a cell's evidence (softmax of its summed log
// probabilities, each scaled by `temper`, against "something else"): frames that
// did not offer c give it their "something else".
std::vector<std::pair<char, double>> Shares(const std::map<char, double>& log_sum,
                                            const std::map<char, double>& other_when_offered, double other_log_sum,
                                            double temper) {
    std::vector<std::pair<char, double>> scores;
    double top = other_log_sum * temper;
    for (const auto& [c, sum] : log_sum) {
        const double missing = other_log_sum - other_when_offered.at(c);
        scores.emplace_back(c, (sum + missing) * temper);
        top = std::max(top, scores.back().second);
    }
    double total = std::exp(other_log_sum * temper - top);
    for (const auto& s : scores) total += std::exp(s.second - top);
    for (auto& s : scores) s.second = std::exp(s.second - top) / total;
    return scores;
}

// The winning shape's cells (none: no vote), each turned into candidates by
// `candidates` (cells no frame read stay empty), most probable first.
template <typename Cells, typename PerCell>
MrzCandidates CandidatesOf(const Cells* cells, PerCell candidates) {
    MrzCandidates out;
    if (!cells) return out;
    for (const auto& line : *cells) {
        std::vector<std::vector<MrzCharCandidate>> positions;
        for (const auto& cell : line) {
            std::vector<MrzCharCandidate> cands;
            if (cell.frames > 0) {
                cands = candidates(cell);
                std::stable_sort(cands.begin(), cands.end(), [](const MrzCharCandidate& a, const MrzCharCandidate& b) {
                    return a.probability > b.probability;
                });
            }
            positions.push_back(std::move(cands));
        }
        out.lines.push_back(std::move(positions));
    }
    return out;
}

}  // namespace

MrzCandidates CandidateVote::Voted() const {
    const Tally* t = Winner();
    return CandidatesOf(t ? &t->cells : nullptr, [](const Cell& cell) {
        const double n = cell.frames;
        std::vector<MrzCharCandidate> cands;
        for (const auto& [c, p] : Shares(cell.log_sum, cell.other_log_when_offered, cell.other_log_sum,
                                         1.0 / std::sqrt(n))) {
            const auto k = cell.top_count.find(c);
            const double share = ((k == cell.top_count.end() ? 0 : k->second) + 0.5) / (n + 0.5);
            cands.push_back({c, static_cast<float>(std::min(p, share))});
        }
        return cands;
    });
}

// log P(frames | c) for each offered c; "something else" is the product of every
// frame's outside mass.
MrzCandidates CandidateVote::Independent() const {
    const Tally* t = Winner();
    return CandidatesOf(t ? &t->cells : nullptr, [](const Cell& cell) {
        std::vector<MrzCharCandidate> cands;
        for (const auto& [c, p] : Shares(cell.calibrated_log_sum, cell.calibrated_other_when_offered,
                                         cell.calibrated_other_log_sum, 1.0))
            cands.push_back({c, static_cast<float>(p)});
        return cands;
    });
}

}  // namespace docintake::reader
