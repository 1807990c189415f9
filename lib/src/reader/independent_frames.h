#pragma once
// The scanner's decision from frames taken as independent samples of one print.
//
// CandidateVote::Independent() multiplies the frames' calibrated probabilities
// position by position; this checks the result as a single reading would be
// (CorrectMrz, then the reader's policy for unchecked fields) and bounds its
// probability of being wrong (ReadingErrorBound).

#include <optional>

#include "docintake/mrz_correct.h"
#include "reader/vote.h"

namespace docintake::reader {

struct IndependentReading {
    MrzCorrectionResult correction;
    MrzReadingStatus status = MrzReadingStatus::Unreadable;  // after the reader's policy
    double error_probability = 1;
};

// Probability that `c`'s reading is not the printed text, given per-position
// posteriors `p` (the candidates CorrectMrz searched): the mass of the passing
// rivals (1 - confidence), plus at each position no check digit covers the
// posterior of anything but the chosen character, plus at checked positions a
// tenth (a substitution passes a 7-3-1 check about one time in ten) of the mass
// the search did not consider (below options.min_candidate_probability or
// outside every frame's candidates). At most 1.
double ReadingErrorBound(const MrzCorrectionResult& c, const MrzCandidates& p, const MrzCorrectionOptions& options);

// The independent frames' reading, checked; nullopt when the vote has no frames.
std::optional<IndependentReading> ReadIndependent(const CandidateVote& vote, const MrzCorrectionOptions& options,
                                                  bool strict_unchecked);

}  // namespace docintake::reader
