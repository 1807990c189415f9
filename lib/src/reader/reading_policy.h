#pragma once
// What the reader and the scanner report on top of CorrectMrz's status.

#include "docintake/mrz_correct.h"

namespace docintake::reader {

// True when an uncertain character sits where no check digit looks (names,
// codes, sex, MRV optional data): the checks cannot catch an error there.
bool HasUncertainUnchecked(const MrzCorrectionResult& correction);

// CorrectMrz's status, with Valid lowered to Ambiguous when strict and an
// unchecked character is uncertain: a Valid reading must be right everywhere.
MrzReadingStatus FinalStatus(const MrzCorrectionResult& correction, bool strict_unchecked);

}  // namespace docintake::reader
