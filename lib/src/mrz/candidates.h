#pragma once
// Per-position candidates for the MRZ correction, restricted to what each
// position may hold (digits in dates, letters in codes).

#include <string>
#include <vector>

#include "docintake/mrz_correct.h"
#include "mrz/layout.h"

namespace docintake::mrz {

struct Choice {
    char c = '<';
    double log_p = 0;     // for ranking: a character forced by the field type costs extra
    double evidence = 0;  // the OCR's own probability for what it saw (0 when unreadable)
};

struct PositionChoices {
    char ocr_top = 0;            // the OCR's own first choice, 0 when unreadable
    std::vector<Choice> choices; // allowed by the position's class, likeliest first
};

bool Allowed(char c, CharClass cls);

// Whether another character allowed here has the same check value modulo 10,
// so that no check digit can tell the two apart.
bool HasUndetectableTwin(char c, CharClass cls);

// The class-allowed character an OCR confusion most likely stands for
// (O->0 in a date, 0->O in a code), or 0 when there is none.
char ConfusionFor(char c, CharClass cls);

// Characters OCR-B draws so alike that an OCR may read one for another with full
// confidence at small sizes (0 O D Q; 1 I; 2 Z; 5 S; 6 G; 8 B), restricted to
// what `cls` allows; empty when there are none.
std::string ShapeTwins(char c, CharClass cls);

// Filters and maps one position's OCR candidates. An unreadable position (no
// candidates) may be anything its class allows, each equally unlikely.
PositionChoices ChoicesAt(const std::vector<MrzCharCandidate>& ocr, CharClass cls,
                          float min_probability, int max_choices);

}  // namespace docintake::mrz
