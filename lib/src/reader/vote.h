#pragma once
// Per-position voting over several frames' OCR candidates.

#include <map>
#include <vector>

#include "docintake/mrz_correct.h"

namespace docintake::reader {

// Sums each frame's candidate probabilities per cell. Frames whose zone has a
// different shape (line count or length) are tallied apart; the shape seen in
// most frames wins.
class CandidateVote {
public:
    // Adds one frame; false (and nothing added) when it has no MRZ shape.
    bool Add(const MrzCandidates& frame);
    // The winning shape's frames, averaged: probabilities per cell, best first.
    MrzCandidates Voted() const;
    // Frames in the winning shape.
    int frames() const;
    void Clear() {
        tallies_.clear();
        added_ = 0;
    }

private:
    struct Tally {
        int frames = 0;
        int first_seen = 0;  // ties go to the shape seen first
        // weight[line][position][char]
        std::vector<std::vector<std::map<char, double>>> weight;
    };
    const Tally* Winner() const;
    std::map<std::vector<std::size_t>, Tally> tallies_;
    int added_ = 0;
};

}  // namespace docintake::reader
