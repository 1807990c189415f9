// ChooseSetting: the decision of a focus or exposure sweep (calibrate.h).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "docintake/calibrate.h"

namespace docintake {
namespace {

std::string Format(const char* fmt, double a, double b = 0) {
    char buf[200];
    std::snprintf(buf, sizeof buf, fmt, a, b);
    return buf;
}

SweepChoice ChooseFocus(const std::vector<SweepSample>& samples) {
    const bool on_mrz = std::all_of(samples.begin(), samples.end(), [](const SweepSample& s) { return s.measures.mrz_sharpness.has_value(); });
    auto focus = [on_mrz](const SweepSample& s) { return on_mrz ? *s.measures.mrz_sharpness : s.measures.sharpness; };
    std::size_t best = 0;
    double lowest = focus(samples[0]);
    for (std::size_t i = 1; i < samples.size(); ++i) {
        lowest = std::min(lowest, focus(samples[i]));
        // Strictly better only: equal sharpness keeps the first (lower) setting.
        if (focus(samples[i]) > focus(samples[best])) best = i;
    }
    SweepChoice c;
    const double top = focus(samples[best]);
    // The camera did not change focus, or nothing in view has edges to judge.
    if (top <= 0 || top < lowest * 1.1) {
        c.reason = Format("sharpness stayed within 10%% (%.2f to %.2f) over the sweep: the camera may ignore the focus "
                          "control; focus by hand on the document",
                          lowest, top);
        return c;
    }
    c.found = true;
    c.value = samples[best].value;
    c.reason = Format(on_mrz ? "sharpest MRZ at focus %.0f (sharpness %.2f)" : "sharpest frame at focus %.0f (sharpness %.2f; no MRZ was read)",
                      c.value, top);
    if (samples.size() > 2 && (best == 0 || best + 1 == samples.size()))
        c.reason += "; at the end of the swept range: the best may lie beyond it";
    return c;
}

SweepChoice ChooseLevel(CameraControl control, const std::vector<SweepSample>& samples, const CalibrationTargets& t) {
    // The middle of the band between the lowest acceptable level and white.
    const double target = (t.min_mean_level + 230) / 2;
    const SweepSample* best = nullptr;
    for (const SweepSample& s : samples) {
        const FrameMeasures& m = s.measures;
        if (m.clipped_highlights > t.max_clipped_highlights || m.glare_fraction > t.max_glare_fraction) continue;
        if (m.mean_level < t.min_mean_level) continue;
        const double d = std::fabs(m.mean_level - target);
        if (!best || d < std::fabs(best->measures.mean_level - target) - 1e-9 ||
            (std::fabs(d - std::fabs(best->measures.mean_level - target)) <= 1e-9 && s.value < best->value))
            best = &s;
    }
    SweepChoice c;
    if (!best) {
        const bool any_clipping_free = std::any_of(samples.begin(), samples.end(), [&](const SweepSample& s) {
            return s.measures.clipped_highlights <= t.max_clipped_highlights && s.measures.glare_fraction <= t.max_glare_fraction;
        });
        c.reason = any_clipping_free ? std::string("every ") + ToString(control) +
                                           " setting without clipping is too dark: add light"
                                     : std::string("every ") + ToString(control) +
                                           " setting clips highlights or shows glare: move or diffuse the light";
        return c;
    }
    c.found = true;
    c.value = best->value;
    c.reason = Format("mean level %.0f, highlights clipped %.2f%%", best->measures.mean_level, 100 * best->measures.clipped_highlights);
    c.reason = std::string(ToString(control)) + " " + Format("%g: ", c.value) + c.reason;
    return c;
}

}  // namespace

const char* ToString(CameraControl control) {
    switch (control) {
        case CameraControl::Focus: return "focus";
        case CameraControl::Exposure: return "exposure";
        case CameraControl::Gain: return "gain";
    }
    return "unknown";
}

SweepChoice ChooseSetting(CameraControl control, const std::vector<SweepSample>& samples, const CalibrationTargets& targets) {
    std::vector<SweepSample> measured;
    for (const SweepSample& s : samples)
        if (!s.measures.error && std::isfinite(s.value)) measured.push_back(s);
    if (measured.empty()) {
        SweepChoice c;
        c.reason = "no frame was measured during the sweep";
        return c;
    }
    // In setting order, whatever order they were taken in.
    std::stable_sort(measured.begin(), measured.end(), [](const SweepSample& a, const SweepSample& b) { return a.value < b.value; });
    return control == CameraControl::Focus ? ChooseFocus(measured) : ChooseLevel(control, measured, targets);
}

}  // namespace docintake
