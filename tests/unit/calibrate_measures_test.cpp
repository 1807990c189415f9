// Calibration measures on frames drawn with KNOWN scale, blur, glare, gain and
// noise (tests/support/mrz_scene.h): px/mm within 3% of the truth, the focus
// measure ranks blur, glare is found where it was put, exposure follows gain.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include <opencv2/imgproc.hpp>

#include <docintake/calibrate.h>
#include <docintake/opencv.h>
#include <docintake/read_mrz.h>

#include "support/mrz_scene.h"

using namespace docintake;
using namespace docintake::test;

namespace {

// What the reader reports for the zone the locator finds (MrzReader::Read
// copies these two from the chosen zone); without the OCR, so without text
// unless `text` is given (the reader's raw lines always have it).
MrzReadResult ZoneReading(const Rendered& f, const std::vector<std::string>& text = {}) {
    const vision::LocateResult located = Locate(f);
    REQUIRE(!located.zones.empty());
    const vision::MrzZone& z = located.zones.front();
    MrzReadResult r;
    for (std::size_t k = 0; k < 4; ++k) {
        r.quad[2 * k] = z.quad[k].x;
        r.quad[2 * k + 1] = z.quad[k].y;
    }
    r.char_height_px = z.char_height_px;
    r.raw_lines = text;
    return r;
}

// Truth: the card's MRZ capitals are 2.35 mm high (pitch 2.54 mm = 1.08 cap).
double TruePxPerMm(const Scene& s) { return s.cap * s.scale / 2.35; }

cv::Mat AddGlare(const cv::Mat& gray, cv::Point centre, cv::Size axes) {
    // A specular highlight: saturated in the middle, fading out at its rim.
    cv::Mat spot = cv::Mat::zeros(gray.size(), CV_8UC1);
    cv::ellipse(spot, centre, axes, 0, 0, 360, cv::Scalar(255), cv::FILLED, cv::LINE_AA);
    cv::GaussianBlur(spot, spot, {0, 0}, 4);
    cv::Mat out;
    cv::max(gray, spot, out);
    return out;
}

}  // namespace

TEST_CASE("px/mm from the MRZ is within 3% of the truth over scales, angles and formats") {
    for (const auto* mrz : {&kTd3, &kTd2, &kTd1})
        for (double scale : {0.6, 1.0, 1.8})
            for (double angle : {0.0, 8.0, -20.0, 90.0}) {
                Scene s;
                s.mrz = *mrz;
                s.scale = scale;
                // Room for the biggest card at any angle.
                s.frame = {2560, 2560};
                s.centre = {1280, 1280};
                s.angle_deg = angle;
                const Rendered f = Render(s);
                const MrzReadResult r = ZoneReading(f, s.mrz);
                const FrameMeasures m = MeasureFrame(ViewOf(f.gray), &r);
                CAPTURE(mrz->front().size());
                CAPTURE(scale);
                CAPTURE(angle);
                REQUIRE(!m.error);
                REQUIRE(m.px_per_mm.has_value());
                CHECK(m.mrz_chars == static_cast<int>(mrz->front().size()));
                const double truth = TruePxPerMm(s);
                std::printf("chars %zu scale %.1f angle %5.1f: px/mm %.3f truth %.3f (%.2f%%) cap %.1f\n", mrz->front().size(), scale,
                            angle, *m.px_per_mm, truth, 100 * (*m.px_per_mm / truth - 1), m.char_height_px);
                CHECK(std::fabs(*m.px_per_mm / truth - 1) < 0.03);
            }
}

TEST_CASE("px/mm under perspective: the scale across the MRZ's middle, within 3%") {
    // Tilted, the scale changes along and across the zone; the truth is the
    // drawn cells' mean width over the top and bottom edges, as the measure means it.
    for (double tilt : {0.08, 0.15})
        for (double side : {0.0, 0.1}) {
            Scene s;
            s.tilt = tilt;
            s.side_tilt = side;
            s.angle_deg = 5;
            const Rendered f = Render(s);
            const MrzReadResult r = ZoneReading(f, s.mrz);
            const FrameMeasures m = MeasureFrame(ViewOf(f.gray), &r);
            REQUIRE(m.px_per_mm.has_value());
            // Without the text no scale is guessed from the zone's shape (it went 22% wrong here).
            const MrzReadResult shape_only = ZoneReading(f);
            CHECK(!MeasureFrame(ViewOf(f.gray), &shape_only).px_per_mm.has_value());
            const double top = cv::norm(f.quad[1] - f.quad[0]), bottom = cv::norm(f.quad[2] - f.quad[3]);
            const double truth = (top + bottom) / 2 / (44 * kMrzCharPitchMm);
            CAPTURE(tilt);
            CAPTURE(side);
            std::printf("tilt %.2f side %.2f: px/mm %.3f truth %.3f (%.2f%%)\n", tilt, side, *m.px_per_mm, truth, 100 * (*m.px_per_mm / truth - 1));
            CHECK(std::fabs(*m.px_per_mm / truth - 1) < 0.03);
        }
}

TEST_CASE("the focus measure ranks blur levels, over the frame and on the MRZ") {
    const std::vector<double> blurs = {0.5, 1.0, 1.5, 2.5, 4.0};
    for (double scale : {1.0, 1.6}) {
        std::vector<double> frame, zone;
        for (double blur : blurs) {
            Scene s;
            s.scale = scale;
            s.blur = blur;
            const Rendered f = Render(s);
            // Geometry from the sharpest view: the same zone in every frame.
            Scene sharp = s;
            sharp.blur = 0.5;
            const MrzReadResult r = ZoneReading(Render(sharp));
            const FrameMeasures m = MeasureFrame(ViewOf(f.gray), &r);
            REQUIRE(m.mrz_sharpness.has_value());
            std::printf("scale %.1f blur %.1f: sharpness %.3f mrz %.3f noise %.2f\n", scale, blur, m.sharpness, *m.mrz_sharpness,
                        m.noise_sigma);
            frame.push_back(m.sharpness);
            zone.push_back(*m.mrz_sharpness);
        }
        for (std::size_t i = 1; i < blurs.size(); ++i) {
            CAPTURE(blurs[i]);
            CHECK(frame[i] < frame[i - 1]);
            CHECK(zone[i] < zone[i - 1]);
        }
    }
}

TEST_CASE("glare is found where it was put, and not without it") {
    Scene s;
    const Rendered f = Render(s);
    const MrzReadResult r = ZoneReading(f);
    const FrameMeasures clean = MeasureFrame(ViewOf(f.gray), &r);
    CHECK(!clean.glare.has_value());
    CHECK(clean.glare_fraction == 0);
    REQUIRE(clean.mrz_glare_fraction.has_value());
    CHECK(*clean.mrz_glare_fraction == 0);

    // Away from the MRZ, then on it.
    const cv::Point mrz_centre((r.quad[0] + r.quad[4]) / 2, (r.quad[1] + r.quad[5]) / 2);
    for (cv::Point centre : {cv::Point(700, 380), cv::Point(1300, 300), mrz_centre}) {
        const cv::Size axes(60, 35);
        const cv::Mat glared = AddGlare(f.gray, centre, axes);
        const FrameMeasures m = MeasureFrame(ViewOf(glared), &r);
        CAPTURE(centre);
        REQUIRE(m.glare.has_value());
        std::printf("glare at %d,%d: centroid %.1f,%.1f box %d,%d %dx%d fraction %.4f mrz %.3f\n", centre.x, centre.y,
                    m.glare->centroid_x, m.glare->centroid_y, m.glare->x, m.glare->y, m.glare->width, m.glare->height,
                    m.glare_fraction, *m.mrz_glare_fraction);
        CHECK(std::fabs(m.glare->centroid_x - centre.x) < axes.width);
        CHECK(std::fabs(m.glare->centroid_y - centre.y) < axes.height);
        const cv::Rect box(m.glare->x, m.glare->y, m.glare->width, m.glare->height);
        CHECK(box.contains(centre));
        const double area = CV_PI * axes.width * axes.height / (1920.0 * 1080.0);
        CHECK(m.glare_fraction > 0.5 * area);
        CHECK(m.glare_fraction < 1.5 * area);
        CHECK(std::find(m.hints.begin(), m.hints.end(), CalibrationHint::Glare) != m.hints.end());
        if (centre == mrz_centre)
            CHECK(*m.mrz_glare_fraction > 0.05);
        else
            CHECK(*m.mrz_glare_fraction == 0);
    }
}

TEST_CASE("exposure measures move with gain") {
    Scene s;
    const Rendered f = Render(s);
    double last_mean = -1, last_high = -1, last_low = 2;
    for (double gain : {0.15, 0.5, 1.0, 1.5, 2.5}) {
        cv::Mat g;
        f.gray.convertTo(g, -1, gain);
        const FrameMeasures m = MeasureFrame(ViewOf(g));
        std::printf("gain %.2f: mean %.1f high %.4f low %.4f noise %.2f\n", gain, m.mean_level, m.clipped_highlights,
                    m.clipped_shadows, m.noise_sigma);
        CAPTURE(gain);
        CHECK(m.mean_level > last_mean);
        CHECK(m.clipped_highlights >= last_high);
        CHECK(m.clipped_shadows <= last_low);
        last_mean = m.mean_level;
        last_high = m.clipped_highlights;
        last_low = m.clipped_shadows;
    }
    CHECK(last_high > 0.2);  // the card is white at 2.5x
}

TEST_CASE("noise sigma follows the sensor noise put in") {
    for (double sigma : {1.0, 3.0, 6.0, 10.0}) {
        Scene s;
        s.noise = sigma;
        const FrameMeasures m = MeasureFrame(ViewOf(Render(s).gray));
        std::printf("noise %.1f: measured %.2f\n", sigma, m.noise_sigma);
        CAPTURE(sigma);
        CHECK(m.noise_sigma > 0.8 * sigma);
        CHECK(m.noise_sigma < 1.25 * sigma + 0.3);
    }
}

TEST_CASE("FrameMeter measures motion between frames; a still scene stays near zero") {
    Scene s;
    const Rendered a = Render(s);
    Scene moved = s;
    moved.centre.x += 24;
    const Rendered b = Render(moved);
    FrameMeter meter;
    const FrameMeasures first = meter.Push(ViewOf(a.gray));
    CHECK(!first.motion.has_value());
    const FrameMeasures still = meter.Push(ViewOf(a.gray));
    REQUIRE(still.motion.has_value());
    CHECK(*still.motion < 0.5);
    const FrameMeasures shifted = meter.Push(ViewOf(b.gray));
    REQUIRE(shifted.motion.has_value());
    std::printf("motion: still %.2f, moved 24 px %.2f\n", *still.motion, *shifted.motion);
    CHECK(*shifted.motion > 3);
    CHECK(std::find(shifted.hints.begin(), shifted.hints.end(), CalibrationHint::Moving) != shifted.hints.end());
    // A frame of another size starts over rather than comparing unlike images.
    cv::Mat half;
    cv::resize(a.gray, half, {960, 540});
    CHECK(!meter.Push(ViewOf(half)).motion.has_value());
}

TEST_CASE("bad images get a typed error, and a reading without a zone gives no MRZ measures") {
    const FrameMeasures empty = MeasureFrame(ImageView());
    CHECK(empty.error.code == ErrorCode::InvalidImage);
    std::vector<std::uint8_t> pixels(100, 128);
    CHECK(MeasureFrame(ImageView(pixels.data(), 10, 10, PixelFormat::BGR, 10)).error.code == ErrorCode::InvalidImage);
    const FrameMeasures tiny = MeasureFrame(ImageView(pixels.data(), 10, 10, PixelFormat::Gray));
    CHECK(!tiny.error);
    CHECK(tiny.sharpness == 0);  // nothing to judge focus on

    Scene s;
    const Rendered f = Render(s);
    MrzReadResult none;  // what the reader returns without a document
    const FrameMeasures m = MeasureFrame(ViewOf(f.gray), &none);
    CHECK(!m.px_per_mm.has_value());
    CHECK(!m.mrz_sharpness.has_value());
    CHECK(m.char_height_px == 0);
    CHECK(std::find(m.hints.begin(), m.hints.end(), CalibrationHint::NoMrz) != m.hints.end());
    MrzReadResult wild = ZoneReading(f, s.mrz);
    CHECK(MeasureFrame(ViewOf(f.gray), &wild).px_per_mm.has_value());  // the zone as found gives a scale
    wild.quad[0] = std::nanf("");
    CHECK(!MeasureFrame(ViewOf(f.gray), &wild).px_per_mm.has_value());
    wild = ZoneReading(f, s.mrz);
    for (float& v : wild.quad) v = 1e9f;
    CHECK(!MeasureFrame(ViewOf(f.gray), &wild).px_per_mm.has_value());
}
