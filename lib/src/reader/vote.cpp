#include "reader/vote.h"

#include <algorithm>

namespace docintake::reader {

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
    if (tally.weight.empty()) {
        for (std::size_t n : shape) tally.weight.emplace_back(n);
        tally.first_seen = added_;
    }
    ++added_;
    ++tally.frames;
    for (std::size_t l = 0; l < frame.lines.size(); ++l)
        for (std::size_t p = 0; p < frame.lines[l].size(); ++p)
            for (const MrzCharCandidate& c : frame.lines[l][p])
                if (c.probability > 0) tally.weight[l][p][c.c] += std::min(c.probability, 1.f);
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
    const double n = t->frames;
    for (const auto& line : t->weight) {
        std::vector<std::vector<MrzCharCandidate>> positions;
        for (const auto& cell : line) {
            std::vector<MrzCharCandidate> cands;
            for (const auto& [c, w] : cell) cands.push_back({c, static_cast<float>(std::min(w / n, 1.0))});
            std::stable_sort(cands.begin(), cands.end(),
                             [](const MrzCharCandidate& a, const MrzCharCandidate& b) { return a.probability > b.probability; });
            positions.push_back(std::move(cands));
        }
        out.lines.push_back(std::move(positions));
    }
    return out;
}

}  // namespace docintake::reader
