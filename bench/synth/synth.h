#pragma once
// Synthetic camera frames of ICAO 9303 documents, with exact ground truth.
//
//   auto spec = docintake::synth::MakeSpec(docintake::synth::Profile::Camera, 42);
//   auto doc = docintake::synth::RenderDocument(spec);
//   // doc.frame: BGR photo; doc.mrz_lines: what the reader must return.
//
// Everything is deterministic: the same spec (including its seed) gives the
// same pixels on the same OpenCV build. Nothing here reads or writes files
// except the OCR-B and DejaVu fonts of the Debian packages fonts-ocr-b and
// fonts-dejavu-core.

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <opencv2/core.hpp>

#include <docintake/mrz.h>

namespace docintake::synth {

// Scene families and light never used in development. Only the sealed test
// profiles (Profile::Test, Profile::TestNoDoc) set them; every other profile
// leaves them at Desk / Standard and renders exactly as before.
enum class Backdrop {
    Desk,            // the development scenes (wood, laminate, cloth, papers, pens, phones)
    PrintedCounter,  // a terrazzo counter top with tile joints and printed queue labels
    Room,            // a document held up in a room: a blurred wall, window, shelves, a poster; thumbs on its edges
};
enum class Lighting {
    Standard,      // the development light (gradient, vignette, shadow, glare)
    WarmLamp,      // a desk lamp off one side: warm colour, light falling off with distance
    FlickerBands,  // mains-flicker bands of a rolling shutter under fluorescent or LED light
};
const char* ToString(Backdrop backdrop);
const char* ToString(Lighting lighting);

struct TestConditions {
    Backdrop backdrop = Backdrop::Desk;
    Lighting lighting = Lighting::Standard;
    double lamp_angle_deg = 0;   // WarmLamp: direction in the frame the light comes from
    double lamp_falloff = 0;     // WarmLamp: 0-1, how much darker the far side is than the near side
    double lamp_warmth = 0;      // WarmLamp: 0-1, how much blue (and some green) the light lacks
    double band_period_px = 0;   // FlickerBands: frame rows per bright-dark cycle
    double band_depth = 0;       // FlickerBands: 0-1, how much darker the dark rows are
};

// Camera and scene effects. Zero (or the neutral value) means "not applied".
struct Effects {
    double rotation_deg = 0;   // in-plane rotation of the document, any angle (180 = upside down)
    double tilt_x_deg = 0;     // perspective: rotation of the document plane about its x axis
    double tilt_y_deg = 0;     // ... and about its y axis
    double defocus_px = 0;     // radius of the defocus disk, frame pixels
    double motion_px = 0;      // length of the linear motion blur, frame pixels
    double motion_angle_deg = 0;
    double noise_sigma = 0;    // sensor noise std-dev at mid-gray, 0-255 scale (signal dependent)
    int jpeg_quality = 0;      // 0 = no JPEG round trip, else 1-100
    double vignette = 0;       // 0-1: how much darker the corners are than the centre
    double shading = 0;        // 0-1: strength of a linear illumination gradient
    double shadow = 0;         // 0-1: darkness of a soft-edged cast shadow across the frame
    int glare_blobs = 0;       // specular highlights (soft ellipses)
    double glare_strength = 0; // peak added brightness of a blob, 0-1 of full scale (>= ~0.8 saturates)
    bool glare_over_mrz = false;  // one of the blobs is centred on the MRZ
    double contrast = 1;       // < 1 compresses the range towards mid-gray
    double exposure = 1;       // overall gain: < 1 is a dim room (noise then matters more)
    std::array<double, 3> color_cast{1, 1, 1};  // per-channel gain, B G R
    TestConditions test;       // the sealed test set's scenes and light (neutral elsewhere)
};

// What to render. MakeSpec fills one from a profile; every field can be changed after.
struct SynthSpec {
    MrzFormat format = MrzFormat::TD3;
    std::uint64_t seed = 1;       // content, textures, layout and noise all derive from it
    bool has_document = true;     // false: a scene without any document (for "no document" timing)
    std::vector<std::string> mrz_lines;  // empty: random valid content from the seed
    // With random content: print one check digit wrong (a misprinted or forged
    // document). The ground truth then says valid = false: a reader must return
    // the text but never report it Valid.
    bool wrong_check_digit = false;
    double char_height_px = 24;   // wanted MRZ cap height in the frame (reduced when it would not fit)
    // Shrink and place so the whole document is in the frame; false: only the
    // MRZ must be (a close-up with the rest of the document cut off).
    bool whole_document = true;
    cv::Size frame_size{1920, 1080};
    Effects effects;
};

enum class Profile {
    Clean,   // upright, flat, sharp, even light; char height 20-40 px
    Camera,  // moderate effects, any rotation, char height 14-40 px: the target set
    Hard,    // strong effects, char height 12-60 px, glare often over the MRZ
    NoDoc,   // the same busy scenes and effects as Camera, without a document
    // The sealed test set (docs/benchmarks.md): the Camera conditions, with about half
    // the frames on a Backdrop and half under a Lighting never used in development.
    // Rendered from the seed with kTestSeedSalt mixed in, so a test seed shares no
    // content, scene or pose with the same number in any other profile.
    Test,
    TestNoDoc,  // Test's scenes and light without a document
};
constexpr std::uint64_t kTestSeedSalt = 0x7E57000000000000ULL;
const char* ToString(Profile profile);             // "clean", "camera", "hard", "nodoc", "test", "testnodoc"
bool ParseProfile(const std::string& name, Profile& profile);

// A spec drawn at random (deterministically from profile and seed): format,
// content, scale, pose and effects.
SynthSpec MakeSpec(Profile profile, std::uint64_t seed);

struct SynthDocument {
    cv::Mat frame;                        // CV_8UC3, BGR, spec.frame_size
    bool has_document = false;
    MrzFormat format = MrzFormat::TD3;
    std::vector<std::string> mrz_lines;   // ground truth; empty when !has_document
    bool mrz_valid = false;               // the printed MRZ passes every check (ParseMrz)
    // Corners of the MRZ text block in the frame: the outer edges of the first and
    // last character cells, in reading order: top-left, top-right, bottom-right,
    // bottom-left (so an upside-down document has its "top-left" low on the right).
    std::array<cv::Point2f, 4> mrz_quad{};
    std::array<cv::Point2f, 4> document_quad{};  // the card or data page, same order
    double char_height_px = 0;            // mean cap height of the MRZ glyphs in the frame
    // What was applied, by name ("rotation_deg", "defocus_px", ...), including the
    // pose; only effects that are not neutral are listed.
    std::vector<std::pair<std::string, double>> effects;
};

// Render one frame. Never throws for a spec from MakeSpec; mrz_lines given by
// the caller must be an MRZ of spec.format (A-Z, 0-9, '<', right lengths).
SynthDocument RenderDocument(const SynthSpec& spec);

// A short "video" of one document held under the camera: the same document,
// background and light; every frame has its own small jitter of pose and
// position, its own hand shake (motion blur), noise and moving glare.
// Frame(0) equals RenderDocument(spec).
class SynthSequence {
public:
    explicit SynthSequence(const SynthSpec& spec);
    ~SynthSequence();
    SynthSequence(const SynthSequence&) = delete;
    SynthSequence& operator=(const SynthSequence&) = delete;
    SynthDocument Frame(int index) const;

private:
    struct Scene;
    std::unique_ptr<Scene> scene_;
};

// Random valid MRZ lines (every check digit correct) for a format, from a seed;
// empty for the driving-licence formats, which the generator does not draw.
std::vector<std::string> RandomMrz(MrzFormat format, std::uint64_t seed);

}  // namespace docintake::synth
