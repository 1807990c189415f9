#include "mrz/check_search.h"

#include <algorithm>
#include <map>

#include "mrz/layout.h"

namespace docintake::mrz {
namespace {

constexpr std::size_t kKeepPerGroup = 6;
constexpr std::size_t kKeepPerState = 4;

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

}  // namespace

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

}  // namespace docintake::mrz
