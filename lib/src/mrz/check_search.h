#pragma once
// The search inside CorrectMrz: the likeliest readings of each check group
// within a correction budget, and their combinations that pass the composite.

#include <string>
#include <vector>

#include "mrz/candidates.h"

namespace docintake::mrz {

struct Pos {
    int line;
    int index;
};

struct Group {
    std::vector<Pos> positions;  // in check order; the check digit last when has_check
    std::vector<int> own_weight; // weight in the group's check, 0 for the digit itself
    bool has_check = false;
    bool filler_digit_allowed = false;
};

struct GroupReading {
    double log_p = 0;
    int changes = 0;
    int composite_residue = 0;
    std::string chars;
};

struct Search {
    const std::vector<std::vector<PositionChoices>>* choices;
    const std::vector<std::vector<int>>* composite_weight;
    int max_changes;
};

// A partial combination of group readings.
struct Partial {
    double log_p = 0;
    int changes = 0;
    int residue = 0;
    std::vector<int> picks;  // index into each group's readings
};

// The character that costs no correction: the likeliest one the field allows,
// which is the OCR's top choice or what the field type makes of it (an O read
// in a date is a 0). Counting those as corrections spent the search's budget
// on them and hid rivals (two compensating 0/O doubts next to a date read with
// Os). None for an unreadable cell: anything there is a correction.
char Unchanged(const PositionChoices& pc);

// A group's likeliest readings that pass its own check, best first.
std::vector<GroupReading> BestReadings(const Search& s, const Group& g);

// Combinations of one reading per group within the budget, by composite residue.
std::vector<Partial> Combine(const std::vector<std::vector<GroupReading>>& groups, int max_changes);

}  // namespace docintake::mrz
