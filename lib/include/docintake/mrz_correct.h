#pragma once
// Choosing the most likely MRZ from OCR alternatives, checked by the check digits.
//
// The OCR gives, for every position, candidate characters with probabilities.
// CorrectMrz searches readings that respect field types (digits in dates and
// check digits, letters in codes) and pass the check digits, and returns the most
// likely one. It never turns an unreadable MRZ into a confident wrong one: when
// no reading passes, or two passing readings are nearly as likely, it says so.

#include <string>
#include <vector>

#include "docintake/mrz.h"

namespace docintake {

struct MrzCharCandidate {
    char c = '<';
    float probability = 0.f;  // 0..1, as the OCR reports it
};

// lines[l][p] = candidates for line l, position p, best first. Positions with no
// candidates are unreadable.
struct MrzCandidates {
    std::vector<std::vector<std::vector<MrzCharCandidate>>> lines;

    // Candidates from plain text: each character with probability 1.
    static MrzCandidates FromText(const std::vector<std::string>& lines);
};

enum class MrzReadingStatus {
    Valid,       // the chosen reading passes every check and no rival comes close
    Ambiguous,   // passing readings exist, but a rival is nearly as likely, or a
                 // character the checks cannot verify is uncertain
    Invalid,     // no reading within the correction budget passes every check
    Unreadable,  // not an MRZ shape (line count or lengths), or positions missing
};
// "valid", "ambiguous", "invalid", "unreadable".
const char* ToString(MrzReadingStatus status);

struct MrzCorrection {
    int line = 0;
    int position = 0;   // 0-based within the line
    char from = 0;      // the OCR's top choice
    char to = 0;        // what the chosen reading has there
    std::string field;  // e.g. "document_number", "birth_date_check"
};

struct MrzCorrectionOptions {
    MrzParseOptions parse;
    // Most characters changed from the OCR's top choice in one reading (at most 4).
    int max_corrections = 3;
    // A candidate below this probability is not considered at all.
    float min_candidate_probability = 0.01f;
    // The chosen reading must be this many times likelier than any other passing
    // reading, otherwise the status is Ambiguous.
    float min_likelihood_ratio = 20.f;
    // Characters not covered by any check digit (names, codes, sex) below this
    // probability are listed as uncertain.
    float uncertain_below = 0.6f;
    // Below this OCR probability a checked character is doubtful. The reading is
    // Ambiguous, however well the checks pass, when one check covers two doubtful
    // characters (their errors could compensate), or when a doubtful character is
    // the OCR's own top choice and has a twin the 7-3-1 check cannot tell apart
    // (values differing by a multiple of 10: '<' K U A 0; 8 S I ...).
    float min_unverifiable_probability = 0.8f;
};

struct MrzCorrectionResult {
    MrzReadingStatus status = MrzReadingStatus::Unreadable;
    Error error;   // set when Unreadable
    Mrz mrz;       // the chosen reading, parsed (also for Invalid: the top reading)
    std::vector<MrzCorrection> corrections;  // where the chosen reading departs from the top choice
    // Positions not protected by a check digit whose best character is uncertain.
    std::vector<MrzCorrection> uncertain;
    double log_likelihood = 0;  // of the chosen reading
    double confidence = 0;      // 0..1: probability mass of the chosen reading among the passing ones

    bool corrected() const { return !corrections.empty(); }
};

MrzCorrectionResult CorrectMrz(const MrzCandidates& candidates, const MrzCorrectionOptions& options = {});

}  // namespace docintake
