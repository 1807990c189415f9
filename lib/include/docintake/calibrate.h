#pragma once
// Technician calibration: numbers about a camera frame that a technician can act
// on (focus, exposure, glare, noise, motion, the scale at the document), the
// decision of a focus/exposure sweep, and the device profile kept on disk.
//
//   docintake::FrameMeter meter;                   // one per camera stream
//   auto r = reader.Read(view);                    // optional: gives the MRZ's scale
//   docintake::FrameMeasures m = meter.Push(view, &r);
//   if (!m.error) show(m.sharpness, m.px_per_mm, ...);
//
// Cheap enough to run on every frame (3.5-4.5 ms of CPU for 1080p BGR on one
// core of a busy VM, bench/testcard/calibrate_bench.cpp). No personal data: only
// pixel statistics and geometry.

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "docintake/error.h"
#include "docintake/image_view.h"

namespace docintake {

struct MrzReadResult;

// ICAO 9303 part 3: OCR-B size 1 at 10 characters per inch.
constexpr double kMrzCharPitchMm = 2.54;

// What a technician can fix, worst first in FrameMeasures::hints.
enum class CalibrationHint {
    TooDark,        // mean level low or many crushed shadows: more light or exposure
    Overexposed,    // highlights clipped over much of the frame: less exposure or gain
    Glare,          // a specular reflection: move the light or tilt the camera
    Blurred,        // out of focus (or moving)
    Moving,         // the picture changed between frames: hold the document still
    Noisy,          // sensor noise: more light, less gain
    MrzTooSmall,    // the MRZ's characters are too few pixels high: camera closer or zoom
    NoMrz,          // a reading was given but it found no MRZ
};
// "too_dark", "overexposed", "glare", "blurred", "moving", "noisy", "mrz_too_small", "no_mrz".
const char* ToString(CalibrationHint hint);

// Where the limits for hints lie. Defaults follow the reader's needs (its
// minimum character height is 10 px; it reads best from about 16 px).
struct CalibrationTargets {
    double min_mean_level = 70;
    double max_clipped_highlights = 0.02;  // fraction of the frame at >= 250
    double max_clipped_shadows = 0.10;     // fraction of the frame at <= 5
    double max_glare_fraction = 0.002;     // specular area over the frame
    double min_sharpness = 0.6;            // FrameMeasures::sharpness, when no MRZ is in view
    // FrameMeasures::mrz_sharpness. The test card at 18.8 px characters read
    // whole at 0.55 (blur 1.5 px) and above and lost an MRZ at 0.49 (blur 1.8 px).
    double min_mrz_sharpness = 0.5;
    double max_noise_sigma = 6;            // grey levels
    double max_motion = 3;                 // mean absolute change, grey levels
    double min_char_height_px = 16;
};

struct GlareSpot {
    // Bounding box and centroid of the largest specular area, in frame pixels.
    int x = 0, y = 0, width = 0, height = 0;
    double centroid_x = 0, centroid_y = 0;
};

struct FrameMeasures {
    Error error;  // InvalidImage for a view without pixels; nothing else is set then
    int width = 0, height = 0;

    // Focus: the steepest edges' slope per unit of their own contrast (95th
    // percentile over edges), on the frame scaled to 640 px wide, so the same
    // scene gives the same value at any resolution. At most ~1 (a step edge);
    // it does not depend on the light level or the contrast of what is in view,
    // but it does on what is in view: compare frames of the same scene.
    // A 1080p test scene: 0.95 at a Gaussian blur of sigma 0.5 px, 0.87 at 1.5, 0.55 at 4.
    double sharpness = 0;
    // The same on the MRZ, rectified to 20 px character height: how sharp the
    // characters are for the reader, comparable between cameras and distances.
    // Test MRZs: 0.88 at blur sigma 0.5 px per 23 px character height, 0.61 at
    // 1.5, 0.37 at 4. Absent without an MRZ in the reading.
    std::optional<double> mrz_sharpness;

    // Exposure, over the whole frame.
    double mean_level = 0;                 // 0..255
    double clipped_highlights = 0;         // fraction >= 250
    double clipped_shadows = 0;            // fraction <= 5
    double clipped_fraction() const { return clipped_highlights + clipped_shadows; }

    // Glare: near-saturated areas big enough not to be single bright pixels.
    double glare_fraction = 0;             // of the frame
    std::optional<GlareSpot> glare;        // the largest one; absent when none
    std::optional<double> mrz_glare_fraction;  // of the MRZ quad, when there is one

    // Noise: sigma of the sensor noise in grey levels (robust estimate from the
    // median of a second-difference residual, so edges barely count).
    double noise_sigma = 0;

    // Mean absolute change from the previous frame, in grey levels, on a
    // 160 px wide image. Only FrameMeter::Push sets it (from the second frame).
    std::optional<double> motion;

    // From the reading's MRZ: its characters' cell width gives the scale at the
    // document plane (mean of the zone's top and bottom edges over the line's
    // characters). Needs the reading's text for the characters per line (the
    // reader's raw_lines have it whenever it OCRed the zone); absent without.
    std::optional<double> px_per_mm;
    double char_height_px = 0;             // 0 without an MRZ
    int mrz_chars = 0;                     // characters per line used for px_per_mm: 30, 36 or 44

    std::vector<CalibrationHint> hints;    // from CalibrationTargets; empty when all is well
};

// Measures one frame. `reading`, when given, is the reader's result for the
// same frame (its zone quad gives the MRZ measures). Never throws.
FrameMeasures MeasureFrame(const ImageView& frame, const MrzReadResult* reading = nullptr,
                           const CalibrationTargets& targets = {});

// Measures a stream: the same as MeasureFrame plus motion from the previous frame.
class FrameMeter {
public:
    explicit FrameMeter(CalibrationTargets targets = {}) : targets_(targets) {}
    FrameMeasures Push(const ImageView& frame, const MrzReadResult* reading = nullptr);
    void Reset() { previous_.clear(); }

private:
    CalibrationTargets targets_;
    std::vector<std::uint8_t> previous_;  // the last frame at 160 px wide
    int previous_width_ = 0, previous_height_ = 0;  // the last frame's own size
};

// --- Focus and exposure sweep -------------------------------------------------

enum class CameraControl { Focus, Exposure, Gain };
const char* ToString(CameraControl control);  // "focus", "exposure", "gain"

struct SweepSample {
    double value = 0;          // the control's setting as the camera took it
    FrameMeasures measures;    // measured with the document held still
};

struct SweepChoice {
    bool found = false;        // false: no setting is good enough (see reason)
    double value = 0;          // the recommended setting
    std::string reason;        // one line for the technician, no personal data
};

// The decision of a sweep, a pure function of what was measured. Focus: the
// sharpest setting (MRZ sharpness when every sample has it, else the frame's);
// not found when sharpness does not change with the setting. Exposure or gain:
// the setting whose mean level is nearest the middle of the targets' band among
// those without clipped highlights or glare over the limits; ties go to the
// lower setting (shorter exposure moves less, lower gain is less noisy).
SweepChoice ChooseSetting(CameraControl control, const std::vector<SweepSample>& samples,
                          const CalibrationTargets& targets = {});

// A camera a sweep can steer: the CLI wraps cv::VideoCapture (V4L2 controls);
// tests render the frames a setting would give.
class SweepCamera {
public:
    virtual ~SweepCamera() = default;
    // Sets the control (turning its automatic mode off first); false when the
    // camera does not take it.
    virtual bool Set(CameraControl control, double value) = 0;
    // The next frame; an invalid view when there is none. Valid until the next Grab.
    virtual ImageView Grab() = 0;
};

struct SweepOptions {
    int settle_frames = 5;     // frames dropped after each change (the camera adjusts)
    int measured_frames = 3;   // frames measured per setting; the median-sharpness one counts
    CalibrationTargets targets;
};

struct SweepResult {
    Error error;               // Unsupported when the camera does not take the control
    std::vector<SweepSample> samples;
    SweepChoice choice;
};

class MrzReader;

// Steps `control` through `values` with the document held still, measures
// each setting (reading the MRZ with `reader` when given, for its sharpness and
// scale) and chooses with ChooseSetting. Leaves the camera at the chosen value
// (or the last one tried when none was chosen).
SweepResult RunSweep(SweepCamera& camera, CameraControl control, const std::vector<double>& values,
                     MrzReader* reader = nullptr, const SweepOptions& options = {});

// --- Device profile -----------------------------------------------------------

struct LensCalibration {
    std::array<double, 4> camera{};        // fx, fy, cx, cy in pixels
    std::vector<double> distortion;        // OpenCV order: k1 k2 p1 p2 [k3 ...], 4..14 values
    double reprojection_error_px = 0;
};

// A versioned description of how one kiosk's camera was set up, kept next to
// the kiosk's config. Strict JSON (docs/calibration.md): unknown keys are errors.
struct DeviceProfile {
    static constexpr int kSchemaVersion = 1;
    int schema_version = kSchemaVersion;
    std::string camera_id;                 // e.g. the V4L2 card name or USB id
    std::string source;                    // what was opened: "0", "/dev/video2", a file
    int width = 0, height = 0;             // resolution the profile was measured at
    std::map<std::string, double> controls;  // "focus", "exposure", "gain", "autofocus", ...
    std::optional<LensCalibration> lens;
    std::optional<double> px_per_mm;       // measured at the document plane
    std::optional<double> char_height_px;
    std::string light_notes;               // free text from the technician
    std::string created;                   // UTC date and time, YYYY-MM-DDTHH:MM:SSZ
};

// --- Lens calibration ---------------------------------------------------------

// A printed ChArUco board (OpenCV aruco, dictionary DICT_5X5_100): squares_x by
// squares_y chessboard squares with a marker in each white one.
// The default prints on A4 with room to spare (docintake-testcard --charuco).
struct CharucoBoardSpec {
    int squares_x = 7, squares_y = 5;
    double square_mm = 25, marker_mm = 18;
};

// Collects views of the board (different angles and positions over the frame),
// then solves intrinsics and distortion (OpenCV calibrateCameraCharuco, five
// distortion coefficients). Aim for a reprojection error of at most 0.5 px.
class LensCalibrator {
public:
    explicit LensCalibrator(CharucoBoardSpec board = {});
    ~LensCalibrator();
    LensCalibrator(LensCalibrator&&) noexcept;
    LensCalibrator& operator=(LensCalibrator&&) noexcept;
    LensCalibrator(const LensCalibrator&) = delete;
    LensCalibrator& operator=(const LensCalibrator&) = delete;

    // Finds the board's inner corners; a view with at least 8 is kept. Returns the
    // corners found (0 when the board is not in view); InvalidImage for bad views
    // and for a view of another size than the first.
    int AddView(const ImageView& view, Error* error = nullptr);
    int views() const;
    // Needs at least 4 kept views.
    Error Calibrate(LensCalibration& out) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Undoes a lens's distortion frame after frame (maps made once; cv::remap).
// The reader then sees straight MRZ lines to the frame's edges.
class Undistorter {
public:
    // InvalidArgument (see error()) when the calibration does not fit the size.
    Undistorter(const LensCalibration& lens, int width, int height);
    ~Undistorter();
    Undistorter(Undistorter&&) noexcept;
    Undistorter& operator=(Undistorter&&) noexcept;
    Undistorter(const Undistorter&) = delete;
    Undistorter& operator=(const Undistorter&) = delete;

    const Error& error() const;
    // The frame undistorted into `pixels` (same size and pixel format), and a view of them.
    // InvalidImage for a view of another size than the calibration's.
    Error Apply(const ImageView& frame, std::vector<std::uint8_t>& pixels, ImageView& undistorted) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Strict: every required key present with the right type, no unknown keys,
// numbers in range, schema_version 1 (a newer one is Unsupported).
Error ParseDeviceProfile(std::string_view json, DeviceProfile& out);
std::string DeviceProfileToJson(const DeviceProfile& profile);  // pretty-printed, ends with '\n'
// Files: load refuses files over 1 MiB; save writes a temporary file and renames it.
Error LoadDeviceProfile(const std::string& path, DeviceProfile& out);
Error SaveDeviceProfile(const std::string& path, const DeviceProfile& profile);

}  // namespace docintake
