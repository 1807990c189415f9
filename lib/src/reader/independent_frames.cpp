#include "reader/independent_frames.h"

#include <algorithm>

#include "mrz/candidates.h"
#include "mrz/layout.h"
#include "reader/reading_policy.h"

namespace docintake::reader {

double ReadingErrorBound(const MrzCorrectionResult& c, const MrzCandidates& p, const MrzCorrectionOptions& options) {
    const Mrz& mrz = c.mrz;
    if (mrz.lines.size() != p.lines.size()) return 1;
    const auto checked = CheckedPositions(mrz);
    const auto classes = mrz::CharClasses(mrz.format);
    if (classes.size() != mrz.lines.size()) return 1;
    double error = 1.0 - c.confidence;
    for (std::size_t l = 0; l < mrz.lines.size(); ++l) {
        if (mrz.lines[l].size() != p.lines[l].size() || classes[l].size() != p.lines[l].size()) return 1;
        for (std::size_t i = 0; i < mrz.lines[l].size(); ++i) {
            // Each candidate as the field reads it (an O in a date is a 0).
            double chosen = 0, offered = 0, unsearched_rival = 0;
            for (const MrzCharCandidate& k : p.lines[l][i]) {
                const char as_field = mrz::Allowed(k.c, classes[l][i]) ? k.c : mrz::ConfusionFor(k.c, classes[l][i]);
                offered += k.probability;
                if (as_field == mrz.lines[l][i]) chosen += k.probability;
                else if (k.probability < options.min_candidate_probability) unsearched_rival += k.probability;
            }
            const double outside = std::max(0.0, 1.0 - offered);
            error += checked[l][i] ? 0.1 * (unsearched_rival + outside) : std::max(0.0, 1.0 - chosen);
        }
    }
    return std::min(1.0, error);
}

std::optional<IndependentReading> ReadIndependent(const CandidateVote& vote, const MrzCorrectionOptions& options,
                                                  bool strict_unchecked) {
    if (vote.frames() == 0) return std::nullopt;
    const MrzCandidates posterior = vote.Independent();
    IndependentReading r;
    r.correction = CorrectMrz(posterior, options);
    r.status = FinalStatus(r.correction, strict_unchecked);
    if (r.status == MrzReadingStatus::Valid || r.status == MrzReadingStatus::Ambiguous)
        r.error_probability = ReadingErrorBound(r.correction, posterior, options);
    return r;
}

}  // namespace docintake::reader
