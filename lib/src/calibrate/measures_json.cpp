#include "calibrate/measures_json.h"

#include <cmath>
#include <optional>

namespace docintake::calibrate {
namespace {

using Json = nlohmann::ordered_json;

// Finer than any of these measures is good for; divided (not multiplied) back
// so that the JSON shows the short decimal.
double Round(double v, double unit = 1e-4) { return std::round(v / unit) / std::round(1 / unit); }

Json Nullable(const std::optional<double>& v, double unit = 1e-4) { return v ? Json(Round(*v, unit)) : Json(nullptr); }

}  // namespace

Json ToJson(const FrameMeasures& m) {
    Json j;
    if (m.error) {
        j["error"] = {{"code", ToString(m.error.code)}, {"message", m.error.message}};
        return j;
    }
    j["width"] = m.width;
    j["height"] = m.height;
    j["px_per_mm"] = Nullable(m.px_per_mm);
    j["char_height_px"] = Round(m.char_height_px, 0.01);
    j["mrz_chars"] = m.mrz_chars;
    j["sharpness"] = Round(m.sharpness);
    j["mrz_sharpness"] = Nullable(m.mrz_sharpness);
    j["mean_level"] = Round(m.mean_level, 0.01);
    j["clipped_fraction"] = Round(m.clipped_fraction(), 1e-6);
    j["clipped_highlights"] = Round(m.clipped_highlights, 1e-6);
    j["clipped_shadows"] = Round(m.clipped_shadows, 1e-6);
    j["glare_fraction"] = Round(m.glare_fraction, 1e-6);
    if (m.glare)
        j["glare"] = {{"x", m.glare->x},
                      {"y", m.glare->y},
                      {"width", m.glare->width},
                      {"height", m.glare->height},
                      {"centroid_x", Round(m.glare->centroid_x, 0.1)},
                      {"centroid_y", Round(m.glare->centroid_y, 0.1)}};
    else
        j["glare"] = nullptr;
    j["mrz_glare_fraction"] = Nullable(m.mrz_glare_fraction, 1e-6);
    j["noise"] = Round(m.noise_sigma, 0.01);
    j["motion"] = Nullable(m.motion, 0.01);
    Json hints = Json::array();
    for (CalibrationHint h : m.hints) hints.push_back(ToString(h));
    j["feedback"] = hints;
    return j;
}

Json ToJson(const SweepChoice& c) {
    return {{"found", c.found}, {"value", c.found ? Json(c.value) : Json(nullptr)}, {"reason", c.reason}};
}

Json ToJson(const SweepResult& sweep, CameraControl control) {
    Json j;
    j["control"] = ToString(control);
    if (sweep.error) {
        j["error"] = {{"code", ToString(sweep.error.code)}, {"message", sweep.error.message}};
        return j;
    }
    Json samples = Json::array();
    for (const SweepSample& s : sweep.samples) {
        Json one = ToJson(s.measures);
        samples.push_back({{"value", s.value},
                           {"sharpness", one["sharpness"]},
                           {"mrz_sharpness", one["mrz_sharpness"]},
                           {"mean_level", one["mean_level"]},
                           {"clipped_highlights", one["clipped_highlights"]},
                           {"glare_fraction", one["glare_fraction"]}});
    }
    j["samples"] = samples;
    j["choice"] = ToJson(sweep.choice);
    return j;
}

}  // namespace docintake::calibrate
