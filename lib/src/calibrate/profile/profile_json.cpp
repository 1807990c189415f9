// The device profile's JSON (docs/calibration.md): written pretty, read
// strictly. It is config read from disk at start: anything it does not allow is
// an error, never a guess. Pure: no OpenCV, so the fuzz build has it.
#include <cmath>
#include <cstdio>
#include <initializer_list>
#include <string>

#include <nlohmann/json.hpp>

#include "docintake/calibrate.h"

namespace docintake {
namespace {

using Json = nlohmann::ordered_json;

constexpr std::size_t kMaxProfileBytes = 1 << 20;
constexpr int kMaxDimension = 20000;
constexpr std::size_t kMaxControls = 32;

bool ValidControlName(const std::string& s) {
    if (s.empty() || s.size() > 32 || !(s[0] >= 'a' && s[0] <= 'z')) return false;
    for (char c : s)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
    return true;
}

// YYYY-MM-DDTHH:MM:SSZ with plausible fields.
bool ValidTimestamp(const std::string& s) {
    if (s.size() != 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z') return false;
    for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18})
        if (s[i] < '0' || s[i] > '9') return false;
    auto num = [&](std::size_t at) { return (s[at] - '0') * 10 + (s[at + 1] - '0'); };
    return num(5) >= 1 && num(5) <= 12 && num(8) >= 1 && num(8) <= 31 && num(11) <= 23 && num(14) <= 59 && num(17) <= 60;
}

Json NullableNumber(const std::optional<double>& v) { return v ? Json(*v) : Json(nullptr); }

// Reads members with their types; keeps the first problem (names only, never values).
struct Reader {
    std::string problem;

    bool Fail(const std::string& why) {
        if (problem.empty()) problem = why;
        return false;
    }
    bool Only(const Json& obj, std::initializer_list<const char*> names, const char* what) {
        if (!obj.is_object()) return Fail(std::string(what) + " is not an object");
        for (auto it = obj.begin(); it != obj.end(); ++it) {
            bool known = false;
            for (const char* n : names) known = known || it.key() == n;
            if (!known) return Fail(std::string("unknown member in ") + what);
        }
        for (const char* n : names)
            if (!obj.contains(n)) return Fail(std::string("missing member '") + n + "' in " + what);
        return true;
    }
    bool String(const Json& obj, const char* name, std::size_t max, std::string& out) {
        const Json& v = obj.at(name);
        if (!v.is_string()) return Fail(std::string("member '") + name + "' is not a string");
        out = v.get<std::string>();
        if (out.size() > max) return Fail(std::string("member '") + name + "' is too long");
        return true;
    }
    bool Number(const Json& v, const char* name, double min, double max, double& out) {
        if (!v.is_number()) return Fail(std::string("member '") + name + "' is not a number");
        out = v.get<double>();
        if (!std::isfinite(out) || out < min || out > max) return Fail(std::string("member '") + name + "' is out of range");
        return true;
    }
    bool Integer(const Json& v, const char* name, long min, long max, int& out) {
        if (!v.is_number_integer()) return Fail(std::string("member '") + name + "' is not an integer");
        const auto n = v.is_number_unsigned() ? static_cast<long long>(std::min<std::uint64_t>(v.get<std::uint64_t>(), 1ULL << 40))
                                              : v.get<long long>();
        if (n < min || n > max) return Fail(std::string("member '") + name + "' is out of range");
        out = static_cast<int>(n);
        return true;
    }
    bool OptionalNumber(const Json& obj, const char* name, double min, double max, std::optional<double>& out) {
        const Json& v = obj.at(name);
        if (v.is_null()) return true;
        double d = 0;
        if (!Number(v, name, min, max, d)) return false;
        out = d;
        return true;
    }
};

bool ReadLens(Reader& r, const Json& j, std::optional<LensCalibration>& out) {
    if (j.is_null()) return true;
    if (!r.Only(j, {"camera_matrix", "distortion", "reprojection_error_px"}, "lens")) return false;
    LensCalibration lens;
    const Json& m = j.at("camera_matrix");
    if (!m.is_array() || m.size() != 4) return r.Fail("lens camera_matrix is not [fx, fy, cx, cy]");
    for (std::size_t i = 0; i < 4; ++i)
        if (!r.Number(m[i], "camera_matrix", i < 2 ? 1e-3 : -1e6, 1e6, lens.camera[i])) return false;
    const Json& d = j.at("distortion");
    if (!d.is_array() || d.size() < 4 || d.size() > 14) return r.Fail("lens distortion does not have 4 to 14 values");
    for (const Json& k : d) {
        double v = 0;
        if (!r.Number(k, "distortion", -1e6, 1e6, v)) return false;
        lens.distortion.push_back(v);
    }
    if (!r.Number(j.at("reprojection_error_px"), "reprojection_error_px", 0, 1e6, lens.reprojection_error_px)) return false;
    out = lens;
    return true;
}

bool ReadProfile(Reader& r, const Json& j, DeviceProfile& p) {
    if (!j.is_object()) return r.Fail("a device profile is a JSON object");
    // The version first: a newer file may have members this one does not know.
    if (!j.contains("schema_version")) return r.Fail("missing member 'schema_version'");
    if (!r.Integer(j.at("schema_version"), "schema_version", 1, 1L << 30, p.schema_version)) return false;
    if (p.schema_version != DeviceProfile::kSchemaVersion) return false;
    if (!r.Only(j, {"schema_version", "camera_id", "source", "resolution", "controls", "lens", "px_per_mm", "char_height_px",
                    "light_notes", "created"},
                "profile"))
        return false;
    if (!r.String(j, "camera_id", 256, p.camera_id) || !r.String(j, "source", 1024, p.source)) return false;
    const Json& res = j.at("resolution");
    if (!r.Only(res, {"width", "height"}, "resolution")) return false;
    if (!r.Integer(res.at("width"), "width", 1, kMaxDimension, p.width) || !r.Integer(res.at("height"), "height", 1, kMaxDimension, p.height))
        return false;
    const Json& controls = j.at("controls");
    if (!controls.is_object()) return r.Fail("member 'controls' is not an object");
    if (controls.size() > kMaxControls) return r.Fail("too many controls");
    for (auto it = controls.begin(); it != controls.end(); ++it) {
        if (!ValidControlName(it.key())) return r.Fail("a control name is not lower-case ASCII");
        double v = 0;
        if (!r.Number(it.value(), "controls", -1e9, 1e9, v)) return false;
        p.controls[it.key()] = v;
    }
    if (!ReadLens(r, j.at("lens"), p.lens)) return false;
    if (!r.OptionalNumber(j, "px_per_mm", 1e-3, 1000, p.px_per_mm) || !r.OptionalNumber(j, "char_height_px", 1e-3, 10000, p.char_height_px))
        return false;
    if (!r.String(j, "light_notes", 2000, p.light_notes) || !r.String(j, "created", 20, p.created)) return false;
    if (!ValidTimestamp(p.created)) return r.Fail("member 'created' is not YYYY-MM-DDTHH:MM:SSZ");
    return true;
}

}  // namespace

Error ParseDeviceProfile(std::string_view json, DeviceProfile& out) {
    out = DeviceProfile{};
    if (json.empty()) return {ErrorCode::EmptyInput, "the device profile is empty"};
    if (json.size() > kMaxProfileBytes) return {ErrorCode::MalformedPayload, "the device profile is over 1 MiB"};
    Json j;
    try {
        j = Json::parse(json.begin(), json.end());
    } catch (const std::exception&) {
        return {ErrorCode::MalformedPayload, "the device profile is not JSON"};
    }
    DeviceProfile p;
    Reader r;
    try {
        ReadProfile(r, j, p);
    } catch (const std::exception&) {
        r.Fail("the device profile has an unexpected shape");
    }
    if (r.problem.empty() && p.schema_version > DeviceProfile::kSchemaVersion)
        return {ErrorCode::Unsupported, "device profile schema_version " + std::to_string(p.schema_version) + " is newer than this program's 1"};
    if (!r.problem.empty()) return {ErrorCode::MalformedPayload, "device profile: " + r.problem};
    out = std::move(p);
    return {};
}

std::string DeviceProfileToJson(const DeviceProfile& p) {
    Json j;
    j["schema_version"] = p.schema_version;
    j["camera_id"] = p.camera_id;
    j["source"] = p.source;
    j["resolution"] = {{"width", p.width}, {"height", p.height}};
    j["controls"] = Json::object();
    for (const auto& [name, value] : p.controls) j["controls"][name] = value;
    if (p.lens) {
        j["lens"] = {{"camera_matrix", Json::array({p.lens->camera[0], p.lens->camera[1], p.lens->camera[2], p.lens->camera[3]})},
                     {"distortion", p.lens->distortion},
                     {"reprojection_error_px", p.lens->reprojection_error_px}};
    } else {
        j["lens"] = nullptr;
    }
    j["px_per_mm"] = NullableNumber(p.px_per_mm);
    j["char_height_px"] = NullableNumber(p.char_height_px);
    j["light_notes"] = p.light_notes;
    j["created"] = p.created;
    // Invalid UTF-8 in a caller's string is replaced rather than thrown about.
    return j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace docintake
