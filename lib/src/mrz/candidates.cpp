#include "mrz/candidates.h"

#include <algorithm>
#include <cmath>

namespace docintake::mrz {
namespace {

// A character the OCR did not propose, forced by the field type, is kept but made
// less likely than a proposed one; an unreadable position is a guess.
constexpr double kConfusionFactor = 0.5;
constexpr double kUnreadableProbability = 0.01;

const char kLetters[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ<";
const char kDigits[] = "0123456789<";
const char kAlphaNum[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<";
const char kSex[] = "MFX<";

const char* AllowedSet(CharClass cls) {
    switch (cls) {
        case CharClass::Letter: return kLetters;
        case CharClass::Digit: return kDigits;
        case CharClass::AlphaNum: return kAlphaNum;
        case CharClass::Sex: return kSex;
    }
    return kAlphaNum;
}

}  // namespace

bool Allowed(char c, CharClass cls) {
    for (const char* p = AllowedSet(cls); *p; ++p)
        if (*p == c) return true;
    return false;
}

bool HasUndetectableTwin(char c, CharClass cls) {
    const int v = CharValue(c);
    for (const char* p = AllowedSet(cls); *p; ++p)
        if (*p != c && CharValue(*p) % 10 == v % 10) return true;
    return false;
}

char ConfusionFor(char c, CharClass cls) {
    if (cls == CharClass::Digit) {
        switch (c) {
            case 'O': case 'Q': case 'D': case 'U': return '0';
            case 'I': case 'L': case 'T': return '1';
            case 'Z': return '2';
            case 'A': return '4';
            case 'S': return '5';
            case 'G': return '6';
            case 'B': return '8';
            case 'K': return '<';
            default: return 0;
        }
    }
    if (cls == CharClass::Letter || cls == CharClass::Sex) {
        char m = 0;
        switch (c) {
            case '0': m = 'O'; break;
            case '1': m = 'I'; break;
            case '2': m = 'Z'; break;
            case '4': m = 'A'; break;
            case '5': m = 'S'; break;
            case '6': m = 'G'; break;
            case '8': m = 'B'; break;
            default: m = 0;
        }
        if (cls == CharClass::Sex) {
            if (c == 'H' || c == 'N') m = 'M';
            if (c == 'E' || c == 'P') m = 'F';
            if (c == 'K') m = '<';
        }
        return (m && Allowed(m, cls)) ? m : 0;
    }
    return 0;
}

std::string ShapeTwins(char c, CharClass cls) {
    const char* twins = "";
    switch (c) {
        case '0': twins = "ODQ"; break;
        case 'O': twins = "0DQ"; break;
        case 'D': twins = "0O"; break;
        case 'Q': twins = "0O"; break;
        case '1': twins = "I"; break;
        case 'I': twins = "1"; break;
        case '2': twins = "Z"; break;
        case 'Z': twins = "2"; break;
        case '5': twins = "S"; break;
        case 'S': twins = "5"; break;
        case '6': twins = "G"; break;
        case 'G': twins = "6"; break;
        case '8': twins = "B"; break;
        case 'B': twins = "8"; break;
        default: break;
    }
    std::string out;
    for (const char* t = twins; *t; ++t)
        if (Allowed(*t, cls)) out.push_back(*t);
    return out;
}

PositionChoices ChoicesAt(const std::vector<MrzCharCandidate>& ocr, CharClass cls,
                          float min_probability, int max_choices) {
    PositionChoices out;
    if (!ocr.empty()) out.ocr_top = ocr.front().c;
    // Sum probabilities per allowed character: 'O' and '0' both vote for '0' in a date.
    double p[128] = {};
    double evidence[128] = {};
    for (const auto& cand : ocr) {
        if (cand.probability < min_probability || static_cast<unsigned char>(cand.c) >= 128) continue;
        if (Allowed(cand.c, cls)) {
            p[static_cast<int>(cand.c)] += cand.probability;
            evidence[static_cast<int>(cand.c)] += cand.probability;
        } else if (const char m = ConfusionFor(cand.c, cls)) {
            p[static_cast<int>(m)] += cand.probability * kConfusionFactor;
            evidence[static_cast<int>(m)] += cand.probability;
        }
    }
    for (int c = 0; c < 128; ++c)
        if (p[c] > 0)
            out.choices.push_back({static_cast<char>(c), std::log(std::min(p[c], 1.0)), std::min(evidence[c], 1.0)});
    if (out.choices.empty()) {
        // Unreadable here: any allowed character, none preferred.
        out.ocr_top = 0;
        for (const char* a = AllowedSet(cls); *a; ++a)
            out.choices.push_back({*a, std::log(kUnreadableProbability), 0.0});
        return out;
    }
    std::stable_sort(out.choices.begin(), out.choices.end(),
                     [](const Choice& a, const Choice& b) { return a.log_p > b.log_p; });
    if (static_cast<int>(out.choices.size()) > max_choices) out.choices.resize(max_choices);
    return out;
}

}  // namespace docintake::mrz
