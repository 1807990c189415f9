// The flat document: card or passport data page at ICAO proportions, with a
// security-print background (guilloche, rosettes, gradients), a header, a
// portrait area (an abstract gray block: biometric-free, no faces), visual-zone
// text in other fonts, and the MRZ in OCR-B at the ICAO pitch of 2.54 mm.

#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>

#include "synth/render.h"

namespace docintake::synth {
namespace {

constexpr double kPi = 3.14159265358979323846;

const std::vector<std::string> kTitles = {
    "TRAVEL DOCUMENT", "PASSPORT / PASSEPORT", "IDENTITY CARD", "RESIDENCE PERMIT",
    "CARTE D'IDENTITE", "AUFENTHALTSTITEL", "REISEPASS", "PASAPORTE", "PASSAPORTO",
    "REFUGEE TRAVEL DOCUMENT", "VISA", "TITRE DE SEJOUR", "DOCUMENTO DE IDENTIDAD"};
const std::vector<std::string> kPlaces = {
    "ALEPPO", "KABUL", "ASMARA", "MOGADISHU", "KHARKIV", "LAGOS", "KINSHASA", "HERAT",
    "BAGHDAD", "TEHRAN", "DHAKA", "CONAKRY", "BERLIN", "LYON", "MADRID", "KRAKOW", "HOMS"};
const std::vector<std::string> kMonths = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                          "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};

cv::Scalar HsvToBgr(double h, double s, double v) {
    cv::Mat px(1, 1, CV_8UC3, cv::Scalar(h / 2.0, s * 255.0, v * 255.0));
    cv::cvtColor(px, px, cv::COLOR_HSV2BGR);
    const cv::Vec3b c = px.at<cv::Vec3b>(0, 0);
    return cv::Scalar(c[0], c[1], c[2]);
}

std::string VizDate(const MrzDate& d) {
    if (d.year == 0) return "";
    std::string s;
    if (d.day) s += (d.day < 10 ? "0" : "") + std::to_string(d.day) + " ";
    if (d.month) s += kMonths[static_cast<size_t>(d.month - 1)] + " ";
    return s + std::to_string(d.year);
}

// Smooth vertical/diagonal colour gradient over the whole canvas.
void Gradient(cv::Mat& img, const cv::Scalar& a, const cv::Scalar& b, double angle) {
    const double ca = std::cos(angle), sa = std::sin(angle);
    const double norm = std::abs(ca) * img.cols + std::abs(sa) * img.rows + 1;
    for (int y = 0; y < img.rows; ++y) {
        auto* row = img.ptr<cv::Vec3b>(y);
        for (int x = 0; x < img.cols; ++x) {
            double t = (ca * x + sa * y) / norm;
            t = t - std::floor(t);
            for (int c = 0; c < 3; ++c) row[x][c] = cv::saturate_cast<uchar>(a[c] + (b[c] - a[c]) * t);
        }
    }
}

// Families of interfering sine curves and rosettes: the fine-line security print.
void Guilloche(cv::Mat& img, double px_per_mm, const cv::Scalar& color, double alpha, Rng& rng) {
    cv::Mat overlay = img.clone();
    const int thickness = std::max(1, static_cast<int>(std::lround(px_per_mm * 0.08)));
    const int families = rng.integer(1, 3);
    for (int f = 0; f < families; ++f) {
        const double spacing = rng.uniform(0.8, 2.2) * px_per_mm;
        const double amp = rng.uniform(1.5, 6.0) * px_per_mm;
        const double wl = rng.uniform(12, 40) * px_per_mm;
        const double amp2 = rng.uniform(0.0, 2.0) * px_per_mm, wl2 = rng.uniform(4, 10) * px_per_mm;
        const double phase_step = rng.uniform(0.05, 0.4);
        for (double y0 = -amp; y0 < img.rows + amp; y0 += spacing) {
            std::vector<cv::Point> pts;
            const double ph = y0 / spacing * phase_step;
            for (double x = 0; x <= img.cols; x += px_per_mm * 0.7) {
                const double y = y0 + amp * std::sin(2 * kPi * x / wl + ph) + amp2 * std::sin(2 * kPi * x / wl2 - ph);
                pts.emplace_back(static_cast<int>(x), static_cast<int>(y));
            }
            cv::polylines(overlay, pts, false, color, thickness, cv::LINE_AA);
        }
    }
    const int rosettes = rng.integer(0, 2);
    for (int r = 0; r < rosettes; ++r) {
        const cv::Point2d c(rng.uniform(0, img.cols), rng.uniform(0, img.rows));
        const double R = rng.uniform(8, 22) * px_per_mm, rr = R * rng.uniform(0.15, 0.4);
        const int k = rng.integer(7, 23);
        for (int ring = 0; ring < 12; ++ring) {
            std::vector<cv::Point> pts;
            const double rot = ring * 2 * kPi / (12.0 * k);
            for (int i = 0; i <= 720; ++i) {
                const double t = 2 * kPi * i / 720.0;
                const double rad = R - rr + rr * std::cos(k * t);
                pts.emplace_back(static_cast<int>(c.x + rad * std::cos(t + rot)), static_cast<int>(c.y + rad * std::sin(t + rot)));
            }
            cv::polylines(overlay, pts, true, color, thickness, cv::LINE_AA);
        }
    }
    cv::addWeighted(overlay, alpha, img, 1 - alpha, 0, img);
}

// Abstract gray block where a portrait would be: no face, just tones.
void PortraitBlock(cv::Mat& img, const cv::Rect& r, Rng& rng) {
    cv::Mat roi = img(r & cv::Rect(0, 0, img.cols, img.rows));
    const double top = rng.uniform(90, 190), bottom = rng.uniform(40, 120);
    Gradient(roi, cv::Scalar::all(top), cv::Scalar::all(bottom), kPi / 2);
    const int blobs = rng.integer(1, 3);
    for (int i = 0; i < blobs; ++i) {
        const cv::Point c(rng.integer(0, roi.cols), rng.integer(roi.rows / 3, roi.rows));
        const cv::Size ax(rng.integer(roi.cols / 6, roi.cols / 2), rng.integer(roi.rows / 6, roi.rows / 2));
        cv::ellipse(roi, c, ax, rng.uniform(0, 180), 0, 360, cv::Scalar::all(rng.uniform(20, 110)), -1, cv::LINE_AA);
    }
    const int k = std::max(3, (roi.cols / 8) | 1);
    cv::GaussianBlur(roi, roi, cv::Size(k, k), 0);
}

void Signature(cv::Mat& img, cv::Point2d at, double px_per_mm, Rng& rng) {
    std::vector<cv::Point> pts;
    double x = at.x, y = at.y;
    for (int i = 0; i < 60; ++i) {
        x += rng.uniform(0.2, 0.9) * px_per_mm;
        y = at.y + 2.5 * px_per_mm * std::sin(i * rng.uniform(0.4, 1.2));
        pts.emplace_back(static_cast<int>(x), static_cast<int>(y));
    }
    cv::polylines(img, pts, false, cv::Scalar(120, 40, 20), std::max(1, static_cast<int>(px_per_mm * 0.25)), cv::LINE_AA);
}

struct Viz {
    std::string label, value;
};

std::vector<Viz> VizFields(MrzFormat format, const std::vector<std::string>& lines, Rng& rng) {
    std::vector<Viz> out;
    const MrzParseResult p = ParseMrz(lines);
    if (p.error) return out;
    const Mrz& m = p.mrz;
    out.push_back({"Surname / Nom", m.surname});
    if (!m.given_names.empty()) out.push_back({"Given names / Prenoms", m.given_names});
    out.push_back({"Nationality / Nationalite", m.nationality.code});
    out.push_back({"Date of birth / Date de naissance", VizDate(m.birth_date)});
    out.push_back({"Sex / Sexe", ToString(m.sex)});
    if (format != MrzFormat::TD1 || rng.chance(0.5)) out.push_back({"Place of birth / Lieu de naissance", rng.pick(kPlaces)});
    out.push_back({"Date of expiry / Date d'expiration", VizDate(m.expiry_date)});
    return out;
}

}  // namespace

cv::Size2d DocumentSizeMm(MrzFormat format) {
    switch (format) {
        case MrzFormat::TD1: return {85.6, 53.98};
        case MrzFormat::TD2: return {105, 74};
        case MrzFormat::TD3: return {125, 88};
        case MrzFormat::MRVA: return {120, 80};
        case MrzFormat::MRVB: return {105, 74};
        case MrzFormat::FrenchId: return {105, 74};
        case MrzFormat::IsoDrivingLicence:  // ID-1 cards; the generator does not draw these formats
        case MrzFormat::FrenchDrivingLicence:
        case MrzFormat::SwissDrivingLicence: return {85.6, 53.98};
    }
    return {125, 88};
}

CardImage RenderCard(MrzFormat format, const std::vector<std::string>& lines, double px_per_mm, Rng& rng) {
    const cv::Size2d mm = DocumentSizeMm(format);
    const bool card = format == MrzFormat::TD1 || format == MrzFormat::TD2 || format == MrzFormat::FrenchId;
    const bool booklet = format == MrzFormat::TD3 && rng.chance(0.6);  // open passport: facing page above
    const double cover_mm = format == MrzFormat::TD3 ? rng.uniform(0, 3.5) : 0;
    const double above_mm = booklet ? mm.height + 1.0 : 0;

    CardImage out;
    const int W = static_cast<int>(std::lround((mm.width + 2 * cover_mm) * px_per_mm));
    const int H = static_cast<int>(std::lround((mm.height + above_mm + 2 * cover_mm) * px_per_mm));
    out.page = cv::Rect2d(cover_mm * px_per_mm, (cover_mm + above_mm) * px_per_mm, mm.width * px_per_mm, mm.height * px_per_mm);
    out.image = cv::Mat(H, W, CV_8UC3);
    out.mask = cv::Mat(H, W, CV_8UC1, cv::Scalar(0));

    // Cover edge (passports) or nothing (cards: rounded corners in the mask).
    const cv::Scalar cover = rng.pick(std::vector<cv::Scalar>{{40, 30, 110}, {90, 40, 20}, {40, 60, 30}, {30, 30, 30}, {20, 60, 120}});
    out.image.setTo(cover);
    const int radius = static_cast<int>((card ? 3.18 : 1.5 + cover_mm) * px_per_mm);
    cv::rectangle(out.mask, cv::Rect(radius, 0, W - 2 * radius, H), 255, -1);
    cv::rectangle(out.mask, cv::Rect(0, radius, W, H - 2 * radius), 255, -1);
    for (const cv::Point c : {cv::Point(radius, radius), cv::Point(W - 1 - radius, radius),
                              cv::Point(radius, H - 1 - radius), cv::Point(W - 1 - radius, H - 1 - radius)})
        cv::circle(out.mask, c, radius, 255, -1, cv::LINE_AA);

    const double hue = rng.uniform(0, 360);
    const cv::Scalar base1 = HsvToBgr(hue, rng.uniform(0.04, 0.25), rng.uniform(0.86, 0.98));
    const cv::Scalar base2 = HsvToBgr(hue + rng.uniform(-40, 40), rng.uniform(0.04, 0.3), rng.uniform(0.8, 0.97));
    const cv::Scalar ink_line = HsvToBgr(hue + rng.uniform(-60, 60), rng.uniform(0.3, 0.7), rng.uniform(0.45, 0.8));

    const cv::Rect page(out.page);
    if (booklet) {
        const cv::Rect facing(page.x, static_cast<int>(cover_mm * px_per_mm), page.width, static_cast<int>(mm.height * px_per_mm));
        cv::Mat f = out.image(facing);
        Gradient(f, base2, base1, rng.uniform(0, kPi));
        Guilloche(f, px_per_mm, ink_line, rng.uniform(0.15, 0.35), rng);
        DrawText(f, rng.pick(kTitles), {f.cols * 0.2, f.rows * 0.3}, 3.5 * px_per_mm, ink_line * 0.7, Font::Serif);
    }
    cv::Mat p = out.image(page);
    Gradient(p, base1, base2, rng.uniform(0, kPi));
    Guilloche(p, px_per_mm, ink_line, rng.uniform(0.15, 0.4), rng);

    // MRZ geometry (ICAO 9303: OCR-B size 1, 10 characters per inch).
    out.chars = static_cast<int>(lines.empty() ? 0 : lines[0].size());
    out.lines = static_cast<int>(lines.size());
    out.pitch_px = kMrzPitchMm * px_per_mm;
    out.cap_px = rng.uniform(0.93, 1.04) * kMrzCapMm * px_per_mm;
    out.line_pitch_px = (format == MrzFormat::TD1 ? rng.uniform(3.9, 4.6) : rng.uniform(4.3, 6.0)) * px_per_mm;
    const double bottom_mm = format == MrzFormat::TD1 ? rng.uniform(3.3, 4.6) : rng.uniform(4.0, 6.0);
    const double left_px = ((mm.width - out.chars * kMrzPitchMm) / 2 + rng.uniform(-0.6, 0.6)) * px_per_mm;
    const double last_baseline = page.height - bottom_mm * px_per_mm;
    out.mrz_origin = cv::Point2d(page.x + left_px, page.y + last_baseline - (out.lines - 1) * out.line_pitch_px - out.cap_px);

    // Header band and title.
    const double header_h = rng.uniform(6, 11) * px_per_mm;
    if (rng.chance(0.7)) {
        cv::Mat band = p(cv::Rect(0, 0, p.cols, static_cast<int>(header_h)));
        cv::Mat tint(band.size(), band.type(), ink_line);
        cv::addWeighted(band, 0.4, tint, 0.6, 0, band);
        DrawText(band, rng.pick(kTitles), {rng.uniform(3, 12) * px_per_mm, header_h * 0.7}, header_h * 0.38,
                 cv::Scalar::all(rng.chance(0.5) ? 250 : 30), rng.chance(0.5) ? Font::SansBold : Font::Serif);
    } else {
        DrawText(p, rng.pick(kTitles), {rng.uniform(3, 30) * px_per_mm, header_h * 0.7}, header_h * 0.32,
                 ink_line * 0.6, Font::SansBold);
    }

    // Portrait block, left, between header and MRZ.
    const double mrz_top = out.mrz_origin.y - page.y - rng.uniform(1.5, 3.5) * px_per_mm;
    const double ph = std::max(8.0 * px_per_mm, (mrz_top - header_h) * rng.uniform(0.78, 0.95));
    const double pw = ph * rng.uniform(0.75, 0.82);
    const cv::Rect portrait(static_cast<int>(rng.uniform(2.5, 6) * px_per_mm), static_cast<int>(header_h + px_per_mm * 1.5),
                            static_cast<int>(pw), static_cast<int>(ph));
    PortraitBlock(p, portrait, rng);
    if (rng.chance(0.4)) {  // small "ghost image" at the right: a faint gray block
        const cv::Rect ghost(p.cols - static_cast<int>(pw * 0.45) - static_cast<int>(4 * px_per_mm), portrait.y,
                             static_cast<int>(pw * 0.4), static_cast<int>(ph * 0.4));
        cv::Mat g = p(ghost & cv::Rect(0, 0, p.cols, p.rows));
        cv::Mat gray(g.size(), g.type(), cv::Scalar::all(120));
        cv::addWeighted(g, 0.75, gray, 0.25, 0, g);
    }

    // Visual inspection zone: labels and values right of the portrait.
    const Font value_font = rng.pick(std::vector<Font>{Font::SansBold, Font::Mono, Font::OcrB, Font::Sans});
    const double label_cap = rng.uniform(1.0, 1.4) * px_per_mm, value_cap = rng.uniform(1.8, 2.4) * px_per_mm;
    const double x0 = portrait.br().x + rng.uniform(3, 6) * px_per_mm;
    const auto fields = VizFields(format, lines, rng);
    const double row = (mrz_top - portrait.y) / static_cast<double>(std::max<size_t>(fields.size(), 1));
    const double scale = std::min(1.0, row / (label_cap + value_cap + 1.5 * px_per_mm));
    double y = portrait.y + label_cap * scale;
    for (const Viz& v : fields) {
        DrawText(p, v.label, {x0, y}, label_cap * scale, ink_line * 0.55, Font::Sans);
        DrawText(p, v.value, {x0, y + (value_cap + 0.7 * px_per_mm) * scale}, value_cap * scale, cv::Scalar(30, 25, 25), value_font);
        y += row;
    }
    if (rng.chance(0.6)) Signature(p, {portrait.x + pw * 0.1, portrait.br().y - 2 * px_per_mm}, px_per_mm * 0.6, rng);

    // MRZ clear zone: the print behind the MRZ is often lighter.
    const int zone_y = static_cast<int>(mrz_top);
    if (rng.chance(0.7)) {
        cv::Mat zone = p(cv::Rect(0, zone_y, p.cols, p.rows - zone_y));
        cv::Mat white(zone.size(), zone.type(), cv::Scalar::all(rng.uniform(225, 250)));
        const double a = rng.uniform(0.4, 0.9);
        cv::addWeighted(white, a, zone, 1 - a, 0, zone);
    }

    // Now and then a dark picture reaches under the MRZ (a ghost portrait, a
    // printed photo or pattern): the zone's background is not always light.
    if (rng.chance(0.08)) {
        const double w = out.chars * out.pitch_px * rng.uniform(0.15, 0.35);
        const double x = out.mrz_origin.x + (rng.chance(0.5) ? -0.1 * w : out.chars * out.pitch_px - 0.9 * w);
        const cv::Rect r = cv::Rect(static_cast<int>(x), static_cast<int>(out.mrz_origin.y - 3 * out.cap_px),
                                    static_cast<int>(w), static_cast<int>((out.lines + 3) * out.line_pitch_px)) &
                           cv::Rect(0, 0, out.image.cols, out.image.rows);
        if (r.area() > 0) {
            cv::Mat under = out.image(r), dark = under.clone();
            PortraitBlock(dark, cv::Rect(0, 0, r.width, r.height), rng);
            const double a = rng.uniform(0.4, 0.8);
            cv::addWeighted(dark, a, under, 1 - a, 0, under);
        }
    }

    // The MRZ itself, one glyph per cell so the pitch is exact up to the
    // printer's small jitter. Drawn as an ink mask first, so the stroke weight
    // can vary: thin laser engraving on cards, heavy inkjet on visas, faded print.
    const double ink = rng.uniform(10, 45);
    const cv::Scalar mrz_ink(ink + rng.uniform(0, 15), ink, ink);
    const double jitter = rng.chance(0.3) ? rng.uniform(0.01, 0.05) : 0.0;
    const cv::Rect zone_rect = cv::Rect(static_cast<int>(out.mrz_origin.x - out.pitch_px), static_cast<int>(out.mrz_origin.y - out.cap_px),
                                        static_cast<int>((out.chars + 2) * out.pitch_px),
                                        static_cast<int>(out.lines * out.line_pitch_px + 2 * out.cap_px)) &
                               cv::Rect(0, 0, out.image.cols, out.image.rows);
    cv::Mat glyphs(zone_rect.size(), CV_8UC3, cv::Scalar::all(0));
    const cv::Point2d shift(-zone_rect.x, -zone_rect.y);
    for (int l = 0; l < out.lines; ++l) {
        const double baseline = out.mrz_origin.y + l * out.line_pitch_px + out.cap_px;
        for (int i = 0; i < out.chars && i < static_cast<int>(lines[static_cast<size_t>(l)].size()); ++i) {
            const std::string ch(1, lines[static_cast<size_t>(l)][static_cast<size_t>(i)]);
            const double w = TextWidth(ch, out.cap_px, Font::OcrB);
            const double x = out.mrz_origin.x + i * out.pitch_px + (out.pitch_px - w) / 2 + rng.normal(0, jitter) * out.pitch_px;
            const double gy = baseline + rng.normal(0, jitter) * out.cap_px;
            DrawText(glyphs, ch, cv::Point2d(x, gy) + shift, out.cap_px, cv::Scalar::all(255), Font::OcrB);
        }
    }
    cv::Mat alpha;
    cv::extractChannel(glyphs, alpha, 0);
    const double stroke_px = 0.33 * px_per_mm;  // OCR-B size 1 stroke, about 0.33 mm
    const double weight = rng.uniform();
    const cv::Mat disk = cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(3, 3));
    if (weight < 0.2 && stroke_px >= 3.0) cv::erode(alpha, alpha, disk);
    else if (weight > 0.8) cv::dilate(alpha, alpha, disk);
    alpha.convertTo(alpha, CV_32F, rng.uniform(0.75, 1.0) / 255.0);
    cv::Mat zone_img = out.image(zone_rect), f;
    zone_img.convertTo(f, CV_32FC3);
    cv::Mat a3;
    cv::merge(std::vector<cv::Mat>{alpha, alpha, alpha}, a3);
    cv::Mat inked = f.mul(cv::Scalar::all(1) - a3) + a3.mul(cv::Scalar(mrz_ink[0], mrz_ink[1], mrz_ink[2]));
    inked.convertTo(zone_img, CV_8UC3);
    return out;
}

}  // namespace docintake::synth
