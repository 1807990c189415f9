// The focus/exposure sweep against a camera that renders what a setting would
// show (there is no camera here): the document drawn once, then blurred by the
// distance of the focus from its best, scaled by the exposure, with sensor noise.
// Also the sweep's decision as the pure function it is.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdlib>
#include <vector>

#include <opencv2/imgproc.hpp>

#include <docintake/calibrate.h>
#include <docintake/opencv.h>
#include <docintake/read_mrz.h>

#include "support/mrz_scene.h"

using namespace docintake;

namespace {

class RenderedCamera : public SweepCamera {
public:
    double best_focus = 130;
    double focus_step_per_blur = 25;  // this much focus off its best blurs by 1 px more
    bool takes_focus = true;
    bool focus_works = true;
    bool glare = false;

    RenderedCamera() {
        test::Scene s;
        s.blur = 0;
        s.noise = 0;
        base_ = test::Render(s).gray;
        base_.convertTo(base_, CV_32F);
    }
    bool Set(CameraControl control, double value) override {
        if (control == CameraControl::Focus) {
            if (!takes_focus) return false;
            if (focus_works) focus_ = value;
        } else {
            gain_ = value / 100;
        }
        return true;
    }
    ImageView Grab() override {
        const double blur = 0.6 + std::fabs(focus_ - best_focus) / focus_step_per_blur;
        cv::Mat f;
        cv::GaussianBlur(base_, f, {0, 0}, blur);
        f *= gain_;
        cv::Mat noise(f.size(), CV_32F);
        rng_.fill(noise, cv::RNG::NORMAL, 0, 2.0);
        f += noise;
        if (glare) cv::circle(f, {400, 300}, 40, cv::Scalar(255), cv::FILLED);
        f.convertTo(frame_, CV_8U);
        ++grabbed;
        return ViewOf(frame_);
    }
    int grabbed = 0;

private:
    cv::Mat base_, frame_;
    double focus_ = 0;
    double gain_ = 1;
    cv::RNG rng_{7};
};

std::vector<double> Range(double from, double to, double step) {
    std::vector<double> v;
    for (double x = from; x <= to + 1e-9; x += step) v.push_back(x);
    return v;
}

SweepOptions Quick() {
    SweepOptions o;
    o.settle_frames = 1;
    o.measured_frames = 1;
    return o;
}

}  // namespace

TEST_CASE("a focus sweep finds the sharpest setting, on the frame and on the MRZ") {
    RenderedCamera camera;
    const SweepResult r = RunSweep(camera, CameraControl::Focus, Range(0, 250, 10), nullptr, Quick());
    REQUIRE(!r.error);
    CHECK(r.samples.size() == 26);
    CHECK(camera.grabbed == 26 * 2);
    REQUIRE(r.choice.found);
    CHECK(r.choice.value == 130);
    MESSAGE(r.choice.reason);

    // With the reader: the MRZ's sharpness decides (the reader finds the zone
    // in every frame of this sweep, so every sample has it).
    MrzReaderOptions ro;
    ro.model_dir = DOCINTAKE_MODEL_DIR;
    MrzReader reader(ro);
    REQUIRE(!reader.init_error());
    camera.best_focus = 70;
    const SweepResult m = RunSweep(camera, CameraControl::Focus, Range(30, 110, 20), &reader, Quick());
    REQUIRE(!m.error);
    for (const SweepSample& s : m.samples) CHECK(s.measures.mrz_sharpness.has_value());
    REQUIRE(m.choice.found);
    CHECK(m.choice.value == 70);
    CHECK(m.choice.reason.find("MRZ") != std::string::npos);
}

TEST_CASE("a camera that ignores or refuses focus gets no recommendation") {
    RenderedCamera ignoring;
    ignoring.focus_works = false;
    const SweepResult r = RunSweep(ignoring, CameraControl::Focus, Range(0, 250, 50), nullptr, Quick());
    REQUIRE(!r.error);
    CHECK(!r.choice.found);
    CHECK(r.choice.reason.find("by hand") != std::string::npos);

    RenderedCamera refusing;
    refusing.takes_focus = false;
    const SweepResult e = RunSweep(refusing, CameraControl::Focus, Range(0, 250, 50), nullptr, Quick());
    CHECK(e.error.code == ErrorCode::Unsupported);
    CHECK(RunSweep(refusing, CameraControl::Focus, {}, nullptr, Quick()).error.code == ErrorCode::InvalidArgument);
}

TEST_CASE("an exposure sweep stops short of clipping the white card") {
    RenderedCamera camera;
    camera.best_focus = 0;  // in focus at the camera's starting focus
    const SweepResult r = RunSweep(camera, CameraControl::Exposure, Range(25, 300, 25), nullptr, Quick());
    REQUIRE(!r.error);
    REQUIRE(r.choice.found);
    // The card is 228 at x1: x1.25 clips it; x1 gives a mean of ~147.
    CHECK(r.choice.value == 100);
    for (const SweepSample& s : r.samples)
        if (s.value > 110) CHECK(s.measures.clipped_highlights > 0.02);

    RenderedCamera glaring;
    glaring.best_focus = 0;
    glaring.glare = true;
    const SweepResult g = RunSweep(glaring, CameraControl::Exposure, Range(50, 150, 50), nullptr, Quick());
    REQUIRE(!g.error);
    CHECK(!g.choice.found);
    CHECK(g.choice.reason.find("glare") != std::string::npos);
}

TEST_CASE("the sweep's decision as a pure function") {
    auto sample = [](double value, double sharp, double mean, double high = 0) {
        SweepSample s;
        s.value = value;
        s.measures.sharpness = sharp;
        s.measures.mean_level = mean;
        s.measures.clipped_highlights = high;
        return s;
    };
    // Order of measuring does not matter; equal sharpness keeps the lower setting.
    const SweepChoice f = ChooseSetting(CameraControl::Focus, {sample(40, 0.8, 0), sample(20, 0.9, 0), sample(30, 0.9, 0), sample(0, 0.5, 0)});
    CHECK(f.found);
    CHECK(f.value == 20);
    // The best at the end of the range says so.
    const SweepChoice end = ChooseSetting(CameraControl::Focus, {sample(0, 0.3, 0), sample(10, 0.5, 0), sample(20, 0.7, 0)});
    CHECK(end.value == 20);
    CHECK(end.reason.find("end of the swept range") != std::string::npos);
    // Nothing measured: nothing chosen.
    CHECK(!ChooseSetting(CameraControl::Focus, {}).found);
    SweepSample bad = sample(5, 0.9, 100);
    bad.measures.error = {ErrorCode::InvalidImage, "x"};
    CHECK(!ChooseSetting(CameraControl::Gain, {bad}).found);
    // Exposure: nearest the band's middle (150 by default) without clipping; too dark is refused.
    const SweepChoice e = ChooseSetting(CameraControl::Exposure,
                                        {sample(1, 0, 40), sample(2, 0, 120), sample(3, 0, 160), sample(4, 0, 200, 0.05)});
    CHECK(e.value == 3);
    const SweepChoice dark = ChooseSetting(CameraControl::Gain, {sample(1, 0, 20), sample(2, 0, 40)});
    CHECK(!dark.found);
    CHECK(dark.reason.find("too dark") != std::string::npos);
}
