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
//
// Independent() is the other reading of the same frames: each frame's rectified
// image is a new sample of the same print, so, given the true character, frames
// are taken as independent and their probabilities multiply, untempered and
// uncapped. Each frame's probabilities are first calibrated: where the OCR is
// saturated (top choice at 0.98 or more; it never says more than 0.99), that
// choice is wrong at the rate kSaturatedError, not 1 in 100. A dissent then
// costs what it should: n frames reading one character and m another, all
// saturated, give odds of about 1000^(n - m).

#include <map>
#include <vector>

#include "docintake/mrz_correct.h"

namespace docintake::reader {

class CandidateVote {
public:
    // Adds one frame; false (and nothing added) when it has no MRZ shape.
    // Frames whose zone has a different shape (line count or lengths) are
    // tallied apart; the shape seen in most frames wins.
    // `new_sample`: false when the frame repeats an earlier one's view (the same
    // image, or a document lying still under a fixed camera): it then counts for
    // its shape only. Its misreadings are the earlier frame's, so it adds no
    // evidence to Voted() nor to Independent().
    bool Add(const MrzCandidates& frame, bool new_sample = true);
    // The winning shape's vote: probabilities per cell, best first.
    MrzCandidates Voted() const;
    // The winning shape's cells with the frames taken as independent samples.
    MrzCandidates Independent() const;
    // Frames in the winning shape.
    int frames() const;
    // Of those, frames added as new samples.
    int samples() const;
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
        // The same sums for Independent(), over calibrated probabilities.
        std::map<char, double> calibrated_log_sum;
        std::map<char, double> calibrated_other_when_offered;
        double calibrated_other_log_sum = 0;
    };
    struct Tally {
        int frames = 0;
        int samples = 0;
        int first_seen = 0;  // ties go to the shape seen first
        std::vector<std::vector<Cell>> cells;
    };
    const Tally* Winner() const;
    std::map<std::vector<std::size_t>, Tally> tallies_;
    int added_ = 0;
};

}  // namespace docintake::reader
