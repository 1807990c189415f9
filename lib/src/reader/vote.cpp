#include "reader/vote.h"

#include <algorithm>
#include <cmath>

namespace docintake::reader {
namespace {

// The least probability anything keeps in a frame: no frame is ever certain, and
// one frame cannot veto a character the others read.
constexpr double kFloor = 0.001;

}  // namespace

bool CandidateVote::Add(const MrzCandidates& frame) {
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

MrzCandidates CandidateVote::Voted() const {
    MrzCandidates out;
    const Tally* t = Winner();
    if (!t) return out;
    for (const auto& line : t->cells) {
        std::vector<std::vector<MrzCharCandidate>> positions;
        for (const Cell& cell : line) {
            std::vector<MrzCharCandidate> cands;
            if (cell.frames > 0) {
                const double temper = 1.0 / std::sqrt(static_cast<double>(cell.frames));
                std::vector<std::pair<char, double>> scores;
                double top = cell.other_log_sum * temper;
                for (const auto& [c, log_sum] : cell.log_sum) {
                    // Frames that did not offer c give it their "something else".
                    const double missing = cell.other_log_sum - cell.other_log_when_offered.at(c);
                    scores.emplace_back(c, (log_sum + missing) * temper);
                    top = std::max(top, scores.back().second);
                }
                double total = std::exp(cell.other_log_sum * temper - top);
                for (const auto& s : scores) total += std::exp(s.second - top);
                const double n = cell.frames;
                for (const auto& [c, score] : scores) {
                    const auto k = cell.top_count.find(c);
                    const double share = ((k == cell.top_count.end() ? 0 : k->second) + 0.5) / (n + 0.5);
                    cands.push_back({c, static_cast<float>(std::min(std::exp(score - top) / total, share))});
                }
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

}  // namespace docintake::reader
