// The self-test report as one JSON object (the CLI prints it, the kiosk's staff
// screen shows it): numbers and names of formats only, nothing read but the card.
#include <nlohmann/json.hpp>

#include "docintake/selftest.h"

namespace docintake {
namespace {

nlohmann::ordered_json Optional(const std::optional<double>& v) { return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json(nullptr); }

}  // namespace

std::string SelfTestReportToJson(const SelfTestReport& r) {
    nlohmann::ordered_json j;
    j["pass"] = r.pass;
    j["reason"] = r.reason;
    j["frames"] = r.frames;
    j["frames_read"] = r.frames_read;
    j["read_rate"] = r.read_rate;
    nlohmann::ordered_json formats = nlohmann::ordered_json::object();
    for (const SelfTestFormat& f : r.formats) formats[ToString(f.format)] = f.reads;
    j["reads_per_format"] = formats;
    nlohmann::ordered_json symbols = nlohmann::ordered_json::object();
    for (const SelfTestBarcode& b : r.barcodes) symbols[ToString(b.format)] = b.reads;
    j["reads_per_barcode"] = r.barcodes.empty() ? nlohmann::ordered_json(nullptr) : symbols;
    j["wrong_reads"] = r.wrong_reads;
    j["first_stable_frame"] = r.first_stable_frame ? nlohmann::ordered_json(*r.first_stable_frame) : nlohmann::ordered_json(nullptr);
    j["first_stable_ms"] = Optional(r.first_stable_ms);
    j["blur_margin_px"] = Optional(r.blur_margin_px);
    j["distance_margin"] = Optional(r.distance_margin);
    j["glare_margin_chars"] = Optional(r.glare_margin_chars);
    j["px_per_mm"] = Optional(r.px_per_mm);
    j["mrz_sharpness"] = Optional(r.mrz_sharpness);
    j["glare_fraction"] = r.glare_fraction;
    if (r.error) j["error"] = {{"code", ToString(r.error.code)}, {"message", r.error.message}};
    return j.dump();
}


}  // namespace docintake
