// The device profile: written and read back unchanged, on disk and as text;
// read strictly (wrong types, unknown or missing members, bad ranges, newer
// versions are errors, each naming the problem without echoing values).
#include <doctest/doctest.h>

#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include <docintake/calibrate.h>

#include "support/temp_dir.h"

using namespace docintake;

namespace {

DeviceProfile Example() {
    DeviceProfile p;
    p.camera_id = "HD Pro Webcam C920";
    p.source = "/dev/video0";
    p.width = 1920;
    p.height = 1080;
    p.controls = {{"autofocus", 0}, {"focus", 120}, {"exposure", 156.5}};
    LensCalibration lens;
    lens.camera = {1402.5, 1401.9, 961.2, 538.7};
    lens.distortion = {0.081, -0.192, 0.0004, -0.0002, 0.11};
    lens.reprojection_error_px = 0.31;
    p.lens = lens;
    p.px_per_mm = 9.36;
    p.char_height_px = 22.8;
    p.light_notes = "two ceiling LED panels";
    p.created = "2026-12-06T02:40:00Z";
    return p;
}

std::string With(const std::string& pointer, const nlohmann::json& value) {
    nlohmann::json j = nlohmann::json::parse(DeviceProfileToJson(Example()));
    j[nlohmann::json::json_pointer(pointer)] = value;
    return j.dump();
}

std::string Without(const std::string& key) {
    nlohmann::json j = nlohmann::json::parse(DeviceProfileToJson(Example()));
    j.erase(key);
    return j.dump();
}

}  // namespace

TEST_CASE("a profile saved to disk loads back unchanged") {
    docintake_test::TempDir dir;
    const std::string path = dir.file("device-profile.json");
    REQUIRE(!SaveDeviceProfile(path, Example()));
    DeviceProfile loaded;
    const Error e = LoadDeviceProfile(path, loaded);
    REQUIRE_MESSAGE(!e, e.message);
    CHECK(DeviceProfileToJson(loaded) == DeviceProfileToJson(Example()));
    CHECK(loaded.controls.at("exposure") == 156.5);
    REQUIRE(loaded.lens.has_value());
    CHECK(loaded.lens->distortion.size() == 5);
    CHECK(*loaded.px_per_mm == 9.36);
    // No temporary file is left beside it.
    CHECK(!std::ifstream(path + ".tmp").good());

    DeviceProfile bare;
    bare.width = 640;
    bare.height = 480;
    bare.created = "2026-01-01T00:00:00Z";
    REQUIRE(!SaveDeviceProfile(path, bare));
    REQUIRE(!LoadDeviceProfile(path, loaded));
    CHECK(!loaded.lens.has_value());
    CHECK(!loaded.px_per_mm.has_value());
    CHECK(loaded.controls.empty());
}

TEST_CASE("missing files and folders are I/O errors") {
    docintake_test::TempDir dir;
    DeviceProfile p;
    CHECK(LoadDeviceProfile(dir.file("none.json"), p).code == ErrorCode::IoError);
    CHECK(SaveDeviceProfile(dir.file("no/such/folder/p.json"), Example()).code == ErrorCode::IoError);
}

TEST_CASE("the reader is strict") {
    DeviceProfile p;
    struct Case {
        std::string json;
        ErrorCode code;
        const char* says;
    };
    const Case cases[] = {
        {"", ErrorCode::EmptyInput, "empty"},
        {"{", ErrorCode::MalformedPayload, "not JSON"},
        {"[]", ErrorCode::MalformedPayload, "object"},
        {With("/schema_version", 2), ErrorCode::Unsupported, "newer"},
        {With("/schema_version", 0), ErrorCode::MalformedPayload, "schema_version"},
        {With("/schema_version", "1"), ErrorCode::MalformedPayload, "schema_version"},
        {With("/schema_version", 1.5), ErrorCode::MalformedPayload, "schema_version"},
        {Without("schema_version"), ErrorCode::MalformedPayload, "schema_version"},
        {Without("created"), ErrorCode::MalformedPayload, "created"},
        {With("/extra", true), ErrorCode::MalformedPayload, "unknown"},
        {With("/resolution/depth", 8), ErrorCode::MalformedPayload, "unknown"},
        {With("/resolution/width", 0), ErrorCode::MalformedPayload, "width"},
        {With("/resolution/width", 1e9), ErrorCode::MalformedPayload, "width"},
        {With("/resolution/height", -1080), ErrorCode::MalformedPayload, "height"},
        {With("/controls/Focus", 1), ErrorCode::MalformedPayload, "control name"},
        {With("/controls/focus", "120"), ErrorCode::MalformedPayload, "controls"},
        {With("/px_per_mm", -3), ErrorCode::MalformedPayload, "px_per_mm"},
        {With("/px_per_mm", "9"), ErrorCode::MalformedPayload, "px_per_mm"},
        {With("/lens/camera_matrix", nlohmann::json::array({1, 2, 3})), ErrorCode::MalformedPayload, "camera_matrix"},
        {With("/lens/camera_matrix/0", 0), ErrorCode::MalformedPayload, "camera_matrix"},
        {With("/lens/distortion", nlohmann::json::array({0.1, 0.2})), ErrorCode::MalformedPayload, "distortion"},
        {With("/lens/reprojection_error_px", -0.1), ErrorCode::MalformedPayload, "reprojection"},
        {With("/created", "2026-12-06 02:40:00"), ErrorCode::MalformedPayload, "created"},
        {With("/created", "2026-13-06T02:40:00Z"), ErrorCode::MalformedPayload, "created"},
        {With("/camera_id", std::string(300, 'x')), ErrorCode::MalformedPayload, "too long"},
        {With("/camera_id", 7), ErrorCode::MalformedPayload, "camera_id"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.json);
        const Error e = ParseDeviceProfile(c.json, p);
        CHECK(e.code == c.code);
        CHECK(e.message.find(c.says) != std::string::npos);
        CHECK(p.width == 0);  // nothing half-read is handed out
    }
    // The light notes are the technician's text: never echoed in an error.
    const Error e = ParseDeviceProfile(With("/light_notes", std::string(3000, 'q')), p);
    CHECK(e.code == ErrorCode::MalformedPayload);
    CHECK(e.message.find("qqq") == std::string::npos);
}
