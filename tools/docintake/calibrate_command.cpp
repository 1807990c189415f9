// docintake calibrate SOURCE: the technician's live measures, the focus and
// exposure sweep, and the device profile. Prints numbers about the picture,
// never what the document says.
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <docintake/calibrate.h>
#include <docintake/read_mrz.h>

#include "calibrate/measures_json.h"
#include "calibrate_source.h"
#include "commands.h"
#include "reader_args.h"

namespace docintake::cli {
namespace {

struct CalibrateArgs {
    std::string source;
    ReaderArgs reader;
    bool json = false;
    int frames = 30;
    bool no_read = false;
    bool sweep = false;
    std::string focus_values = "0:250:10";
    std::string exposure_values = "50:1000:50";
    std::string save_profile;
    std::string camera_id;
    std::string light_notes;
    bool lens = false;
    std::string profile;
};

// "from:to:step" or "a,b,c" to values; false when it is neither.
bool ParseValues(const std::string& text, std::vector<double>& out) {
    out.clear();
    try {
        if (text.find(':') != std::string::npos) {
            std::istringstream in(text);
            std::string a, b, c;
            if (!std::getline(in, a, ':') || !std::getline(in, b, ':') || !std::getline(in, c)) return false;
            const double from = std::stod(a), to = std::stod(b), step = std::stod(c);
            if (!(step > 0) || !(to >= from) || (to - from) / step > 1000) return false;
            for (double v = from; v <= to + 1e-9; v += step) out.push_back(v);
        } else {
            std::istringstream in(text);
            std::string v;
            while (std::getline(in, v, ',')) out.push_back(std::stod(v));
        }
    } catch (const std::exception&) {
        return false;
    }
    return !out.empty();
}

std::string UtcNow() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

double Median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

void PrintText(int index, const FrameMeasures& m) {
    if (m.error) {
        std::printf("frame %d: %s\n", index, m.error.message.c_str());
        return;
    }
    std::printf("frame %d: sharpness %.2f", index, m.sharpness);
    if (m.mrz_sharpness) std::printf(" (MRZ %.2f)", *m.mrz_sharpness);
    std::printf(", mean %.0f, clipped %.2f%% high %.2f%% low, glare %.3f%%", m.mean_level, 100 * m.clipped_highlights,
                100 * m.clipped_shadows, 100 * m.glare_fraction);
    if (m.glare) std::printf(" at %.0f,%.0f", m.glare->centroid_x, m.glare->centroid_y);
    std::printf(", noise %.1f", m.noise_sigma);
    if (m.motion) std::printf(", motion %.1f", *m.motion);
    if (m.px_per_mm) std::printf(", %.2f px/mm, MRZ characters %.1f px", *m.px_per_mm, m.char_height_px);
    std::printf(";");
    if (m.hints.empty()) std::printf(" ok");
    for (CalibrationHint h : m.hints) std::printf(" %s", ToString(h));
    std::printf("\n");
}

const char* kByHand =
    "This source has no focus or exposure control OpenCV can set (or it is a file). By hand: lay the test card "
    "(docintake-testcard) or a document where documents will lie; watch `docintake calibrate SOURCE` and turn the "
    "focus until MRZ sharpness peaks (0.6 or more reads well); then set light and exposure until the mean level is "
    "120-180 with clipped highlights under 2% and no glare; MRZ characters should be 16 px high or more.";

// Sweeps focus, then exposure, on a camera; guidance by hand otherwise.
// Fills the chosen controls. Returns false when the source is not a camera.
bool Sweep(CalibrationSource& source, const CalibrateArgs& args, MrzReader* reader, std::map<std::string, double>& controls,
           nlohmann::ordered_json& out) {
    if (!source.is_camera()) {
        out["guidance"] = kByHand;
        if (!args.json) std::printf("%s\n", kByHand);
        return false;
    }
    std::vector<double> focus, exposure;
    ParseValues(args.focus_values, focus);
    ParseValues(args.exposure_values, exposure);
    nlohmann::ordered_json steps = nlohmann::ordered_json::array();
    bool any = false;
    for (const auto& [control, values] : {std::make_pair(CameraControl::Focus, focus), std::make_pair(CameraControl::Exposure, exposure)}) {
        const SweepResult r = RunSweep(source, control, values, reader);
        steps.push_back(calibrate::ToJson(r, control));
        if (r.error) {
            if (!args.json) std::printf("%s sweep: %s\n", ToString(control), r.error.message.c_str());
            continue;
        }
        any = true;
        if (!args.json) std::printf("%s sweep: %s\n", ToString(control), r.choice.reason.c_str());
        if (r.choice.found) {
            controls[ToString(control)] = r.choice.value;
            if (control == CameraControl::Focus) controls["autofocus"] = 0;
            if (control == CameraControl::Exposure) controls["auto_exposure"] = 1;
        }
    }
    out["steps"] = steps;
    if (!any) {
        out["guidance"] = kByHand;
        if (!args.json) std::printf("%s\n", kByHand);
    }
    return true;
}

int RunCalibrate(const CalibrateArgs& args) {
    std::vector<double> check;
    if (args.sweep && (!ParseValues(args.focus_values, check) || !ParseValues(args.exposure_values, check))) {
        std::fprintf(stderr, "docintake calibrate: error: --focus-values/--exposure-values want FROM:TO:STEP or A,B,C\n");
        return 2;
    }
    std::unique_ptr<MrzReader> reader;
    if (!args.no_read) {
        MrzReaderOptions options;
        if (!ToReaderOptions(args.reader, "calibrate", options)) return 2;
        reader = std::make_unique<MrzReader>(options);
        if (reader->init_error()) {
            std::fprintf(stderr, "docintake calibrate: error: %s: %s\n", ToString(reader->init_error().code),
                         reader->init_error().message.c_str());
            return 2;
        }
    }
    CalibrationSource source;
    if (!source.Open(args.source)) {
        std::fprintf(stderr, "docintake calibrate: error: cannot open the source as an image, folder, video or camera\n");
        return 2;
    }
    if (args.lens && !args.profile.empty()) {
        std::fprintf(stderr, "docintake calibrate: error: --lens calibrates the camera's own frames: leave out --profile\n");
        return 2;
    }
    if (!args.profile.empty() && !source.LoadProfileLens(args.profile, "calibrate")) return 2;
    DeviceProfile profile;
    profile.source = args.source;
    profile.camera_id = args.camera_id.empty() ? source.backend() : args.camera_id;
    profile.light_notes = args.light_notes;
    if (args.sweep) {
        nlohmann::ordered_json sweep;
        Sweep(source, args, reader.get(), profile.controls, sweep);
        if (args.json) std::cout << nlohmann::ordered_json{{"sweep", sweep}}.dump() << "\n";
    }

    FrameMeter meter;
    LensCalibrator lens;
    std::vector<double> scales, heights;
    int index = 0;
    cv::Mat frame;
    while ((args.frames == 0 || index < args.frames) && source.Next(frame)) {
        const ImageView view = ViewOf(frame);
        std::optional<MrzReadResult> reading;
        if (reader) reading = reader->Read(view);
        const FrameMeasures m = meter.Push(view, reading ? &*reading : nullptr);
        const int corners = args.lens ? lens.AddView(view) : 0;
        if (!m.error) {
            profile.width = m.width;
            profile.height = m.height;
            if (m.px_per_mm) {
                scales.push_back(*m.px_per_mm);
                heights.push_back(m.char_height_px);
            }
        }
        if (args.json) {
            nlohmann::ordered_json j{{"frame", index}};
            j.update(calibrate::ToJson(m));
            if (reading) j["reader_feedback"] = ToString(reading->feedback);
            if (args.lens) j["board_corners"] = corners;
            std::cout << j.dump() << "\n";
        } else {
            PrintText(index, m);
        }
        std::cout.flush();
        ++index;
    }
    if (index == 0) {
        std::fprintf(stderr, "docintake calibrate: error: the source gave no frame\n");
        return 2;
    }
    if (source.lens_failed())
        std::fprintf(stderr, "docintake calibrate: warning: the profile's lens calibration is for another frame size; frames were not undistorted\n");
    if (args.lens) {
        LensCalibration result;
        const Error e = lens.Calibrate(result);
        nlohmann::ordered_json j;
        if (e) {
            j["lens"] = {{"error", {{"code", ToString(e.code)}, {"message", e.message}}}, {"views", lens.views()}};
        } else {
            profile.lens = result;
            j["lens"] = {{"camera_matrix", result.camera},
                         {"distortion", result.distortion},
                         {"reprojection_error_px", result.reprojection_error_px},
                         {"views", lens.views()},
                         {"within_target", result.reprojection_error_px <= 0.5}};
        }
        if (args.json)
            std::cout << j.dump() << "\n";
        else if (e)
            std::printf("lens calibration: %s (%d views with the board)\n", e.message.c_str(), lens.views());
        else
            std::printf("lens calibration: fx %.1f fy %.1f cx %.1f cy %.1f, reprojection error %.3f px over %d views (%s)\n",
                        result.camera[0], result.camera[1], result.camera[2], result.camera[3], result.reprojection_error_px,
                        lens.views(), result.reprojection_error_px <= 0.5 ? "within the 0.5 px target" : "ABOVE the 0.5 px target: "
                                                                                                           "more views, steadier");
    }
    if (!args.save_profile.empty()) {
        if (!scales.empty()) {
            profile.px_per_mm = Median(scales);
            profile.char_height_px = Median(heights);
        }
        profile.created = UtcNow();
        const Error e = SaveDeviceProfile(args.save_profile, profile);
        if (e) {
            std::fprintf(stderr, "docintake calibrate: error: %s: %s\n", ToString(e.code), e.message.c_str());
            return 2;
        }
        if (!args.json) std::printf("profile saved%s\n", scales.empty() ? " (no MRZ was read: px/mm left out)" : "");
    }
    return 0;
}

}  // namespace

void AddCalibrateCommand(CLI::App& app) {
    auto args = std::make_shared<CalibrateArgs>();
    CLI::App* cmd = app.add_subcommand(
        "calibrate", "Measure focus, exposure, glare, noise, motion and the MRZ's px/mm per frame; sweep camera controls; "
                     "save a device profile (exit 0 ok, 2 bad source or arguments)");
    cmd->add_option("source", args->source, "Image, folder of images, video file, or camera (index or /dev/videoN)")->required();
    AddReaderOptions(cmd, args->reader);
    cmd->add_flag("--json", args->json, "One JSON object per frame (sweep results first, when --sweep)");
    cmd->add_option("--frames", args->frames, "Frames to measure; 0: until the source ends (a camera: until interrupted)")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    cmd->add_flag("--no-read", args->no_read, "Do not read the MRZ (no px/mm or MRZ sharpness; faster)");
    cmd->add_flag("--sweep", args->sweep,
                  "Step focus then exposure (camera only, document held still) and recommend settings; "
                  "otherwise print how to do it by hand");
    cmd->add_option("--focus-values", args->focus_values, "Focus settings to try: FROM:TO:STEP or A,B,C")->capture_default_str();
    cmd->add_option("--exposure-values", args->exposure_values, "Exposure settings to try: FROM:TO:STEP or A,B,C")->capture_default_str();
    cmd->add_option("--save-profile", args->save_profile, "Write the device profile (JSON, docs/calibration.md) here");
    cmd->add_option("--camera-id", args->camera_id, "Camera name for the profile (default: the capture backend)");
    cmd->add_option("--light-notes", args->light_notes, "Free text about the light, kept in the profile");
    cmd->add_option("--profile", args->profile, "Undistort frames with this device profile's lens calibration first");
    cmd->add_flag("--lens", args->lens,
                  "Lens calibration: the frames show the printed ChArUco board (docintake-testcard --charuco) from "
                  "different angles; prints intrinsics, distortion and the reprojection error (target <= 0.5 px); "
                  "kept in --save-profile");
    cmd->callback([args] {
        const int code = RunCalibrate(*args);
        if (code != 0) throw CLI::RuntimeError(code);
    });
}

}  // namespace docintake::cli
