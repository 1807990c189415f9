// The self-test on camera frames of the project's test card, drawn with known
// scale, blur and glare (bench/testcard/test_card.h): the card reads, and the
// verdict flips from pass to fail as blur or glare grows past the reader's margin.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include <docintake/barcode.h>
#include <docintake/opencv.h>
#include <docintake/read_mrz.h>
#include <docintake/selftest.h>

#include "../../bench/testcard/test_card.h"

using namespace docintake;

namespace {

MrzReader& Reader() {
    static MrzReader reader([] {
        MrzReaderOptions o;
        o.model_dir = DOCINTAKE_MODEL_DIR;
        return o;
    }());
    return reader;
}

SelfTestReport RunOn(const testcard::Shot& shot, int frames, bool margins, BarcodeReader* barcodes = nullptr) {
    const cv::Mat card = testcard::RenderCard(shot.px_per_mm);
    REQUIRE(!card.empty());
    SelfTestOptions options;
    options.measure_margins = margins;
    options.stable_frames = std::min(frames, options.stable_frames);
    SelfTest test(Reader(), options, barcodes);
    for (int i = 0; i < frames; ++i) {
        testcard::Shot s = shot;
        s.seed = static_cast<unsigned>(i + 1);  // fresh sensor noise per frame
        test.Push(ViewOf(testcard::RenderShot(card, s)));
    }
    SelfTestReport r = test.Finish();
    std::printf("blur %.2f glare %.1f mm px/mm %.1f: %s | read %d/%d", shot.blur_sigma, shot.glare_radius_mm, shot.px_per_mm,
                r.pass ? "PASS" : "FAIL", r.frames_read, r.frames);
    for (const auto& f : r.formats) std::printf(" %s:%d", ToString(f.format), f.reads);
    for (const auto& b : r.barcodes) std::printf(" %s:%d", ToString(b.format), b.reads);
    if (r.blur_margin_px)
        std::printf(" blur margin %.2f distance x%.2f glare %.1f chars", *r.blur_margin_px, *r.distance_margin, *r.glare_margin_chars);
    if (r.px_per_mm) std::printf(" measured px/mm %.2f", *r.px_per_mm);
    std::printf(" | %s\n", r.reason.c_str());
    return r;
}

}  // namespace

TEST_CASE("the test card reads whole, MRZs and barcodes, at its known scale") {
    REQUIRE(!Reader().init_error());
    testcard::Shot shot;
    shot.px_per_mm = 8;
    shot.angle_deg = 3;
    BarcodeReader barcodes;  // the sandboxed worker from bin/, as in use
    const SelfTestReport r = RunOn(shot, 3, true, &barcodes);
    REQUIRE(r.barcodes.size() == 4);
    for (const SelfTestBarcode& b : r.barcodes) {
        CAPTURE(ToString(b.format));
        CHECK(b.reads == 3);
    }
    CHECK(r.pass);
    CHECK(r.wrong_reads == 0);
    for (const SelfTestFormat& f : r.formats) {
        CAPTURE(ToString(f.format));
        CHECK(f.reads == 3);
    }
    REQUIRE(r.px_per_mm.has_value());
    CHECK(std::fabs(*r.px_per_mm / shot.px_per_mm - 1) < 0.03);
    REQUIRE(r.glare_margin_chars.has_value());  // measured; how wide depends on the reader
    REQUIRE(r.first_stable_frame.has_value());
    CHECK(*r.first_stable_frame == 2);
}

TEST_CASE("the verdict flips from pass to fail as blur grows") {
    std::vector<bool> verdicts;
    for (double blur : {0.7, 1.5, 2.5, 3.5}) {
        testcard::Shot shot;
        shot.blur_sigma = blur;
        verdicts.push_back(RunOn(shot, 2, true).pass);
    }
    CHECK(verdicts.front());
    CHECK(!verdicts.back());
    // Once failed, more blur never passes again.
    for (std::size_t i = 1; i < verdicts.size(); ++i) CHECK((verdicts[i] <= verdicts[i - 1]));
}

TEST_CASE("the verdict flips from pass to fail as glare grows over the MRZs") {
    std::vector<bool> verdicts;
    for (double radius : {0.0, 4.0, 12.0, 30.0}) {
        testcard::Shot shot;
        shot.glare_mm = {60, 40};
        shot.glare_radius_mm = radius;
        verdicts.push_back(RunOn(shot, 2, false).pass);
    }
    CHECK(verdicts.front());
    CHECK(!verdicts.back());
    for (std::size_t i = 1; i < verdicts.size(); ++i) CHECK((verdicts[i] <= verdicts[i - 1]));

    // Glare on the card's empty corner, away from every MRZ: seen, and no fail for it.
    testcard::Shot aside;
    aside.glare_mm = {138, 84};
    aside.glare_radius_mm = 6;
    const SelfTestReport r = RunOn(aside, 2, false);
    CHECK(r.glare_fraction > 0.001);
    CHECK(r.pass);
}
