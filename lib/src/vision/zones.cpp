#include "vision/zones.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#ifdef DOCINTAKE_VISION_DEBUG
#include <cstdio>
#endif

#include "vision/spatial_grid.h"

namespace docintake::vision {
namespace {

constexpr double kPi = 3.14159265358979323846;

// A component seen in the rotated frame.
struct Glyph {
    double u, v;    // centre
    double eu, ev;  // extent along and across the text
    double slope;   // own axis slope dv/du when elongated, else 0
    bool elongated;
};

struct UnionFind {
    std::vector<int> parent;
    explicit UnionFind(size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0); }
    int Find(int x) {
        while (parent[static_cast<size_t>(x)] != x) {
            parent[static_cast<size_t>(x)] = parent[static_cast<size_t>(parent[static_cast<size_t>(x)])];
            x = parent[static_cast<size_t>(x)];
        }
        return x;
    }
    void Unite(int a, int b) { parent[static_cast<size_t>(Find(a))] = Find(b); }
};

double AngleDiff(double a, double b) {
    double d = std::fmod(std::fabs(a - b), kPi);
    return std::min(d, kPi - d);
}

std::vector<Glyph> ToGlyphs(const InkMap& ink, double angle) {
    const double c = std::cos(angle), s = std::sin(angle);
    std::vector<Glyph> out;
    out.reserve(ink.components.size());
    for (const InkComponent& k : ink.components) {
        Glyph g;
        g.u = k.centre.x * c + k.centre.y * s;
        g.v = -k.centre.x * s + k.centre.y * c;
        const double d = AngleDiff(k.angle, angle);
        g.elongated = k.major > 3 * k.minor && k.major > 12 && d < 12 * kPi / 180;
        if (g.elongated) {
            g.eu = k.major;
            g.ev = k.minor;
            double rel = k.angle - angle;
            while (rel > kPi / 2) rel -= kPi;
            while (rel < -kPi / 2) rel += kPi;
            g.slope = std::tan(rel);
        } else {
            g.eu = k.ExtentAlong(c, s);
            g.ev = k.ExtentAlong(-s, c);
            g.slope = 0;
        }
        out.push_back(g);
    }
    return out;
}

bool SameLine(const Glyph& p, const Glyph& q) {
    const double hmax = std::max(p.ev, q.ev), hmin = std::min(p.ev, q.ev);
    if (hmin < 0.4 * hmax) return false;
    const double gap = std::fabs(p.u - q.u) - (p.eu + q.eu) / 2;
    if (gap > 0.9 * hmax) return false;
    // A long merged blob may be slightly off the direction: follow its own axis.
    const Glyph& ref = p.eu >= q.eu ? p : q;
    const Glyph& other = p.eu >= q.eu ? q : p;
    const double expected_v = ref.v + (ref.elongated ? ref.slope * (other.u - ref.u) : 0);
    return std::fabs(other.v - expected_v) <= 0.4 * hmax;
}

TextLine FitLine(const std::vector<Glyph>& glyphs, const std::vector<int>& members) {
    TextLine line;
    line.members = static_cast<int>(members.size());
    double sw = 0, su = 0, sv = 0, suu = 0, suv = 0;
    line.u0 = 1e18;
    line.u1 = -1e18;
    std::vector<std::pair<double, double>> heights;  // (height, weight)
    auto add = [&](double u, double v, double w) {
        sw += w; su += w * u; sv += w * v; suu += w * u * u; suv += w * u * v;
    };
    for (int i : members) {
        const Glyph& g = glyphs[static_cast<size_t>(i)];
        line.u0 = std::min(line.u0, g.u - g.eu / 2);
        line.u1 = std::max(line.u1, g.u + g.eu / 2);
        heights.emplace_back(g.ev, g.eu);
        if (g.elongated) {
            for (double t : {-0.35, 0.0, 0.35}) add(g.u + t * g.eu, g.v + g.slope * t * g.eu, g.eu / 3);
        } else {
            add(g.u, g.v, g.eu);
        }
    }
    const double det = sw * suu - su * su;
    if (det > 1e-9 * sw * sw && members.size() > 1) {
        line.a = (sw * suv - su * sv) / det;
        line.b = (sv - line.a * su) / sw;
    } else {
        line.a = 0;
        line.b = sv / sw;
    }
    std::sort(heights.begin(), heights.end());
    double total = 0;
    for (auto& h : heights) total += h.second;
    double acc = 0;
    for (auto& h : heights) {
        acc += h.second;
        if (acc >= total / 2) {
            line.height = h.first;
            break;
        }
    }
    return line;
}

bool LineSized(const TextLine& l) {
    return l.Length() >= 40 && l.Length() >= 14 * l.height && l.Length() <= 75 * l.height;
}

// q continues p to the right: one height, one centre line, a gap of at most a
// few characters (a glare spot, a shadow edge or faded fillers).
bool Continues(const TextLine& p, const TextLine& q) {
    const double hm = std::max(p.height, q.height);
    if (std::min(p.height, q.height) < 0.6 * hm) return false;
    const double gap = q.u0 - p.u1;
    if (gap < -0.5 * hm || gap > 4 * hm) return false;
    // Short pieces have no reliable slope of their own.
    if (std::min(p.members, q.members) > 2 && std::fabs(p.a - q.a) > 0.08) return false;
    const double mid = (p.u1 + q.u0) / 2;
    return std::fabs(p.V(mid) - q.V(mid)) <= 0.4 * hm;
}

// Least squares through both pieces' end points, weighted by length.
TextLine Join(const TextLine& p, const TextLine& q) {
    TextLine j;
    j.u0 = std::min(p.u0, q.u0);
    j.u1 = std::max(p.u1, q.u1);
    j.members = p.members + q.members;
    const double wp = std::max(1.0, p.Length()), wq = std::max(1.0, q.Length());
    j.height = (wp * p.height + wq * q.height) / (wp + wq);
    double sw = 0, su = 0, sv = 0, suu = 0, suv = 0;
    for (const auto& [l, w] : {std::make_pair(&p, wp), std::make_pair(&q, wq)})
        for (double u : {l->u0, l->u1}) {
            const double v = l->V(u);
            sw += w; su += w * u; sv += w * v; suu += w * u * u; suv += w * u * v;
        }
    const double det = sw * suu - su * su;
    j.a = det > 1e-9 * sw * sw ? (sw * suv - su * sv) / det : 0;
    j.b = (sv - j.a * su) / sw;
    return j;
}

// MRZ lines cut into pieces on the small image are also tried joined: each
// piece with its chain of right-hand continuations, as far as it stays line-sized.
void AddJoinedLines(const std::vector<TextLine>& pieces, std::vector<TextLine>& lines) {
    constexpr int kMaxJoins = 6;
    // Specks and single glyphs are not joined (a missed end glyph is found
    // again in rectification); chains start at word-long pieces.
    auto joinable = [&](size_t i) { return pieces[i].members >= 2; };
    auto starts = [&](size_t i) { return pieces[i].members >= 3 && pieces[i].Length() >= 6 * pieces[i].height; };
    std::vector<int> next(pieces.size(), -1);
    for (size_t i = 0; i < pieces.size(); ++i) {
        if (!joinable(i)) continue;
        for (size_t k = 0; k < pieces.size(); ++k) {
            if (k == i || !joinable(k) || !Continues(pieces[i], pieces[k])) continue;
            if (next[i] < 0 || pieces[k].u0 < pieces[static_cast<size_t>(next[i])].u0) next[i] = static_cast<int>(k);
        }
    }
    for (size_t i = 0; i < pieces.size(); ++i) {
        if (!starts(i)) continue;
        TextLine joined = pieces[i];
        int k = next[i];
        for (int n = 0; n < kMaxJoins && k >= 0; ++n, k = next[static_cast<size_t>(k)]) {
            joined = Join(joined, pieces[static_cast<size_t>(k)]);
            if (joined.Length() > 75 * joined.height) break;
            if (LineSized(joined)) lines.push_back(joined);
        }
    }
}

// How plausible a length/height ratio is for an MRZ of n lines (1 = typical).
double RatioScore(double ratio, size_t n) {
    // Pitch is ~1.08 cap heights; TD1 has 30 characters, TD2 36, TD3 44;
    // perspective can shorten lines by a third. The height here is the median
    // glyph extent, which the short '<' fillers pull to ~0.8 of the cap height:
    // a TD3 name line measures up to ~62.
    const double lo = n == 3 ? 20 : 25, hi = n == 3 ? 48 : 75;
    if (ratio < lo || ratio > hi) return 0;
    const double ideal_lo = n == 3 ? 28 : 35, ideal_hi = n == 3 ? 40 : 63;
    if (ratio >= ideal_lo && ratio <= ideal_hi) return 1;
    return ratio < ideal_lo ? (ratio - lo) / (ideal_lo - lo) : (hi - ratio) / (hi - ideal_hi);
}

// `partial`: set when the lines stack only as one cut short (see below).
bool Stackable(const TextLine& p, const TextLine& q, double* spacing, bool* partial) {
    const double hm = (p.height + q.height) / 2;
    if (std::min(p.height, q.height) < 0.6 * std::max(p.height, q.height)) return false;
    // A shadow's edge or glare can cut a line's start or end on the small
    // image: one end aligned and the shorter line 0.6 of the longer also
    // stack, as a partial candidate (tried only when no whole one reads).
    const bool starts = std::fabs(p.u0 - q.u0) <= 2.2 * hm, ends = std::fabs(p.u1 - q.u1) <= 2.2 * hm;
    const double shorter = std::min(p.Length(), q.Length()), longer = std::max(p.Length(), q.Length());
    const bool whole = starts && ends && shorter >= 0.82 * longer;
    if (!whole && !((starts || ends) && shorter >= 0.6 * longer)) return false;
    if (std::fabs(p.a - q.a) > 0.05) return false;
    const double mid = (std::max(p.u0, q.u0) + std::min(p.u1, q.u1)) / 2;
    const double dv = q.V(mid) - p.V(mid);
    if (dv < 1.2 * hm || dv > 3.3 * hm) return false;
    *spacing = dv;
    *partial = !whole;
    return true;
}

// A partial candidate's lines must each hold 20 glyphs (a 30-cell line cut to
// 0.6 keeps 18, less what blur merges). Of the benchmark's 50 frames without a
// document, 84 partial candidates were rectified, 14 of them with 20 or more
// glyphs a line; the dev frames' partial zones that rectified had 20-44.
constexpr int kMinPartialLineGlyphs = 20;

bool GlyphRich(const ZoneCandidate& z) {
    return std::all_of(z.lines.begin(), z.lines.end(),
                       [](const TextLine& l) { return l.members >= kMinPartialLineGlyphs; });
}

ZoneCandidate MakeZone(double angle, std::vector<TextLine> lines) {
    ZoneCandidate z;
    z.angle = angle;
    double h = 0, len_min = 1e18, len_max = 0;
    for (const TextLine& l : lines) {
        h += l.height;
        len_min = std::min(len_min, l.Length());
        len_max = std::max(len_max, l.Length());
    }
    h /= static_cast<double>(lines.size());
    z.char_height = h;
    const double len = (len_min + len_max) / 2;
    const double ratio_score = RatioScore(len / h, lines.size());
    const double len_score = len_min / len_max;
    const double count_score = lines.size() == 3 ? 1.0 : 0.9;
    z.score = ratio_score * std::max(0.1, 0.5 + 0.5 * (len_score - 0.82) / 0.18) * count_score;

    const TextLine& first = lines.front();
    const TextLine& last = lines.back();
    const double u0 = std::min(first.u0, last.u0), u1 = std::max(first.u1, last.u1);
    const double c = std::cos(angle), s = std::sin(angle);
    auto to_xy = [&](double u, double v) { return cv::Point2d(u * c - v * s, u * s + v * c); };
    z.quad = {to_xy(u0, first.V(u0) - first.height / 2), to_xy(u1, first.V(u1) - first.height / 2),
              to_xy(u1, last.V(u1) + last.height / 2), to_xy(u0, last.V(u0) + last.height / 2)};
    z.lines = std::move(lines);
    return z;
}

}  // namespace

std::vector<ZoneCandidate> FindZones(const InkMap& ink, const DirectionPeak& direction) {
    const std::vector<Glyph> glyphs = ToGlyphs(ink, direction.angle);
    double umin = 1e18, vmin = 1e18, umax = -1e18, vmax = -1e18;
    for (const Glyph& g : glyphs) {
        umin = std::min(umin, g.u); umax = std::max(umax, g.u);
        vmin = std::min(vmin, g.v); vmax = std::max(vmax, g.v);
    }
    if (glyphs.empty()) return {};
    SpatialGrid grid(cv::Size(static_cast<int>(umax - umin) + 1, static_cast<int>(vmax - vmin) + 1), 24);
    std::vector<int> usable;
    for (size_t i = 0; i < glyphs.size(); ++i) {
        const Glyph& g = glyphs[i];
        if (g.ev < 2 || g.ev > 60) continue;
        grid.Insert({g.u - umin, g.v - vmin}, static_cast<int>(i));
        usable.push_back(static_cast<int>(i));
    }
    UnionFind uf(glyphs.size());
    for (int i : usable) {
        const Glyph& g = glyphs[static_cast<size_t>(i)];
        const double radius = g.eu / 2 + 2 * g.ev + 2;
        grid.ForEachNear({g.u - umin, g.v - vmin}, radius, [&](int j) {
            if (j <= i) return;
            if (SameLine(g, glyphs[static_cast<size_t>(j)])) uf.Unite(i, j);
        });
    }
    std::vector<std::vector<int>> groups(glyphs.size());
    for (int i : usable) groups[static_cast<size_t>(uf.Find(i))].push_back(i);

    std::vector<TextLine> pieces, lines;
    for (const auto& members : groups) {
        if (members.empty()) continue;
        TextLine line = FitLine(glyphs, members);
        if (line.height < 2.5) continue;
        pieces.push_back(line);
        if (LineSized(line)) lines.push_back(line);
    }
    AddJoinedLines(pieces, lines);
    std::sort(lines.begin(), lines.end(), [](const TextLine& p, const TextLine& q) {
        return p.V((p.u0 + p.u1) / 2) < q.V((q.u0 + q.u1) / 2);
    });

#ifdef DOCINTAKE_VISION_DEBUG
    for (const TextLine& l : lines)
        std::fprintf(stderr, "  direction %.1f: line u %.0f-%.0f v %.1f height %.2f slope %.3f members %d\n",
                     direction.angle * 180 / kPi, l.u0, l.u1, l.V((l.u0 + l.u1) / 2), l.height, l.a, l.members);
#endif
    std::vector<ZoneCandidate> zones;
    for (size_t i = 0; i < lines.size(); ++i) {
        for (size_t j = i + 1; j < lines.size(); ++j) {
            double s1 = 0;
            bool partial_ij = false;
            if (!Stackable(lines[i], lines[j], &s1, &partial_ij)) continue;
            bool extended = false;
            for (size_t k = j + 1; k < lines.size(); ++k) {
                double s2 = 0;
                bool partial_jk = false, partial_ik = false;
                if (!Stackable(lines[j], lines[k], &s2, &partial_jk)) continue;
                if (std::fabs(s2 - s1) > 0.25 * std::max(s1, s2)) continue;
                if (!Stackable(lines[i], lines[k], &s2, &partial_ik) && std::min(lines[i].Length(), lines[k].Length()) <
                    0.82 * std::max(lines[i].Length(), lines[k].Length()))
                    continue;
                ZoneCandidate z = MakeZone(direction.angle, {lines[i], lines[j], lines[k]});
                z.partial = partial_ij || partial_jk || partial_ik;
                if (z.score > 0 && (!z.partial || GlyphRich(z))) {
                    zones.push_back(std::move(z));
                    extended = true;
                }
            }
            if (!extended) {
                ZoneCandidate z = MakeZone(direction.angle, {lines[i], lines[j]});
                z.partial = partial_ij;
                if (z.score > 0 && (!z.partial || GlyphRich(z))) zones.push_back(std::move(z));
            }
        }
    }
    std::sort(zones.begin(), zones.end(), [](const ZoneCandidate& p, const ZoneCandidate& q) { return p.score > q.score; });
    return zones;
}

}  // namespace docintake::vision
