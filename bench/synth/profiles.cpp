// The profiles: how a spec is drawn from a seed for each set (synth.h).

#include <algorithm>
#include <cmath>

#include "synth/render.h"
#include "synth/synth.h"

namespace docintake::synth {
namespace {

bool IsTest(Profile p) { return p == Profile::Test || p == Profile::TestNoDoc; }

MrzFormat RandomFormat(Rng& rng) {
    const double u = rng.uniform();
    if (u < 0.35) return MrzFormat::TD3;
    if (u < 0.65) return MrzFormat::TD1;
    if (u < 0.77) return MrzFormat::TD2;
    if (u < 0.80) return MrzFormat::FrenchId;
    if (u < 0.90) return MrzFormat::MRVA;
    return MrzFormat::MRVB;
}

cv::Size RandomFrameSize(Rng& rng, bool allow_large) {
    const double u = rng.uniform();
    if (u < 0.30) return {1280, 720};
    if (u < 0.80 || !allow_large) return {1920, 1080};
    if (u < 0.88) return {1600, 1200};
    if (u < 0.96) return {2560, 1440};
    return {3264, 2448};
}

// Any in-plane angle, but weighted like people hold documents: mostly upright.
double RandomRotation(Rng& rng, double upright_spread) {
    const double u = rng.uniform();
    if (u < 0.5) return rng.normal(0, upright_spread);
    if (u < 0.65) return 180 + rng.normal(0, upright_spread);
    if (u < 0.8) return (rng.chance(0.5) ? 90 : -90) + rng.normal(0, upright_spread);
    return rng.uniform(-180, 180);
}

double Clamp(double v, double lo, double hi) { return std::min(hi, std::max(lo, v)); }

void LowLight(Effects& e, Rng& rng, double p, double lo) {
    if (!rng.chance(p)) return;
    e.exposure = rng.uniform(lo, 0.6);
    e.noise_sigma *= 1.0 / e.exposure;  // the camera raises its gain
}

void ColorCast(Effects& e, Rng& rng, double spread) {
    for (double& g : e.color_cast) g = rng.uniform(1 - spread, 1 + spread);
}

}  // namespace

const char* ToString(Profile profile) {
    switch (profile) {
        case Profile::Clean: return "clean";
        case Profile::Camera: return "camera";
        case Profile::Hard: return "hard";
        case Profile::NoDoc: return "nodoc";
        case Profile::Test: return "test";
        case Profile::TestNoDoc: return "testnodoc";
    }
    return "";
}

bool ParseProfile(const std::string& name, Profile& profile) {
    for (Profile p : {Profile::Clean, Profile::Camera, Profile::Hard, Profile::NoDoc, Profile::Test, Profile::TestNoDoc})
        if (name == ToString(p)) {
            profile = p;
            return true;
        }
    return false;
}

SynthSpec MakeSpec(Profile profile, std::uint64_t seed) {
    SynthSpec s;
    s.seed = IsTest(profile) ? seed ^ kTestSeedSalt : seed;
    Rng rng(s.seed, kSpec);
    s.format = RandomFormat(rng);
    Effects& e = s.effects;
    switch (profile) {
        case Profile::Clean:
            s.frame_size = rng.chance(0.5) ? cv::Size(1280, 720) : cv::Size(1920, 1080);
            s.char_height_px = rng.uniform(20, 40);
            e.rotation_deg = rng.normal(0, 2);
            e.tilt_x_deg = rng.normal(0, 2);
            e.tilt_y_deg = rng.normal(0, 2);
            e.noise_sigma = rng.uniform(1, 3);
            e.jpeg_quality = rng.integer(88, 95);
            e.vignette = rng.uniform(0, 0.1);
            e.shading = rng.uniform(0, 0.1);
            break;
        case Profile::Camera:
        case Profile::NoDoc:
        case Profile::Test:
        case Profile::TestNoDoc: {
            s.frame_size = RandomFrameSize(rng, true);
            // 15% of the frames in the 12-14 px bucket, below the 98% target's range.
            const double u = rng.uniform();
            s.char_height_px = u < 0.15 ? rng.uniform(12, 14) : u < 0.55 ? rng.uniform(14, 20) : rng.uniform(20, 40);
            e.rotation_deg = RandomRotation(rng, 8);
            e.tilt_x_deg = Clamp(rng.normal(0, 10), -25, 25);
            e.tilt_y_deg = Clamp(rng.normal(0, 10), -25, 25);
            if (rng.chance(0.4)) e.defocus_px = rng.uniform(0.5, std::min(2.5, 0.12 * s.char_height_px));
            if (rng.chance(0.3)) {
                e.motion_px = rng.uniform(1, std::max(1.5, 0.15 * s.char_height_px));
                e.motion_angle_deg = rng.uniform(0, 180);
            }
            s.whole_document = rng.chance(0.85);
            e.noise_sigma = rng.uniform(2, 8);
            e.jpeg_quality = rng.integer(60, 95);
            e.vignette = rng.uniform(0, 0.4);
            e.shading = rng.uniform(0, 0.5);
            if (rng.chance(0.3)) e.shadow = rng.uniform(0.2, 0.5);
            if (rng.chance(0.4)) {
                e.glare_blobs = rng.integer(1, 2);
                e.glare_over_mrz = rng.chance(0.25);
                e.glare_strength = e.glare_over_mrz ? rng.uniform(0.25, 0.6) : rng.uniform(0.3, 0.9);
            }
            e.contrast = rng.uniform(0.7, 1.0);
            ColorCast(e, rng, 0.1);
            LowLight(e, rng, 0.15, 0.3);
            break;
        }
        case Profile::Hard:
            s.frame_size = RandomFrameSize(rng, true);
            s.char_height_px = std::exp(rng.uniform(std::log(12.0), std::log(60.0)));
            e.rotation_deg = rng.uniform(-180, 180);
            e.tilt_x_deg = Clamp(rng.normal(0, 16), -35, 35);
            e.tilt_y_deg = Clamp(rng.normal(0, 16), -35, 35);
            if (rng.chance(0.6)) e.defocus_px = rng.uniform(0.5, std::max(0.8, 0.2 * s.char_height_px));
            if (rng.chance(0.5)) {
                e.motion_px = rng.uniform(1, std::max(1.5, 0.25 * s.char_height_px));
                e.motion_angle_deg = rng.uniform(0, 180);
            }
            s.whole_document = rng.chance(0.7);
            e.noise_sigma = rng.uniform(4, 14);
            e.jpeg_quality = rng.integer(40, 85);
            e.vignette = rng.uniform(0.1, 0.6);
            e.shading = rng.uniform(0.2, 0.7);
            if (rng.chance(0.5)) e.shadow = rng.uniform(0.3, 0.7);
            if (rng.chance(0.7)) {
                e.glare_blobs = rng.integer(1, 3);
                e.glare_over_mrz = rng.chance(0.55);
                e.glare_strength = rng.uniform(0.5, 1.1);
            }
            e.contrast = rng.uniform(0.5, 0.9);
            ColorCast(e, rng, 0.2);
            LowLight(e, rng, 0.3, 0.2);
            break;
    }
    s.has_document = profile != Profile::NoDoc && profile != Profile::TestNoDoc;
    // A few documents per hundred carry a wrong check digit (misprint, forgery, damage).
    s.wrong_check_digit = s.has_document && rng.chance(0.04);
    if (IsTest(profile)) {  // its own stream: the draws above stay those of the Camera profile
        Rng test_rng(s.seed, kTest);
        DrawTestConditions(e.test, test_rng);
    }
    return s;
}

}  // namespace docintake::synth
