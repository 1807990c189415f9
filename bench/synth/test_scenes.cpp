// Scenes and light of the sealed test set only (Profile::Test, TestNoDoc): a
// terrazzo counter with tile joints and printed labels, a room behind a
// hand-held document, a warm desk lamp off one side, and the flicker bands a
// rolling shutter records under mains-powered fluorescent or LED light. None
// of this was looked at while the reader was developed; see docs/benchmarks.md.

#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>

#include "synth/render.h"

namespace docintake::synth {
namespace {

constexpr double kPi = 3.14159265358979323846;

cv::Scalar Jitter(const cv::Scalar& c, double spread, Rng& rng) {
    return {c[0] + rng.uniform(-spread, spread), c[1] + rng.uniform(-spread, spread), c[2] + rng.uniform(-spread, spread)};
}

// A label stuck on the counter: monospaced capitals, digits and '<' in short
// lines, as a queue ticket or an asset tag prints them (a decoy for the locator).
void PrintedLabel(cv::Mat& img, Rng& rng) {
    const double w = rng.uniform(0.12, 0.3) * img.cols, h = w * rng.uniform(0.3, 0.6);
    cv::Mat label(static_cast<int>(h), static_cast<int>(w), CV_8UC3, Jitter(cv::Scalar::all(235), 15, rng));
    const char* words[] = {"QUEUE", "DESK", "TICKET", "A0", "WAIT", "COUNTER", "NO", "B12", "SERVICE", "INFO", "<<<", "7"};
    const double cap = h / rng.uniform(7, 12);
    for (double y = 1.6 * cap; y < h - 0.5 * cap; y += cap * 1.8) {
        std::string line;
        while (TextWidth(line, cap, Font::Mono) < 0.8 * w) line += std::string(words[rng.integer(0, 11)]) + (rng.chance(0.5) ? "<" : "");
        DrawText(label, line, {0.05 * w, y}, cap, cv::Scalar::all(rng.uniform(10, 70)), Font::Mono);
    }
    const double angle = rng.uniform(-180, 180);
    cv::Mat m = cv::getRotationMatrix2D(cv::Point2f(static_cast<float>(w / 2), static_cast<float>(h / 2)), angle, 1.0);
    m.at<double>(0, 2) += rng.uniform(0, img.cols) - w / 2;
    m.at<double>(1, 2) += rng.uniform(0, img.rows) - h / 2;
    cv::Mat mask(label.size(), CV_8UC1, cv::Scalar(255)), warped, wmask;
    cv::warpAffine(label, warped, m, img.size(), cv::INTER_LINEAR);
    cv::warpAffine(mask, wmask, m, img.size(), cv::INTER_LINEAR);
    warped.copyTo(img, wmask > 128);
}

// Terrazzo: stone chips of a few colours in a cement ground, often cut into
// tiles with grout joints (long straight parallel edges), with printed labels.
cv::Mat PrintedCounter(cv::Size size, Rng& rng) {
    const double scale = size.width / 1920.0;
    const cv::Scalar ground(rng.uniform(120, 220), rng.uniform(120, 220), rng.uniform(120, 220));
    cv::Mat out(size, CV_8UC3, ground);
    std::vector<cv::Scalar> palette;
    for (int i = rng.integer(3, 5); i > 0; --i) palette.push_back(cv::Scalar(rng.uniform(20, 250), rng.uniform(20, 250), rng.uniform(20, 250)));
    const int chips = std::min(30000, static_cast<int>(size.area() / rng.uniform(300, 900)));
    for (int i = 0; i < chips; ++i) {
        const cv::Point c(rng.integer(0, size.width - 1), rng.integer(0, size.height - 1));
        const double r = scale * std::exp(rng.uniform(std::log(1.0), std::log(9.0)));
        cv::ellipse(out, c, cv::Size(std::max(1, static_cast<int>(r)), std::max(1, static_cast<int>(r * rng.uniform(0.4, 1.0)))),
                    rng.uniform(0, 180), 0, 360, Jitter(rng.pick(palette), 20, rng), -1, cv::LINE_AA);
    }
    if (rng.chance(0.6)) {  // tiles: grout joints in two directions
        const double step = rng.uniform(150, 500) * scale, angle = rng.uniform(0, kPi);
        const int thick = std::max(1, static_cast<int>(rng.uniform(2, 6) * scale));
        const cv::Scalar grout = Jitter(ground * 0.7, 10, rng);
        const double reach = size.width + size.height;
        const cv::Point2d centre(size.width / 2.0, size.height / 2.0);
        for (int dir = 0; dir < 2; ++dir) {
            const double a = angle + dir * kPi / 2;
            const cv::Point2d along(std::cos(a), std::sin(a)), across(-along.y, along.x);
            for (double t = -reach; t <= reach; t += step)
                cv::line(out, cv::Point(centre + across * t - along * reach), cv::Point(centre + across * t + along * reach), grout,
                         thick, cv::LINE_AA);
        }
    }
    for (int i = rng.integer(0, 2); i > 0; --i) PrintedLabel(out, rng);
    return out;
}

// A room seen past a document held up to the camera: wall, floor, a window with
// mullions, a door frame, shelves with book spines, a poster with typed lines,
// all out of focus since the camera focuses on the document.
cv::Mat Room(cv::Size size, Rng& rng) {
    const double w = size.width, h = size.height;
    const cv::Scalar wall(rng.uniform(140, 235), rng.uniform(140, 235), rng.uniform(140, 235));
    cv::Mat out(size, CV_8UC3, wall);
    const int floor_y = static_cast<int>(h * rng.uniform(0.65, 1.1));
    cv::rectangle(out, cv::Rect(0, floor_y, size.width, size.height), cv::Scalar(rng.uniform(30, 140), rng.uniform(40, 140), rng.uniform(50, 160)), -1);
    if (rng.chance(0.7)) {  // a window: bright panes, dark frame and mullions
        const cv::Rect win(static_cast<int>(w * rng.uniform(-0.1, 0.7)), static_cast<int>(h * rng.uniform(0.0, 0.3)),
                           static_cast<int>(w * rng.uniform(0.2, 0.4)), static_cast<int>(h * rng.uniform(0.3, 0.5)));
        cv::rectangle(out, win, cv::Scalar::all(rng.uniform(235, 255)), -1);
        const cv::Scalar frame = cv::Scalar::all(rng.uniform(40, 240));
        const int bar = std::max(2, static_cast<int>(w * 0.008));
        cv::rectangle(out, win, frame, bar);
        cv::line(out, {win.x + win.width / 2, win.y}, {win.x + win.width / 2, win.br().y}, frame, bar);
        cv::line(out, {win.x, win.y + win.height / 2}, {win.br().x, win.y + win.height / 2}, frame, bar);
    }
    if (rng.chance(0.5)) {  // a door frame
        const int x = static_cast<int>(w * rng.uniform(0, 0.9)), dw = static_cast<int>(w * rng.uniform(0.15, 0.25));
        cv::rectangle(out, cv::Rect(x, static_cast<int>(h * 0.05), dw, floor_y), Jitter(wall * 0.8, 30, rng), -1);
        cv::rectangle(out, cv::Rect(x, static_cast<int>(h * 0.05), dw, floor_y), Jitter(wall * 0.5, 20, rng), std::max(3, static_cast<int>(w * 0.01)));
    }
    if (rng.chance(0.6)) {  // shelves with book spines
        const int x0 = static_cast<int>(w * rng.uniform(-0.2, 0.6)), x1 = x0 + static_cast<int>(w * rng.uniform(0.3, 0.6));
        for (double y = h * rng.uniform(0.1, 0.3); y < floor_y - 0.1 * h; y += h * rng.uniform(0.18, 0.26)) {
            const int book_h = static_cast<int>(h * rng.uniform(0.1, 0.16));
            for (int x = x0; x < x1;) {
                const int bw = std::max(3, static_cast<int>(w * rng.uniform(0.008, 0.025)));
                const int bh = static_cast<int>(book_h * rng.uniform(0.75, 1.0));
                cv::rectangle(out, cv::Rect(x, static_cast<int>(y) - bh, bw, bh), cv::Scalar(rng.uniform(0, 255), rng.uniform(0, 255), rng.uniform(0, 255)), -1);
                x += bw + (rng.chance(0.1) ? bw : 0);
            }
            cv::rectangle(out, cv::Rect(x0, static_cast<int>(y), x1 - x0, std::max(3, static_cast<int>(h * 0.015))), Jitter(wall * 0.6, 20, rng), -1);
        }
    }
    if (rng.chance(0.6)) {  // a poster or notice with typed lines
        const double pw = w * rng.uniform(0.12, 0.25), ph = pw * 1.414;
        const cv::Point2d p0(w * rng.uniform(0, 0.85), h * rng.uniform(0.05, 0.5));
        cv::rectangle(out, cv::Rect(cv::Point(p0), cv::Size(static_cast<int>(pw), static_cast<int>(ph))), cv::Scalar::all(rng.uniform(215, 250)), -1);
        const double cap = pw * rng.uniform(0.03, 0.06);
        for (double y = p0.y + 2 * cap; y < p0.y + ph - cap; y += cap * 2.2)
            DrawText(out, rng.chance(0.5) ? "INFORMATION  REGISTRATION" : "PLEASE WAIT  DESK 4  NO ENTRY", {p0.x + 0.06 * pw, y}, cap,
                     cv::Scalar::all(rng.uniform(10, 80)), rng.chance(0.5) ? Font::Sans : Font::Mono);
    }
    cv::GaussianBlur(out, out, cv::Size(0, 0), w * rng.uniform(0.002, 0.008));  // depth of field
    const cv::Mat tilt = cv::getRotationMatrix2D(cv::Point2f(size / 2), rng.normal(0, 4), 1.05);
    cv::warpAffine(out, out, tilt, size, cv::INTER_LINEAR, cv::BORDER_REFLECT);
    return out;
}

}  // namespace

const char* ToString(Backdrop backdrop) {
    switch (backdrop) {
        case Backdrop::Desk: return "desk";
        case Backdrop::PrintedCounter: return "printed counter";
        case Backdrop::Room: return "room, hand-held";
    }
    return "";
}

const char* ToString(Lighting lighting) {
    switch (lighting) {
        case Lighting::Standard: return "standard";
        case Lighting::WarmLamp: return "warm lamp";
        case Lighting::FlickerBands: return "flicker bands";
    }
    return "";
}

void DrawTestConditions(TestConditions& t, Rng& rng) {
    // Half the frames on a new backdrop, half under a new light, independently.
    if (rng.chance(0.5)) t.backdrop = rng.chance(0.5) ? Backdrop::PrintedCounter : Backdrop::Room;
    if (rng.chance(0.5)) {
        t.lighting = rng.chance(0.5) ? Lighting::WarmLamp : Lighting::FlickerBands;
        if (t.lighting == Lighting::WarmLamp) {
            t.lamp_angle_deg = rng.uniform(-180, 180);
            t.lamp_falloff = rng.uniform(0.4, 0.8);
            t.lamp_warmth = rng.uniform(0.3, 1.0);
        } else {
            t.band_period_px = rng.uniform(60, 400);
            t.band_depth = rng.uniform(0.1, 0.35);
        }
    }
}

cv::Mat RenderTestBackdrop(cv::Size size, Backdrop backdrop, Rng& rng) {
    return backdrop == Backdrop::Room ? Room(size, rng) : PrintedCounter(size, rng);
}

void ApplyTestLighting(cv::Mat& f, const TestConditions& t, Rng& rng) {
    const cv::Size size = f.size();
    cv::Mat gain(size, CV_32FC3);
    if (t.lighting == Lighting::WarmLamp) {
        // A point light at height above the desk, beyond the frame's edge on one side:
        // the irradiance falls as 1/d^2 (cosine terms left out) so the far side gets
        // (1 - falloff) of the near side. Warm: tungsten has little blue.
        const double a = t.lamp_angle_deg * kPi / 180, dx = std::cos(a), dy = std::sin(a);
        const double extent = std::abs(dx) * size.width + std::abs(dy) * size.height;
        const double s = std::sqrt(1 - t.lamp_falloff);          // near distance / far distance
        const double near = extent * s / (1 - s);
        const cv::Point2d lamp(size.width / 2.0 - dx * (extent / 2 + near * 0.7), size.height / 2.0 - dy * (extent / 2 + near * 0.7));
        const double height2 = (near * 0.7) * (near * 0.7), ref = near * near;  // gain 1 at about the nearest point
        const cv::Vec3f tint(static_cast<float>(1 - 0.45 * t.lamp_warmth), static_cast<float>(1 - 0.15 * t.lamp_warmth), 1.0f);
        for (int y = 0; y < size.height; ++y) {
            auto* row = gain.ptr<cv::Vec3f>(y);
            for (int x = 0; x < size.width; ++x) {
                const double d2 = (x - lamp.x) * (x - lamp.x) + (y - lamp.y) * (y - lamp.y) + height2;
                row[x] = tint * static_cast<float>(std::min(1.3, ref / d2 * 1.1));
            }
        }
    } else {
        // The light's brightness follows the mains at twice its frequency and the
        // sensor exposes row after row: bands along the rows, moving from frame to frame.
        const double phase = rng.uniform(0, 2 * kPi);
        for (int y = 0; y < size.height; ++y) {
            const double g = 1 - t.band_depth * 0.5 * (1 + std::sin(2 * kPi * y / t.band_period_px + phase));
            gain.row(y).setTo(cv::Scalar(g * 0.97, g, g * 0.97));  // fluorescent: a touch green
        }
    }
    f = f.mul(gain);
}

void DrawHoldingThumbs(cv::Mat& frame, const std::array<cv::Point2f, 4>& doc, const std::array<cv::Point2f, 4>& mrz, Rng& rng) {
    const cv::Scalar skin = Jitter(rng.pick(std::vector<cv::Scalar>{{150, 180, 225}, {110, 150, 200}, {70, 110, 160}, {45, 70, 110}}), 12, rng);
    const double doc_w = cv::norm(doc[1] - doc[0]);
    std::vector<cv::Point> mrz_poly;
    const cv::Point2f mrz_c = (mrz[0] + mrz[2]) * 0.5f;
    for (const auto& p : mrz) mrz_poly.push_back(cv::Point(mrz_c + (p - mrz_c) * 1.15f));  // keep clear of the MRZ with a margin
    const int thumbs = rng.integer(1, 2);
    for (int i = 0; i < thumbs; ++i) {
        const bool left = thumbs == 2 ? i == 0 : rng.chance(0.5);
        const cv::Point2f top = left ? doc[0] : doc[1], bottom = left ? doc[3] : doc[2];
        const cv::Point2f edge_point = top + (bottom - top) * static_cast<float>(rng.uniform(0.2, 0.45));
        cv::Point2f outward = left ? doc[0] - doc[1] : doc[1] - doc[0];
        outward *= static_cast<float>(1.0 / std::max(1e-3, cv::norm(outward)));
        const double length = doc_w * rng.uniform(0.14, 0.2), width = length * rng.uniform(0.38, 0.5);
        const cv::Point2f centre = edge_point + outward * static_cast<float>(length * rng.uniform(0.05, 0.3));
        const double angle = std::atan2(outward.y, outward.x) * 180 / kPi;
        std::vector<cv::Point> poly;
        cv::ellipse2Poly(cv::Point(centre), cv::Size(static_cast<int>(length / 2), static_cast<int>(width / 2)), static_cast<int>(angle), 0, 360, 5, poly);
        bool over_mrz = false;
        for (const cv::Point& p : poly) over_mrz = over_mrz || cv::pointPolygonTest(mrz_poly, cv::Point2f(p), false) >= 0;
        for (const cv::Point& p : mrz_poly) over_mrz = over_mrz || cv::pointPolygonTest(poly, cv::Point2f(p), false) >= 0;
        if (over_mrz || poly.size() < 3) continue;
        // Skin, rounded: darker towards the outline (distance to the edge), a paler
        // nail near the tip (the end on the document), soft edges.
        const cv::Rect box = cv::boundingRect(poly) & cv::Rect(0, 0, frame.cols, frame.rows);
        if (box.area() == 0) continue;
        cv::Mat mask(box.size(), CV_8UC1, cv::Scalar(0));
        std::vector<cv::Point> local;
        for (const cv::Point& p : poly) local.push_back(p - box.tl());
        cv::fillConvexPoly(mask, local, cv::Scalar(255), cv::LINE_AA);
        cv::Mat dist, colour(box.size(), CV_8UC3, skin);
        cv::distanceTransform(mask > 128, dist, cv::DIST_L2, 3);
        const cv::Point2f tip = centre - outward * static_cast<float>(length * 0.28) - cv::Point2f(box.tl());
        cv::ellipse(colour, cv::Point(tip), cv::Size(static_cast<int>(length * 0.13), static_cast<int>(width * 0.3)), angle, 0, 360,
                    skin * 0.8 + cv::Scalar::all(55), -1, cv::LINE_AA);
        cv::GaussianBlur(mask, mask, cv::Size(0, 0), std::max(0.6, width * 0.02));
        cv::Mat roi = frame(box);
        for (int y = 0; y < box.height; ++y)
            for (int x = 0; x < box.width; ++x) {
                const float a = mask.at<uchar>(y, x) / 255.0f;
                if (a <= 0) continue;
                const float shade = 0.6f + 0.4f * std::min(1.0f, dist.at<float>(y, x) / static_cast<float>(width * 0.35));
                const cv::Vec3b c = colour.at<cv::Vec3b>(y, x);
                cv::Vec3b& px = roi.at<cv::Vec3b>(y, x);
                for (int k = 0; k < 3; ++k) px[k] = cv::saturate_cast<uchar>((1 - a) * px[k] + a * shade * c[k]);
            }
    }
}

}  // namespace docintake::synth
