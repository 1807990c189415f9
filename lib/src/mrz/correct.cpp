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
#include <map>

#include "docintake/mrz_correct.h"
#include "mrz/candidates.h"
#include "mrz/layout.h"
#include "mrz/state_codes.h"

namespace docintake {
namespace {

using mrz::Choice;
using mrz::PositionChoices;

constexpr int kMaxChoicesPerPosition = 4;
constexpr std::size_t kKeepPerGroup = 6;
constexpr std::size_t kKeepPerState = 4;
constexpr std::size_t kFinalReadings = 24;
constexpr int kMaxCorrections = 4;
const int kWeights[3] = {7, 3, 1};

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

bool GroupCheckPasses(const Group& g, const std::string& chars) {
    if (!g.has_check) return true;
    const char digit = chars.back();
    if (digit == '<') {
        if (!g.filler_digit_allowed) return false;
        return std::all_of(chars.begin(), chars.end(), [](char c) { return c == '<'; });
    }
    int sum = 0;
    for (std::size_t i = 0; i + 1 < chars.size(); ++i) sum += mrz::CharValue(chars[i]) * g.own_weight[i];
    return sum % 10 == digit - '0';
}

// The character that costs no correction: the likeliest one the field allows,
// which is the OCR's top choice or what the field type makes of it (an O read
// in a date is a 0). Counting those as corrections spent the search's budget
// on them and hid rivals (two compensating 0/O doubts next to a date read with
// Os). None for an unreadable cell: anything there is a correction.
char Unchanged(const PositionChoices& pc) { return pc.ocr_top == 0 || pc.choices.empty() ? 0 : pc.choices.front().c; }

// A group's readings by dynamic programming over the state (check residue,
// composite residue, changes, all fillers so far): how a reading can go on depends
// on its state only, so keeping the likeliest few per state keeps the likeliest
// few overall, in time linear in the group's length (enumerating every reading
// grows as length^changes and took seconds on a long group).
std::vector<GroupReading> BestReadings(const Search& s, const Group& g) {
    const int change_states = s.max_changes + 1;
    const auto state_count = static_cast<std::size_t>(200 * change_states);
    auto state_of = [&](int own, int comp, int changes, bool fillers) {
        return static_cast<std::size_t>(((own * 10 + comp) * change_states + changes) * 2 + (fillers ? 1 : 0));
    };
    auto keep_best = [](std::vector<GroupReading>& v) {
        std::sort(v.begin(), v.end(), [](const GroupReading& a, const GroupReading& b) { return a.log_p > b.log_p; });
        if (v.size() > kKeepPerGroup) v.resize(kKeepPerGroup);
    };
    struct Entry {
        int own = 0;  // the group's own check residue so far
        bool fillers = true;
        GroupReading reading;
    };

    // The check digit, when there is one, is chosen last against the residue.
    const std::size_t body = g.has_check ? g.positions.size() - 1 : g.positions.size();
    // Few of the states are reached: visit only those (`live`), reuse the buffers.
    std::vector<std::vector<Entry>> states(state_count), next(state_count);
    std::vector<std::size_t> live{state_of(0, 0, 0, true)}, next_live;
    states[live.front()].push_back(Entry{});
    for (std::size_t i = 0; i < body; ++i) {
        const Pos p = g.positions[i];
        const PositionChoices& pc = (*s.choices)[p.line][p.index];
        const int w = (*s.composite_weight)[p.line][p.index];
        next_live.clear();
        for (std::size_t state : live)
            for (const Entry& e : states[state])
                for (const Choice& ch : pc.choices) {
                    const int changes = e.reading.changes + (ch.c != Unchanged(pc));
                    if (changes > s.max_changes) continue;
                    const int value = mrz::CharValue(ch.c);
                    Entry n = e;
                    n.own = (e.own + value * g.own_weight[i]) % 10;
                    n.fillers = e.fillers && ch.c == '<';
                    n.reading.chars.push_back(ch.c);
                    n.reading.log_p += ch.log_p;
                    n.reading.changes = changes;
                    n.reading.composite_residue = (e.reading.composite_residue + value * w) % 10;
                    const std::size_t to = state_of(n.own, n.reading.composite_residue, changes, n.fillers);
                    if (next[to].empty()) next_live.push_back(to);
                    next[to].push_back(std::move(n));
                }
        for (std::size_t state : live) states[state].clear();
        for (std::size_t state : next_live) {
            auto& entries = next[state];
            std::sort(entries.begin(), entries.end(),
                      [](const Entry& a, const Entry& b) { return a.reading.log_p > b.reading.log_p; });
            if (entries.size() > kKeepPerGroup) entries.resize(kKeepPerGroup);
        }
        std::swap(states, next);
        std::swap(live, next_live);
    }

    std::vector<GroupReading> out;
    for (std::size_t state : live)
        for (const Entry& e : states[state]) {
            if (!g.has_check) {
                out.push_back(e.reading);
                continue;
            }
            const Pos p = g.positions.back();
            const PositionChoices& pc = (*s.choices)[p.line][p.index];
            const int w = (*s.composite_weight)[p.line][p.index];
            for (const Choice& ch : pc.choices) {
                GroupReading n = e.reading;
                n.chars.push_back(ch.c);
                n.changes += ch.c != Unchanged(pc);
                if (n.changes > s.max_changes || !GroupCheckPasses(g, n.chars)) continue;
                n.log_p += ch.log_p;
                n.composite_residue = (n.composite_residue + mrz::CharValue(ch.c) * w) % 10;
                out.push_back(std::move(n));
            }
        }
    keep_best(out);
    return out;
}

// A partial combination of group readings.
struct Partial {
    double log_p = 0;
    int changes = 0;
    int residue = 0;
    std::vector<int> picks;  // index into each group's readings
};

std::vector<Partial> Combine(const std::vector<std::vector<GroupReading>>& groups, int max_changes) {
    std::map<std::pair<int, int>, std::vector<Partial>> states;  // (residue, changes)
    states[{0, 0}].push_back(Partial{});
    for (const auto& readings : groups) {
        std::map<std::pair<int, int>, std::vector<Partial>> next;
        for (const auto& [key, partials] : states) {
            for (const Partial& part : partials) {
                for (std::size_t r = 0; r < readings.size(); ++r) {
                    Partial n = part;
                    n.log_p += readings[r].log_p;
                    n.changes += readings[r].changes;
                    if (n.changes > max_changes) continue;
                    n.residue = (n.residue + readings[r].composite_residue) % 10;
                    n.picks.push_back(static_cast<int>(r));
                    next[{n.residue, n.changes}].push_back(std::move(n));
                }
            }
        }
        for (auto& [key, partials] : next) {
            std::sort(partials.begin(), partials.end(), [](const Partial& a, const Partial& b) { return a.log_p > b.log_p; });
            if (partials.size() > kKeepPerState) partials.resize(kKeepPerState);
        }
        states = std::move(next);
    }
    std::vector<Partial> out;
    for (auto& [key, partials] : states)
        for (auto& p : partials) out.push_back(std::move(p));
    return out;
}

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
    std::vector<std::vector<int>> composite_weight(top.size(), std::vector<int>(top[0].size(), 0));
    std::vector<std::vector<int>> in_group(top.size(), std::vector<int>(top[0].size(), -1));
    const mrz::CheckSpec* composite = nullptr;
    std::vector<Group> groups;
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
        if (!rest.positions.empty()) groups.push_back(std::move(rest));
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
            const int group = in_group[l][i];
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
