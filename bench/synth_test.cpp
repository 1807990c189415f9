// The generator's own promises: valid content with correct check digits (and
// misprints flagged as such), determinism by seed, ground truth that matches
// the frame's geometry.

#include <doctest/doctest.h>

#include <opencv2/core.hpp>

#include "synth/synth.h"

using namespace docintake;
using namespace docintake::synth;

namespace {
const MrzFormat kFormats[] = {MrzFormat::TD1, MrzFormat::TD2, MrzFormat::TD3, MrzFormat::MRVA, MrzFormat::MRVB, MrzFormat::FrenchId};
}

TEST_CASE("random MRZ content is valid in every format and parses as that format") {
    for (MrzFormat f : kFormats)
        for (std::uint64_t seed = 1; seed <= 3000; ++seed) {
            const auto lines = RandomMrz(f, seed);
            const MrzParseResult p = ParseMrz(lines);
            CAPTURE(ToString(f));
            CAPTURE(seed);
            REQUIRE_FALSE(p.error);
            CHECK(p.mrz.format == f);
            CHECK(p.mrz.valid());
        }
}

TEST_CASE("a misprinted document fails exactly one check and says so in its ground truth") {
    int misprints = 0;
    for (std::uint64_t seed = 1; seed <= 400 && misprints < 3; ++seed) {
        SynthSpec spec = MakeSpec(Profile::Camera, seed);
        if (!spec.wrong_check_digit) continue;
        ++misprints;
        spec.frame_size = {640, 360};
        const SynthDocument doc = RenderDocument(spec);
        CHECK_FALSE(doc.mrz_valid);
        const MrzParseResult p = ParseMrz(doc.mrz_lines);
        REQUIRE_FALSE(p.error);
        int failed = 0;
        for (const MrzCheck& c : p.mrz.checks) failed += !c.passed;
        // The composite covers the broken digit too, unless the broken one is the composite.
        CHECK(failed >= 1);
        CHECK(failed <= 2);
    }
    CHECK(misprints == 3);
}

TEST_CASE("frames are deterministic by seed and the MRZ quad lies inside the frame") {
    for (Profile profile : {Profile::Clean, Profile::Camera, Profile::Hard}) {
        for (std::uint64_t seed : {7u, 8u}) {
            SynthSpec spec = MakeSpec(profile, seed);
            spec.frame_size = {640, 360};
            const SynthDocument a = RenderDocument(spec), b = RenderDocument(spec);
            REQUIRE(a.frame.size() == cv::Size(640, 360));
            CHECK(cv::norm(a.frame, b.frame, cv::NORM_INF) == 0);
            CHECK(a.has_document);
            CHECK(a.mrz_valid == !spec.wrong_check_digit);
            CHECK(a.char_height_px > 3);
            for (const cv::Point2f& p : a.mrz_quad) {
                CHECK(p.x >= 0);
                CHECK(p.y >= 0);
                CHECK(p.x <= 640);
                CHECK(p.y <= 360);
            }
        }
    }
    SynthSpec s1 = MakeSpec(Profile::Camera, 1), s2 = MakeSpec(Profile::Camera, 2);
    s1.frame_size = s2.frame_size = {640, 360};
    CHECK(cv::norm(RenderDocument(s1).frame, RenderDocument(s2).frame, cv::NORM_INF) > 0);
}

TEST_CASE("a sequence starts with the single frame and then moves a little") {
    SynthSpec spec = MakeSpec(Profile::Camera, 12);
    spec.frame_size = {640, 360};
    const SynthSequence seq(spec);
    const SynthDocument f0 = seq.Frame(0), f1 = seq.Frame(1);
    CHECK(cv::norm(f0.frame, RenderDocument(spec).frame, cv::NORM_INF) == 0);
    CHECK(f0.mrz_lines == f1.mrz_lines);
    CHECK(cv::norm(f0.frame, f1.frame, cv::NORM_INF) > 0);
    CHECK(cv::norm(f0.mrz_quad[0] - f1.mrz_quad[0]) < 40);
}

TEST_CASE("no-document scenes have no MRZ") {
    SynthSpec spec = MakeSpec(Profile::NoDoc, 3);
    spec.frame_size = {640, 360};
    const SynthDocument d = RenderDocument(spec);
    CHECK_FALSE(d.has_document);
    CHECK(d.mrz_lines.empty());
    CHECK(d.frame.size() == cv::Size(640, 360));
}

TEST_CASE("only the sealed test profiles use the test set's scenes and light") {
    int backdrops = 0, lights = 0;
    for (std::uint64_t seed = 1; seed <= 400; ++seed) {
        CAPTURE(seed);
        for (Profile p : {Profile::Clean, Profile::Camera, Profile::Hard, Profile::NoDoc}) {
            const SynthSpec dev = MakeSpec(p, seed);
            CHECK(dev.effects.test.backdrop == Backdrop::Desk);
            CHECK(dev.effects.test.lighting == Lighting::Standard);
            CHECK(dev.seed == seed);
        }
        const SynthSpec test = MakeSpec(Profile::Test, seed);
        CHECK(test.seed == (seed ^ kTestSeedSalt));  // nothing shared with a development seed
        CHECK(test.has_document);
        backdrops += test.effects.test.backdrop != Backdrop::Desk;
        lights += test.effects.test.lighting != Lighting::Standard;
        const SynthSpec nodoc = MakeSpec(Profile::TestNoDoc, seed);
        CHECK_FALSE(nodoc.has_document);
        CHECK_FALSE(nodoc.wrong_check_digit);
    }
    // About half each (binomial, n = 400: 200 +- 10).
    CHECK(backdrops > 160);
    CHECK(backdrops < 240);
    CHECK(lights > 160);
    CHECK(lights < 240);
}

TEST_CASE("every test backdrop and light renders, deterministically, and changes the frame") {
    SynthSpec base = MakeSpec(Profile::Test, 21);
    base.frame_size = {640, 360};
    base.effects.test = TestConditions{};
    const SynthDocument plain = RenderDocument(base);
    for (Backdrop b : {Backdrop::Desk, Backdrop::PrintedCounter, Backdrop::Room})
        for (Lighting l : {Lighting::Standard, Lighting::WarmLamp, Lighting::FlickerBands}) {
            CAPTURE(ToString(b));
            CAPTURE(ToString(l));
            SynthSpec spec = base;
            spec.effects.test = {b, l, 30, 0.6, 0.7, 120, 0.25};
            const SynthDocument a = RenderDocument(spec), again = RenderDocument(spec);
            CHECK(cv::norm(a.frame, again.frame, cv::NORM_INF) == 0);
            CHECK(a.mrz_lines == plain.mrz_lines);
            if (b != Backdrop::Desk || l != Lighting::Standard) CHECK(cv::norm(a.frame, plain.frame, cv::NORM_INF) > 0);
            else CHECK(cv::norm(a.frame, plain.frame, cv::NORM_INF) == 0);
        }
}
