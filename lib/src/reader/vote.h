#pragma once
// Per-position voting over several frames' OCR candidates.
//
// Each cell's candidates are combined as a tempered product: log-probabilities
// summed over the frames that read the cell, divided by the square root of their
// number. Frames of one scene are not independent (the same print, the same
// blur), so n agreeing frames count as sqrt(n) independent ones: a character
// every frame reads at 0.78 rises to 0.92 after four frames, while a glyph the
// OCR splits 55/45 in every frame stays doubtful for a long time (0.6 after
// about four frames; names carry no check digit). Each frame's mass outside its
// candidates (1 - their sum) stays in the vote as "something else", and is what
// a frame gives a character it did not offer; one frame's vote is exactly that
// frame's probabilities.
//
// A product rewards the plurality even when frames disagree (a W read as H, W, Y,
// V, V: V wins with confident-looking odds). So a character's vote is also capped
// by the share of frames that read it first: (k + 0.5) / (n + 0.5) for k of n.

#include <map>
#include <vector>

#include "docintake/mrz_correct.h"

namespace docintake::reader {

class CandidateVote {
public:
    // Adds one frame; false (and nothing added) when it has no MRZ shape.
    // Frames whose zone has a different shape (line count or lengths) are
    // tallied apart; the shape seen in most frames wins.
    bool Add(const MrzCandidates& frame);
    // The winning shape's vote: probabilities per cell, best first.
    MrzCandidates Voted() const;
    // Frames in the winning shape.
    int frames() const;
    void Clear() {
        tallies_.clear();
        added_ = 0;
    }

private:
    struct Cell {
        int frames = 0;                  // frames that read this cell
        std::map<char, double> log_sum;  // sum of log p over the frames that offered the character
        std::map<char, double> other_log_when_offered;  // other_log_sum's part from those frames
        std::map<char, int> top_count;   // frames whose first choice it was
        double other_log_sum = 0;        // sum of log(mass outside each frame's candidates)
    };
    struct Tally {
        int frames = 0;
        int first_seen = 0;  // ties go to the shape seen first
        std::vector<std::vector<Cell>> cells;
    };
    const Tally* Winner() const;
    std::map<std::vector<std::size_t>, Tally> tallies_;
    int added_ = 0;
};

}  // namespace docintake::reader
