// Puts the pieces together: content, flat document, pose, scene, camera.
// Every random choice comes from its own stream of the spec's seed, so that
// changing one effect does not change the content or the layout.

#include "synth/synth.h"

#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>

#include "synth/render.h"

namespace docintake::synth {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kDeg = kPi / 180;

// Positions of the check digits, per format (line, column).
std::vector<std::pair<int, int>> CheckDigitPositions(MrzFormat format) {
    switch (format) {
        case MrzFormat::TD1: return {{0, 14}, {1, 6}, {1, 14}, {1, 29}};
        case MrzFormat::TD2: return {{1, 9}, {1, 19}, {1, 27}, {1, 35}};
        case MrzFormat::TD3: return {{1, 9}, {1, 19}, {1, 27}, {1, 43}};
        case MrzFormat::MRVA:
        case MrzFormat::MRVB: return {{1, 9}, {1, 19}, {1, 27}};
        case MrzFormat::FrenchId: return {{1, 12}, {1, 33}, {1, 35}};
        case MrzFormat::IsoDrivingLicence:  // not generated (synth.h)
        case MrzFormat::FrenchDrivingLicence:
        case MrzFormat::SwissDrivingLicence: return {};
    }
    return {};
}

std::vector<std::string> CorruptCheckDigit(std::vector<std::string> lines, MrzFormat format, std::uint64_t seed) {
    Rng rng(seed, kCorrupt);
    const auto positions = CheckDigitPositions(format);
    const auto [l, c] = positions[static_cast<size_t>(rng.integer(0, static_cast<int>(positions.size()) - 1))];
    char& ch = lines[static_cast<size_t>(l)][static_cast<size_t>(c)];
    const int old = ch >= '0' && ch <= '9' ? ch - '0' : 0;
    ch = static_cast<char>('0' + (old + rng.integer(1, 9)) % 10);
    return lines;
}

double Clamp(double v, double lo, double hi) { return std::min(hi, std::max(lo, v)); }

}  // namespace

// The document as it lies in the scene, before the camera.
struct SynthSequence::Scene {
    SynthSpec spec;
    std::vector<std::string> lines;
    bool valid = false;
    CardImage card;            // rendered at render_ppm, already low-passed for the warp
    cv::Mat background;
    double scale = 1;          // frame px per card px at the MRZ centre (before tilt)
    cv::Point2d mrz_target;    // where the MRZ centre lands in the frame
    double focal = 1000;       // pinhole focal length, frame px
};

namespace {

cv::Point2d MrzCentre(const CardImage& c) {
    return {c.mrz_origin.x + c.chars * c.pitch_px / 2,
            c.mrz_origin.y + ((c.lines - 1) * c.line_pitch_px + c.cap_px) / 2};
}

// Card pixels to frame pixels: tilt the card plane about the MRZ centre, project
// with a pinhole camera, rotate in the image plane, move the MRZ to `target`.
cv::Matx33d PoseHomography(const CardImage& card, double scale, const Effects& e, double focal, cv::Point2d target) {
    const cv::Point2d c = MrzCentre(card);
    const double ax = e.tilt_x_deg * kDeg, ay = e.tilt_y_deg * kDeg, rz = e.rotation_deg * kDeg;
    const cv::Matx33d rx(1, 0, 0, 0, std::cos(ax), -std::sin(ax), 0, std::sin(ax), std::cos(ax));
    const cv::Matx33d ry(std::cos(ay), 0, std::sin(ay), 0, 1, 0, -std::sin(ay), 0, std::cos(ay));
    const cv::Matx33d r = ry * rx;
    const double w = card.image.cols, h = card.image.rows;
    const cv::Point2f src[4] = {{0, 0}, {static_cast<float>(w), 0}, {static_cast<float>(w), static_cast<float>(h)}, {0, static_cast<float>(h)}};
    cv::Point2f dst[4];
    for (int i = 0; i < 4; ++i) {
        const cv::Vec3d p = r * cv::Vec3d((src[i].x - c.x) * scale, (src[i].y - c.y) * scale, 0);
        const double z = p[2] + focal;
        const double u = focal * p[0] / z, v = focal * p[1] / z;
        dst[i] = cv::Point2f(static_cast<float>(target.x + u * std::cos(rz) - v * std::sin(rz)),
                             static_cast<float>(target.y + u * std::sin(rz) + v * std::cos(rz)));
    }
    return cv::Matx33d(cv::getPerspectiveTransform(src, dst));
}

cv::Point2f Apply(const cv::Matx33d& h, cv::Point2d p) {
    const cv::Vec3d q = h * cv::Vec3d(p.x, p.y, 1);
    return {static_cast<float>(q[0] / q[2]), static_cast<float>(q[1] / q[2])};
}

std::array<cv::Point2f, 4> MrzQuad(const CardImage& c, const cv::Matx33d& h) {
    const double x0 = c.mrz_origin.x, x1 = x0 + c.chars * c.pitch_px;
    const double y0 = c.mrz_origin.y, y1 = y0 + (c.lines - 1) * c.line_pitch_px + c.cap_px;
    return {Apply(h, {x0, y0}), Apply(h, {x1, y0}), Apply(h, {x1, y1}), Apply(h, {x0, y1})};
}

std::array<cv::Point2f, 4> PageQuad(const CardImage& c, const cv::Matx33d& h) {
    const cv::Rect2d pg = c.page;
    return {Apply(h, pg.tl()), Apply(h, {pg.br().x, pg.y}), Apply(h, pg.br()), Apply(h, {pg.x, pg.br().y})};
}

// Mean cap height of the glyphs in the frame: each cell's vertical centre line, projected.
double MeasuredCharHeight(const CardImage& c, const cv::Matx33d& h) {
    double sum = 0;
    int n = 0;
    for (int l = 0; l < c.lines; ++l)
        for (int i = 0; i < c.chars; i += 3) {
            const double x = c.mrz_origin.x + (i + 0.5) * c.pitch_px, y = c.mrz_origin.y + l * c.line_pitch_px;
            sum += cv::norm(Apply(h, {x, y}) - Apply(h, {x, y + c.cap_px}));
            ++n;
        }
    return n ? sum / n : 0;
}

cv::Rect2f Bounds(const std::array<cv::Point2f, 4>& q) {
    float x0 = q[0].x, x1 = q[0].x, y0 = q[0].y, y1 = q[0].y;
    for (const auto& p : q) {
        x0 = std::min(x0, p.x), x1 = std::max(x1, p.x);
        y0 = std::min(y0, p.y), y1 = std::max(y1, p.y);
    }
    return {x0, y0, x1 - x0, y1 - y0};
}

void AddEffect(std::vector<std::pair<std::string, double>>& out, const char* name, double value, double neutral) {
    if (std::abs(value - neutral) > 1e-9) out.emplace_back(name, value);
}

std::vector<std::pair<std::string, double>> ListEffects(const Effects& e) {
    std::vector<std::pair<std::string, double>> out;
    AddEffect(out, "rotation_deg", e.rotation_deg, 0);
    AddEffect(out, "tilt_x_deg", e.tilt_x_deg, 0);
    AddEffect(out, "tilt_y_deg", e.tilt_y_deg, 0);
    AddEffect(out, "defocus_px", e.defocus_px, 0);
    AddEffect(out, "motion_px", e.motion_px, 0);
    if (e.motion_px > 0) AddEffect(out, "motion_angle_deg", e.motion_angle_deg, -1);
    AddEffect(out, "noise_sigma", e.noise_sigma, 0);
    AddEffect(out, "jpeg_quality", e.jpeg_quality, 0);
    AddEffect(out, "vignette", e.vignette, 0);
    AddEffect(out, "shading", e.shading, 0);
    AddEffect(out, "shadow", e.shadow, 0);
    AddEffect(out, "glare_blobs", e.glare_blobs, 0);
    if (e.glare_blobs > 0) AddEffect(out, "glare_strength", e.glare_strength, 0);
    AddEffect(out, "glare_over_mrz", e.glare_over_mrz ? 1 : 0, 0);
    AddEffect(out, "contrast", e.contrast, 1);
    AddEffect(out, "exposure", e.exposure, 1);
    AddEffect(out, "test_backdrop", static_cast<int>(e.test.backdrop), 0);
    AddEffect(out, "test_lighting", static_cast<int>(e.test.lighting), 0);
    return out;
}

}  // namespace

SynthSequence::SynthSequence(const SynthSpec& spec) : scene_(std::make_unique<Scene>()) {
    Scene& s = *scene_;
    s.spec = spec;
    Rng scene_rng(spec.seed, kScene);
    s.background = spec.effects.test.backdrop == Backdrop::Desk ? RenderBackground(spec.frame_size, scene_rng)
                                                                 : RenderTestBackdrop(spec.frame_size, spec.effects.test.backdrop, scene_rng);
    if (!spec.has_document) return;

    s.lines = spec.mrz_lines.empty() ? RandomMrz(spec.format, spec.seed) : spec.mrz_lines;
    if (spec.mrz_lines.empty() && spec.wrong_check_digit) s.lines = CorruptCheckDigit(s.lines, spec.format, spec.seed);
    const MrzParseResult parsed = ParseMrz(s.lines);
    s.valid = !parsed.error && parsed.mrz.valid();

    // Render the card at about twice the frame resolution (bounded), then low-pass
    // it so the warp down to the frame does not alias the fine print.
    const double frame_ppm = spec.char_height_px / kMrzCapMm;
    const double render_ppm = std::max(std::min(2 * frame_ppm, 24.0), std::min(frame_ppm, 24.0));
    Rng card_rng(spec.seed, kCard);
    s.card = RenderCard(spec.format, s.lines, render_ppm, card_rng);
    s.scale = spec.char_height_px / s.card.cap_px;
    if (s.scale < 0.8) cv::GaussianBlur(s.card.image, s.card.image, cv::Size(0, 0), 0.45 / s.scale);

    // Placement: the document near the middle, the whole MRZ inside the frame
    // (shrunk when it would not fit).
    Rng place(spec.seed, kPlace);
    s.focal = std::max(spec.frame_size.width, spec.frame_size.height) * place.uniform(0.9, 1.5);
    const double margin = 8;
    const cv::Size2d room(spec.frame_size.width - 2 * margin, spec.frame_size.height - 2 * margin);
    cv::Rect2f box;
    for (int tries = 0; tries < 60; ++tries) {
        const cv::Matx33d h = PoseHomography(s.card, s.scale, spec.effects, s.focal, {0, 0});
        box = Bounds(spec.whole_document ? PageQuad(s.card, h) : MrzQuad(s.card, h));
        if (box.width <= room.width && box.height <= room.height) break;
        s.scale *= 0.95;
    }
    const cv::Point2d centre(spec.frame_size.width / 2.0, spec.frame_size.height / 2.0);
    const cv::Point2d wish = centre + cv::Point2d(place.uniform(-0.25, 0.25) * spec.frame_size.width,
                                                  place.uniform(-0.25, 0.25) * spec.frame_size.height);
    s.mrz_target = {Clamp(wish.x, margin - box.x, margin + room.width - box.br().x),
                    Clamp(wish.y, margin - box.y, margin + room.height - box.br().y)};
}

SynthSequence::~SynthSequence() = default;

SynthDocument SynthSequence::Frame(int index) const {
    const Scene& s = *scene_;
    SynthDocument out;
    out.has_document = s.spec.has_document;
    out.format = s.spec.format;
    Effects e = s.spec.effects;
    double scale = s.scale;
    cv::Point2d target = s.mrz_target;
    if (index > 0) {  // a hand holding the document: small moves, shake, moving reflections
        Rng j(s.spec.seed, kJitter + static_cast<std::uint64_t>(index));
        e.rotation_deg += j.normal(0, 1.0);
        e.tilt_x_deg += j.normal(0, 1.5);
        e.tilt_y_deg += j.normal(0, 1.5);
        scale *= 1 + Clamp(j.normal(0, 0.015), -0.03, 0.03);
        target += cv::Point2d(j.normal(0, 0.006), j.normal(0, 0.006)) * s.spec.frame_size.width;
        e.defocus_px = std::max(0.0, e.defocus_px + j.normal(0, 0.3));
        e.motion_px = std::abs(j.normal(e.motion_px, 0.5 + 0.3 * e.motion_px));
        e.motion_angle_deg = j.uniform(0, 180);
    }
    Rng cam(s.spec.seed, kCamera + 1000 * static_cast<std::uint64_t>(index));
    out.frame = s.background.clone();
    cv::Point2f mrz_centre(target);
    double mrz_size = 0;
    if (s.spec.has_document) {
        const cv::Matx33d h = PoseHomography(s.card, scale, e, s.focal, target);
        out.mrz_lines = s.lines;
        out.mrz_valid = s.valid;
        out.mrz_quad = MrzQuad(s.card, h);
        out.char_height_px = MeasuredCharHeight(s.card, h);
        out.document_quad = PageQuad(s.card, h);
        mrz_size = cv::norm(out.mrz_quad[1] - out.mrz_quad[0]);

        cv::Mat card, alpha;
        cv::warpPerspective(s.card.image, card, h, s.spec.frame_size, cv::INTER_LINEAR, cv::BORDER_CONSTANT);
        cv::warpPerspective(s.card.mask, alpha, h, s.spec.frame_size, cv::INTER_LINEAR, cv::BORDER_CONSTANT);
        alpha.convertTo(alpha, CV_32F, 1.0 / 255);
        // The document casts a soft shadow on the table.
        cv::Mat shade;
        const double blur = 0.006 * s.spec.frame_size.width;
        cv::GaussianBlur(alpha, shade, cv::Size(0, 0), blur);
        const cv::Matx23d shift(1, 0, blur * 0.8, 0, 1, blur * 1.2);
        cv::warpAffine(shade, shade, shift, shade.size());
        cv::Mat bg, fg, a3, s3;
        out.frame.convertTo(bg, CV_32FC3);
        card.convertTo(fg, CV_32FC3);
        cv::merge(std::vector<cv::Mat>{alpha, alpha, alpha}, a3);
        const bool held_up = s.spec.effects.test.backdrop == Backdrop::Room;  // no table to cast a shadow on
        cv::Mat keep = 1 - shade * (held_up ? 0.0 : 0.35);
        cv::merge(std::vector<cv::Mat>{keep, keep, keep}, s3);
        bg = bg.mul(s3);
        cv::Mat mix = fg.mul(a3) + bg.mul(cv::Scalar::all(1) - a3);
        mix.convertTo(out.frame, CV_8UC3);
        if (held_up) {
            Rng hand(s.spec.seed, kHand);  // the same grip in every frame of a sequence
            DrawHoldingThumbs(out.frame, out.document_quad, out.mrz_quad, hand);
        }
        mrz_centre = (out.mrz_quad[0] + out.mrz_quad[2]) * 0.5f;
    } else {
        e.glare_over_mrz = false;
        e.rotation_deg = e.tilt_x_deg = e.tilt_y_deg = 0;
    }
    ApplyCamera(out.frame, e, mrz_centre, mrz_size, cam);
    out.effects = ListEffects(e);
    return out;
}

SynthDocument RenderDocument(const SynthSpec& spec) { return SynthSequence(spec).Frame(0); }

}  // namespace docintake::synth
