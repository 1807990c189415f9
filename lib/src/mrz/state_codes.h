#pragma once
// Issuing states and nationalities come from a closed list (ICAO 9303 part 3
// and its special codes). Among the OCR's alternatives for a code's three
// positions, only listed codes are possible readings: the list constrains the
// field much as a check digit would (XP? read O, Q, 0 or D can only be XPO).

#include <string>
#include <vector>

#include "mrz/candidates.h"

namespace docintake::mrz {

struct ListedCode {
    bool found = false;  // some listed code can be spelt from the alternatives
    std::string chars;   // the likeliest one, as it stands in the MRZ ("D<<")
    // Its share of the OCR probability of all listed codes that can be spelt:
    // 1 when it is the only one.
    double share = 0;
};

// positions: the choices at the code's positions (three), in order.
ListedCode LikeliestListedCode(const std::vector<const PositionChoices*>& positions);

// For the issuing state and nationality fields that no check covers: writes the
// likeliest listed code into `best` and returns, per position, the evidence for
// its letter (the code's share times the OCR's proposed mass there); -1 where
// the position is not such a field or no listed code can be spelt.
std::vector<std::vector<double>> ResolveStateCodes(MrzFormat format, const MrzCandidates& input,
                                                   const std::vector<std::vector<PositionChoices>>& choices,
                                                   const std::vector<std::vector<int>>& in_group,
                                                   std::vector<std::string>& best);

}  // namespace docintake::mrz
