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
