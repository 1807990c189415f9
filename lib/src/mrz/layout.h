#pragma once
// Where each field and check digit of an MRZ sits, per format (ICAO 9303, and the
// driving licences of docs/mrz-formats.md).
// Shared by the parser and the OCR correction so they agree on every position.

#include <cstdint>
#include <string>
#include <vector>

#include "docintake/mrz.h"

namespace docintake::mrz {

// What a position may hold.
enum class CharClass : std::uint8_t {
    Letter,    // A-Z or '<' (codes, names)
    Digit,     // 0-9 or '<' (dates, check digits)
    AlphaNum,  // A-Z, 0-9 or '<' (numbers, optional data)
    Sex,       // M, F, X or '<'
};

struct Span {
    int line = 0;
    int start = 0;
    int length = 0;
};

struct FieldSpec {
    const char* name;
    Span span;
    CharClass cls;
};

// A check digit and the characters it covers, resolved for one MRZ (the spans of
// a long TD1/TD2 document number depend on the text).
struct CheckSpec {
    std::string name;
    std::vector<Span> covered;
    int digit_line = 0;
    int digit_pos = 0;
    // TD3 personal number: an all-filler field may have '<' as its check digit.
    bool filler_digit_allowed = false;
};

// Fields are listed in order; a later entry for positions an earlier one holds
// narrows their class (the first entry of a name is its span).
struct Layout {
    MrzFormat format;
    int line_count;
    int line_length;
    std::vector<FieldSpec> fields;
    int first_line_length = 0;  // when line 1 is shorter (Swiss licence: 9); 0 = line_length
};

const Layout& LayoutOf(MrzFormat format);

// The length of each line of the layout.
std::vector<int> LineLengths(const Layout& layout);

// Character class of every position, as lines of the layout's shape.
std::vector<std::vector<CharClass>> CharClasses(MrzFormat format);

// The checks of this MRZ. `lines` must have the layout's shape; the document
// number's check moves into the optional data when the number is long.
std::vector<CheckSpec> ResolveChecks(MrzFormat format, const std::vector<std::string>& lines);

// Value of an MRZ character for the 7-3-1 check: 0-9, A=10..Z=35, '<'=0; -1 otherwise.
inline int CharValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
    if (c == '<') return 0;
    return -1;
}

// The check digit over spans of `lines`, as a character '0'-'9'.
char CheckDigitOver(const std::vector<std::string>& lines, const std::vector<Span>& spans);

// Whether a check passes for these lines.
bool CheckPasses(const CheckSpec& check, const std::vector<std::string>& lines);

}  // namespace docintake::mrz
