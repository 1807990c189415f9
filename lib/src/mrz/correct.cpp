// Candidate-based MRZ correction: the likeliest reading that passes every check.
//
// Positions fall into groups: one per check digit (the digit and what it covers),
// the rest of what the composite check covers, and positions no check covers
// (names, codes, sex). Each checked group is searched on its own for its likeliest
// passing readings within the correction budget; the groups are then combined so
// that the composite check passes. Unchecked positions take their likeliest
// allowed character and are reported as uncertain when the OCR was unsure.
#include <algorithm>
#include <cmath>

#include "docintake/mrz_correct.h"
#include "mrz/candidates.h"
#include "mrz/check_search.h"
#include "mrz/layout.h"
#include "mrz/licence.h"
#include "mrz/state_codes.h"

namespace docintake {
namespace {

using mrz::Choice;
using mrz::Group;
using mrz::GroupReading;
using mrz::Partial;
using mrz::Pos;
using mrz::PositionChoices;
using mrz::Search;

constexpr int kMaxChoicesPerPosition = 4;
constexpr std::size_t kFinalReadings = 24;
constexpr int kMaxCorrections = 4;
const int kWeights[3] = {7, 3, 1};

double EvidenceFor(const PositionChoices& pc, char c) {
    for (const Choice& ch : pc.choices)
        if (ch.c == c) return ch.evidence;
    return 0;
}

// A doubtful 0 or O whose twins (0: < A K U; O: 4 E Y) the OCR did not propose:
// it saw a round glyph and only doubts which one, and the check digit tells the
// round glyphs (0 O C D G Q) from the picked one. Measured on synthetic camera
// frames kept apart from the benchmark: with this much mass on round glyphs,
// 214 doubtful positions (seeds 600000-600199, mass on 0 and O alone) and then
// 465 (seeds 600000-600299, 610000-610199, 611000-611199, all round glyphs) never
// had a twin for their truth. The twin that did slip through there (K read as
// A, no mass on K) is not round, and stays held back.
constexpr double kRoundGlyphMass = 0.99;
bool IsRound(char c) { return c == '0' || c == 'O' || c == 'C' || c == 'D' || c == 'G' || c == 'Q'; }
bool RoundGlyphDoubt(const PositionChoices& pc, char picked) {
    if (picked != '0' && picked != 'O') return false;
    double round = 0;
    for (const Choice& ch : pc.choices)
        if (IsRound(ch.c)) round += ch.evidence;
    return round >= kRoundGlyphMass;
}

struct RoundDoubt {
    int line = 0, index = 0;
    char picked = 0;
    std::string round;  // the round glyphs the OCR proposed there (the picked one included)
};

// The weight of a position in a group's own check: -1 for the check digit
// (the sum must change with it), 0 when the group has no check.
int OwnWeight(const Group* g, int line, int index) {
    if (!g || !g->has_check) return 0;
    for (std::size_t k = 0; k < g->positions.size(); ++k)
        if (g->positions[k].line == line && g->positions[k].index == index)
            return k + 1 == g->positions.size() ? -1 : g->own_weight[k];
    return 0;
}

// Whether another pair of the round glyphs proposed at two doubtful positions
// leaves every check that covers them (the group's own, the composite) as it is.
bool RoundSwapPasses(const RoundDoubt& a, const RoundDoubt& b, const Group* g,
                     const std::vector<std::vector<int>>& composite_weight) {
    const int own_a = OwnWeight(g, a.line, a.index), own_b = OwnWeight(g, b.line, b.index);
    const int comp_a = composite_weight[static_cast<std::size_t>(a.line)][static_cast<std::size_t>(a.index)];
    const int comp_b = composite_weight[static_cast<std::size_t>(b.line)][static_cast<std::size_t>(b.index)];
    const int va = mrz::CharValue(a.picked), vb = mrz::CharValue(b.picked);
    for (const char x : a.round) {
        for (const char y : b.round) {
            if (x == a.picked && y == b.picked) continue;
            const int dx = mrz::CharValue(x) - va, dy = mrz::CharValue(y) - vb;
            const bool own_same = ((own_a * dx + own_b * dy) % 10 + 10) % 10 == 0;
            const bool comp_same = ((comp_a * dx + comp_b * dy) % 10 + 10) % 10 == 0;
            if (own_same && comp_same) return true;
        }
    }
    return false;
}

std::string FieldAt(MrzFormat format, int line, int index) {
    for (const auto& f : mrz::LayoutOf(format).fields)
        if (f.span.line == line && index >= f.span.start && index < f.span.start + f.span.length) return f.name;
    return {};
}

// How often the OCR reads a shape twin for the character it sees, however sure
// it is, from synthetic camera frames at 14 px and more (seeds 600000-600299,
// 610000-610199, 611000-611199, ~13000 twin characters): round glyphs (0 O D Q)
// 1.2% of them, 0.4-0.5% with 0.8 or more confidence; the other twins (1 I, 2 Z,
// 5 S, 6 G, 8 B) 0.04%, none with 0.8 or more. Rounded up, round glyphs with a
// margin: at 0.01 a reading that was right by luck (00 read 0O, the same
// cancelling pair, top at 0.83) still passed, at 0.0497 of its rival's odds.
double TwinMisreadRate(char seen) {
    const bool round = seen == '0' || seen == 'O' || seen == 'D' || seen == 'Q';
    return round ? 0.02 : 0.001;
}

// Whether a correction could be the wrong repair of a misread elsewhere. A check
// digit catches one error but cannot say where it is: the correction puts it
// where the OCR doubted, yet OCR-B's twins get misread with full confidence (seen:
// document number T0JTVY0 read TOJTVYO with O at 0.99; the check then "repaired"
// the correct 0 the OCR held at 0.86, as O/0 swaps at weights 3 and 7 cancel).
// The alternative (the corrected character as the OCR read it, a twin at another
// position) competes like any rival reading: it must pass every check and be at
// least 1/min_ratio as likely, the twin costing at least TwinMisreadRate.
bool CorrectionHasTwinAlternative(const std::vector<std::string>& chosen, const std::vector<MrzCorrection>& corrections,
                                  const std::vector<std::vector<PositionChoices>>& choices,
                                  const std::vector<std::vector<mrz::CharClass>>& classes,
                                  const MrzParseOptions& parse, double min_ratio) {
    for (const MrzCorrection& c : corrections) {
        const auto la = static_cast<std::size_t>(c.line), ia = static_cast<std::size_t>(c.position);
        // A letter where only digits may stand (O in a date) is the field type's
        // repair, not the check's: the check still vouches for the rest.
        if (c.from == 0 || !mrz::Allowed(c.from, classes[la][ia])) continue;
        const PositionChoices& at_a = choices[la][ia];
        const double restore = EvidenceFor(at_a, c.from) / std::max(EvidenceFor(at_a, c.to), 1e-6);
        std::vector<std::string> alt = chosen;
        alt[la][ia] = c.from;
        for (std::size_t lb = 0; lb < alt.size(); ++lb) {
            for (std::size_t ib = 0; ib < alt[lb].size(); ++ib) {
                if (lb == la && ib == ia) continue;
                const PositionChoices& at_b = choices[lb][ib];
                const char here = alt[lb][ib];
                if (here != at_b.ocr_top) continue;  // other corrected positions stay as chosen
                const double kept = std::max(EvidenceFor(at_b, here), 1e-6);
                for (const char twin : mrz::ShapeTwins(here, classes[lb][ib])) {
                    const double twin_p = std::max(EvidenceFor(at_b, twin), TwinMisreadRate(here));
                    if (restore * twin_p / kept * min_ratio < 1) continue;
                    alt[lb][ib] = twin;
                    const MrzParseResult parsed = ParseMrz(alt, parse);
                    alt[lb][ib] = here;
                    if (!parsed.error && parsed.mrz.valid()) return true;
                }
            }
        }
    }
    return false;
}

}  // namespace

MrzCandidates MrzCandidates::FromText(const std::vector<std::string>& lines) {
    MrzCandidates out;
    for (const auto& line : lines) {
        std::vector<std::vector<MrzCharCandidate>> positions;
        for (char c : line) positions.push_back({MrzCharCandidate{c, 1.f}});
        out.lines.push_back(std::move(positions));
    }
    return out;
}

namespace {

MrzCorrectionResult CorrectAs(MrzFormat format, const MrzCandidates& input, const std::vector<std::string>& top,
                              const MrzCorrectionOptions& options) {
    MrzCorrectionResult result;
    const auto classes = mrz::CharClasses(format);
    const bool licence = mrz::IsLicence(format);
    std::vector<std::vector<PositionChoices>> choices(top.size());
    std::vector<std::string> best(top.size());
    for (std::size_t l = 0; l < top.size(); ++l) {
        for (std::size_t i = 0; i < top[l].size(); ++i) {
            choices[l].push_back(mrz::ChoicesAt(input.lines[l][i], classes[l][i],
                                                options.min_candidate_probability, kMaxChoicesPerPosition));
            best[l].push_back(choices[l].back().choices.front().c);
        }
    }

    // Groups from the checks of the likeliest class-consistent reading.
    const auto checks = mrz::ResolveChecks(format, best);
    std::vector<std::vector<int>> composite_weight, in_group;  // lines may differ in length (Swiss licence)
    for (const auto& line : top) {
        composite_weight.emplace_back(line.size(), 0);
        in_group.emplace_back(line.size(), -1);
    }
    const mrz::CheckSpec* composite = nullptr;
    std::vector<Group> groups;
    int rest_group = -1;  // the positions only the composite covers, when there are any
    for (const auto& check : checks) {
        if (check.name == "composite") {
            composite = &check;
            int k = 0;
            for (const auto& span : check.covered)
                for (int i = 0; i < span.length; ++i, ++k)
                    composite_weight[span.line][span.start + i] = kWeights[k % 3];
            continue;
        }
        Group g;
        g.has_check = true;
        g.filler_digit_allowed = check.filler_digit_allowed;
        int k = 0;
        for (const auto& span : check.covered)
            for (int i = 0; i < span.length; ++i, ++k) {
                g.positions.push_back({span.line, span.start + i});
                g.own_weight.push_back(kWeights[k % 3]);
            }
        g.positions.push_back({check.digit_line, check.digit_pos});
        g.own_weight.push_back(0);
        for (const Pos& p : g.positions) in_group[p.line][p.index] = static_cast<int>(groups.size());
        groups.push_back(std::move(g));
    }
    if (composite) {
        Group rest;  // covered by the composite only
        for (const auto& span : composite->covered)
            for (int i = 0; i < span.length; ++i)
                if (in_group[span.line][span.start + i] < 0) {
                    rest.positions.push_back({span.line, span.start + i});
                    rest.own_weight.push_back(0);
                    in_group[span.line][span.start + i] = static_cast<int>(groups.size());
                }
        if (!rest.positions.empty()) {
            rest_group = static_cast<int>(groups.size());
            groups.push_back(std::move(rest));
        }
        in_group[composite->digit_line][composite->digit_pos] = static_cast<int>(groups.size());
    }

    const auto listed_evidence = mrz::ResolveStateCodes(format, input, choices, in_group, best);

    // The search grows as positions^corrections: more than a few corrections would
    // be slow, and a reading that needs them is not one to trust anyway.
    const int max_changes = std::clamp(options.max_corrections, 0, kMaxCorrections);
    const Search search{&choices, &composite_weight, max_changes};
    std::vector<std::vector<GroupReading>> readings;
    bool all_groups_pass = true;
    for (const Group& g : groups) {
        readings.push_back(BestReadings(search, g));
        if (readings.back().empty()) all_groups_pass = false;
    }

    // Complete readings, likeliest first.
    struct Complete {
        double log_p;
        std::vector<std::string> lines;
    };
    std::vector<Complete> complete;
    if (all_groups_pass) {
        for (const Partial& part : Combine(readings, max_changes)) {
            std::vector<std::string> lines = best;
            for (std::size_t gi = 0; gi < groups.size(); ++gi) {
                const GroupReading& r = readings[gi][part.picks[gi]];
                for (std::size_t j = 0; j < groups[gi].positions.size(); ++j)
                    lines[groups[gi].positions[j].line][groups[gi].positions[j].index] = r.chars[j];
            }
            if (!composite) {
                complete.push_back({part.log_p, std::move(lines)});
                continue;
            }
            const PositionChoices& cd = choices[composite->digit_line][composite->digit_pos];
            for (const Choice& ch : cd.choices) {
                const bool change = ch.c != Unchanged(cd);
                if (ch.c != static_cast<char>('0' + part.residue) || part.changes + change > max_changes)
                    continue;
                lines[composite->digit_line][composite->digit_pos] = ch.c;
                complete.push_back({part.log_p + ch.log_p, lines});
            }
        }
    }
    std::sort(complete.begin(), complete.end(), [](const Complete& a, const Complete& b) { return a.log_p > b.log_p; });
    if (complete.size() > kFinalReadings) complete.resize(kFinalReadings);

    // The full parser has the last word: it also rejects impossible dates and codes.
    const Complete* chosen = nullptr;
    const Complete* rival = nullptr;
    double mass = 0;
    for (const Complete& c : complete) {
        MrzParseResult parsed = ParseMrz(c.lines, options.parse);
        if (parsed.error || !parsed.mrz.valid()) continue;
        mass += std::exp(c.log_p - complete.front().log_p);
        if (!chosen) {
            chosen = &c;
            result.mrz = std::move(parsed.mrz);
            result.log_likelihood = c.log_p;
        } else if (!rival) {
            rival = &c;
        }
    }
    if (!chosen) {
        result.status = MrzReadingStatus::Invalid;
        result.mrz = ParseMrz(best, options.parse).mrz;
        for (const auto& pos : choices)
            for (const auto& pc : pos) result.log_likelihood += pc.choices.front().log_p;
    } else {
        result.confidence = std::exp(chosen->log_p - complete.front().log_p) / mass;
        const bool close = rival && chosen->log_p - rival->log_p < std::log(options.min_likelihood_ratio);
        result.status = close ? MrzReadingStatus::Ambiguous : MrzReadingStatus::Valid;
    }

    // What the checks cannot vouch for. A check digit catches any single error in
    // what it covers, but two doubtful characters under one check can compensate,
    // and a doubtful top choice may hide a twin the check cannot tell apart.
    const std::vector<std::string>& lines = result.mrz.lines;
    bool unverified = false;
    // Per group: its doubtful characters, and those of them that are round-glyph doubts.
    std::vector<int> doubtful_in_group(groups.size() + 1, 0);
    std::vector<std::vector<RoundDoubt>> round_in_group(groups.size() + 1);
    for (std::size_t l = 0; l < lines.size(); ++l) {
        for (std::size_t i = 0; i < lines[l].size(); ++i) {
            const PositionChoices& pc = choices[l][i];
            const int li = static_cast<int>(l);
            const int ii = static_cast<int>(i);
            const char picked = lines[l][i];
            if (picked != pc.ocr_top) result.corrections.push_back({li, ii, pc.ocr_top, picked, FieldAt(format, li, ii)});
            int group = in_group[l][i];
            // On a licence a doubt in the composite digit and one in what only it covers
            // can compensate (seen in mrz_driving_licence_noise_test): one bucket.
            if (licence && composite && li == composite->digit_line && ii == composite->digit_pos && rest_group >= 0)
                group = rest_group;
            // Unchecked positions hold `best`, so a listed code's evidence is for what was picked.
            const double evidence = listed_evidence[l][i] >= 0 ? listed_evidence[l][i] : EvidenceFor(pc, picked);
            if (group < 0) {
                if (evidence < options.uncertain_below)
                    result.uncertain.push_back({li, ii, pc.ocr_top, picked, FieldAt(format, li, ii)});
                continue;
            }
            if (evidence >= options.min_unverifiable_probability) continue;
            result.uncertain.push_back({li, ii, pc.ocr_top, picked, FieldAt(format, li, ii)});
            const bool round = RoundGlyphDoubt(pc, picked);
            ++doubtful_in_group[static_cast<std::size_t>(group)];
            if (round) {
                RoundDoubt d{li, ii, picked, std::string(1, picked)};
                for (const Choice& ch : pc.choices)
                    if (IsRound(ch.c) && ch.c != picked) d.round.push_back(ch.c);
                round_in_group[static_cast<std::size_t>(group)].push_back(std::move(d));
            }
            if (picked == pc.ocr_top && mrz::HasUndetectableTwin(picked, classes[l][i]) && !round) unverified = true;
            // A licence's checks cover letters but cannot tell twins 10 apart (E O Y): a
            // doubtful character made a letter by the field type is not verified.
            if (licence && picked != pc.ocr_top && classes[l][i] == mrz::CharClass::Letter &&
                mrz::HasUndetectableTwin(picked, classes[l][i]))
                unverified = true;
        }
    }
    // Two doubtful characters under one check can compensate. Where both are
    // round-glyph doubts (their truth is a round glyph, see kRoundGlyphMass),
    // every other pair of round glyphs is tried against the checks that cover
    // them: the search may not have (it stops at max_corrections).
    for (std::size_t g = 0; g < doubtful_in_group.size(); ++g) {
        if (doubtful_in_group[g] < 2) continue;
        const auto& round = round_in_group[g];
        const bool pair_of_round = doubtful_in_group[g] == 2 && round.size() == 2;
        if (!pair_of_round || RoundSwapPasses(round[0], round[1], g < groups.size() ? &groups[g] : nullptr, composite_weight))
            unverified = true;
    }
    if (result.status == MrzReadingStatus::Valid &&
        CorrectionHasTwinAlternative(lines, result.corrections, choices, classes, options.parse,
                                     options.min_likelihood_ratio))
        unverified = true;
    // No check digits (Swiss licence): a reading is only a proposal for a person to confirm.
    if (checks.empty()) unverified = true;
    if (unverified && result.status == MrzReadingStatus::Valid) result.status = MrzReadingStatus::Ambiguous;
    return result;
}

}  // namespace

MrzCorrectionResult CorrectMrz(const MrzCandidates& input, const MrzCorrectionOptions& options) {
    // The shape decides the format; the OCR's top choices stand in for the text.
    std::vector<std::string> top;
    for (const auto& line : input.lines) {
        std::string t;
        for (const auto& pos : line) t.push_back(pos.empty() ? '<' : pos.front().c);
        top.push_back(std::move(t));
    }
    MrzCorrectionResult result;
    MrzFormat format;
    if (!DetectMrzFormat(top, format, result.error)) return result;
    if (format != MrzFormat::FrenchId) return CorrectAs(format, input, top, options);

    // "IDFRA" on 2 x 36: most likely the French card, but an ICAO TD2 could start
    // the same way. Read it both ways; when both pass their checks, nobody can say
    // which it is, so the reading is at best ambiguous.
    MrzCorrectionResult french = CorrectAs(MrzFormat::FrenchId, input, top, options);
    MrzCorrectionResult td2 = CorrectAs(MrzFormat::TD2, input, top, options);
    const bool french_read = french.status != MrzReadingStatus::Invalid;
    const bool td2_read = td2.status != MrzReadingStatus::Invalid;
    if (french_read && td2_read) {
        MrzCorrectionResult& better = td2.log_likelihood > french.log_likelihood ? td2 : french;
        if (better.status == MrzReadingStatus::Valid) better.status = MrzReadingStatus::Ambiguous;
        return std::move(better);
    }
    return td2_read ? td2 : french;
}

}  // namespace docintake
