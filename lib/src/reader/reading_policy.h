#pragma once
// What the reader and the scanner report on top of CorrectMrz's status.
//
// CorrectMrz vouches for what check digits cover. Names, codes, sex and visa
// optional data carry none, so a Valid reading could still be wrong there. The
// reader therefore reports Valid only when, in those unchecked positions, every
// character is the OCR's own confident top choice, and the state codes are ones
// we know (an unknown code after OCR is far more often a misreading, e.g. GBD
// read as GB0 and mapped to GBO, than a new state).

#include <vector>

#include "docintake/mrz_correct.h"

namespace docintake::reader {

// checked[line][pos]: some check digit covers the position (or is it).
std::vector<std::vector<bool>> CheckedPositions(const Mrz& mrz);

// Why an otherwise Valid reading is not trusted, or nullptr when it is.
const char* UncheckedDoubt(const MrzCorrectionResult& correction);

// CorrectMrz's status, with Valid lowered to Ambiguous when strict and
// UncheckedDoubt finds a reason (then given in `doubt` when not null).
MrzReadingStatus FinalStatus(const MrzCorrectionResult& correction, bool strict_unchecked,
                             const char** doubt = nullptr);

}  // namespace docintake::reader
