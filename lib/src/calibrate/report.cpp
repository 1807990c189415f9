// WriteSelfTestReport: the self-test as a picture and a page a person would
// rather look at than read (selftest.h). Numbers and shapes only.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "docintake/selftest.h"

namespace docintake {
namespace {

const cv::Scalar kInk(40, 40, 40), kGrid(215, 215, 215), kPass(60, 160, 60), kFail(40, 40, 200);
const cv::Scalar kSharp(180, 110, 30), kMrz(40, 140, 230), kLevel(120, 120, 120), kGlare(0, 200, 230);

void Text(cv::Mat& img, const std::string& s, cv::Point at, double scale = 0.5, cv::Scalar color = kInk, int thickness = 1) {
    cv::putText(img, s, at, cv::FONT_HERSHEY_SIMPLEX, scale, color, thickness, cv::LINE_AA);
}

std::string Fixed(double v, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

// Red (poor) through yellow to green (sharp), in BGR; grey where nothing could be judged.
cv::Scalar FocusColour(double s) {
    if (s <= 0) return cv::Scalar(200, 200, 200);
    const double t = std::clamp((s - 0.3) / 0.6, 0.0, 1.0);
    return t < 0.5 ? cv::Scalar(60, 60 + 380 * t, 220) : cv::Scalar(60, 220, 220 - 320 * (t - 0.5));
}

// One series over frames in a plot box; values outside [lo, hi] are clamped.
void Series(cv::Mat& img, cv::Rect box, const std::vector<double>& v, double lo, double hi, cv::Scalar colour) {
    if (v.empty()) return;
    std::vector<cv::Point> pts;
    for (std::size_t i = 0; i < v.size(); ++i) {
        const double x = v.size() == 1 ? 0.5 : static_cast<double>(i) / static_cast<double>(v.size() - 1);
        const double y = (std::clamp(v[i], lo, hi) - lo) / (hi - lo);
        pts.emplace_back(box.x + static_cast<int>(x * box.width), box.y + box.height - static_cast<int>(y * box.height));
    }
    cv::polylines(img, pts, false, colour, 2, cv::LINE_AA);
    for (const cv::Point& p : pts) cv::circle(img, p, 3, colour, cv::FILLED, cv::LINE_AA);
}

void PlotOverTime(cv::Mat& img, cv::Rect box, const SelfTestReport& r) {
    cv::rectangle(img, box, kGrid, 1);
    for (int k = 1; k < 4; ++k) cv::line(img, {box.x, box.y + box.height * k / 4}, {box.x + box.width, box.y + box.height * k / 4}, kGrid);
    std::vector<double> sharp, mrz, level, glare;
    for (const FrameMeasures& m : r.per_frame) {
        sharp.push_back(m.sharpness);
        mrz.push_back(m.mrz_sharpness.value_or(0));
        level.push_back(m.mean_level / 255);
        glare.push_back(std::min(1.0, m.glare_fraction * 20));  // 5% of the frame fills the scale
    }
    Series(img, box, level, 0, 1, kLevel);
    Series(img, box, glare, 0, 1, kGlare);
    Series(img, box, sharp, 0, 1, kSharp);
    Series(img, box, mrz, 0, 1, kMrz);
    Text(img, "measures over " + std::to_string(r.per_frame.size()) + " frames (0 to 1)", {box.x, box.y - 10}, 0.55);
    const std::pair<const char*, cv::Scalar> legend[] = {
        {"sharpness", kSharp}, {"MRZ sharpness", kMrz}, {"mean level / 255", kLevel}, {"glare x20", kGlare}};
    int x = box.x;
    for (const auto& [name, colour] : legend) {
        cv::line(img, {x, box.y + box.height + 20}, {x + 20, box.y + box.height + 20}, colour, 3);
        Text(img, name, {x + 26, box.y + box.height + 25}, 0.45);
        x += 36 + static_cast<int>(std::string(name).size()) * 8;
    }
}

void FrameMap(cv::Mat& img, cv::Rect box, const SelfTestReport& r) {
    Text(img, "focus over the frame (best frame) and where glare was", {box.x, box.y - 10}, 0.55);
    const FrameMeasures* first = r.per_frame.empty() ? nullptr : &r.per_frame.front();
    const double fw = first && first->width > 0 ? first->width : 1920, fh = first && first->height > 0 ? first->height : 1080;
    for (int row = 0; row < r.map_rows; ++row)
        for (int col = 0; col < r.map_cols; ++col) {
            const double s = r.sharpness_map[static_cast<std::size_t>(row * r.map_cols + col)];
            const cv::Rect tile(box.x + col * box.width / r.map_cols, box.y + row * box.height / r.map_rows, box.width / r.map_cols,
                                box.height / r.map_rows);
            cv::rectangle(img, tile, FocusColour(s), cv::FILLED);
            cv::rectangle(img, tile, cv::Scalar(255, 255, 255), 1);
            Text(img, s > 0 ? Fixed(s, 2) : "-", {tile.x + 6, tile.y + tile.height / 2 + 5}, 0.45);
        }
    cv::rectangle(img, box, kInk, 2);
    for (const FrameMeasures& m : r.per_frame) {
        if (!m.glare) continue;
        const cv::Rect g(box.x + static_cast<int>(m.glare->x / fw * box.width), box.y + static_cast<int>(m.glare->y / fh * box.height),
                         std::max(2, static_cast<int>(m.glare->width / fw * box.width)),
                         std::max(2, static_cast<int>(m.glare->height / fh * box.height)));
        cv::rectangle(img, g, kGlare, 2, cv::LINE_AA);
        cv::circle(img, {box.x + static_cast<int>(m.glare->centroid_x / fw * box.width), box.y + static_cast<int>(m.glare->centroid_y / fh * box.height)},
                   4, kGlare, cv::FILLED, cv::LINE_AA);
    }
}

cv::Mat Picture(const SelfTestReport& r, const std::string& when) {
    cv::Mat img(620, 1200, CV_8UC3, cv::Scalar(250, 250, 250));
    Text(img, "docintake self-test", {30, 45}, 1.0, kInk, 2);
    Text(img, when, {900, 45}, 0.55);
    cv::rectangle(img, {30, 65, 140, 50}, r.pass ? kPass : kFail, cv::FILLED);
    Text(img, r.pass ? "PASS" : "FAIL", {52, 102}, 1.1, cv::Scalar(255, 255, 255), 2);
    // The reason, wrapped at word boundaries.
    std::string line, rest = r.reason;
    int y = 85;
    while (!rest.empty() && y < 150) {
        std::size_t cut = rest.size() <= 95 ? rest.size() : rest.rfind(' ', 95);
        if (cut == std::string::npos || cut == 0) cut = std::min<std::size_t>(95, rest.size());
        Text(img, rest.substr(0, cut), {190, y}, 0.5);
        rest = rest.substr(std::min(rest.size(), cut + 1));
        y += 22;
    }
    std::string reads = "reads per format:";
    for (const SelfTestFormat& f : r.formats) reads += std::string("  ") + ToString(f.format) + " " + std::to_string(f.reads) + "/" + std::to_string(r.frames);
    for (const SelfTestBarcode& b : r.barcodes) reads += std::string("  ") + ToString(b.format) + " " + std::to_string(b.reads) + "/" + std::to_string(r.frames);
    Text(img, reads, {30, 160}, 0.5);
    std::string margins = "margins: blur " + (r.blur_margin_px ? "+" + Fixed(*r.blur_margin_px, 2) + " px" : std::string("-")) +
                          ", distance " + (r.distance_margin ? "x" + Fixed(*r.distance_margin, 2) : std::string("-")) +
                          ", glare " + (r.glare_margin_chars ? Fixed(*r.glare_margin_chars, 1) + " char" : std::string("-")) +
                          "   px/mm " + (r.px_per_mm ? Fixed(*r.px_per_mm, 2) : std::string("-")) + "   first stable read " +
                          (r.first_stable_frame ? "frame " + std::to_string(*r.first_stable_frame) + " (" + Fixed(*r.first_stable_ms, 0) + " ms)" : std::string("never"));
    Text(img, margins, {30, 185}, 0.5);
    if (r.map_cols > 0) FrameMap(img, {30, 240, 560, 315}, r);
    PlotOverTime(img, {640, 240, 530, 315}, r);
    return img;
}

std::string Escape(const std::string& s) {
    std::string out;
    for (char c : s) out += c == '<' ? "&lt;" : c == '>' ? "&gt;" : c == '&' ? "&amp;" : c == '"' ? "&quot;" : std::string(1, c);
    return out;
}

std::string Html(const SelfTestReport& r, const std::string& raw_when) {
    const std::string when = Escape(raw_when);
    std::string rows;
    for (std::size_t i = 0; i < r.per_frame.size(); ++i) {
        const FrameMeasures& m = r.per_frame[i];
        rows += "<tr><td>" + std::to_string(i) + "</td><td>" + Fixed(m.sharpness, 2) + "</td><td>" +
                (m.mrz_sharpness ? Fixed(*m.mrz_sharpness, 2) : "-") + "</td><td>" + Fixed(m.mean_level, 0) + "</td><td>" +
                Fixed(100 * m.clipped_highlights, 2) + "</td><td>" + Fixed(100 * m.glare_fraction, 3) + "</td><td>" +
                Fixed(m.noise_sigma, 1) + "</td><td>" + (m.motion ? Fixed(*m.motion, 1) : "-") + "</td><td>" +
                (m.px_per_mm ? Fixed(*m.px_per_mm, 2) : "-") + "</td></tr>\n";
    }
    std::string formats;
    for (const SelfTestFormat& f : r.formats)
        formats += "<tr><td>" + std::string(ToString(f.format)) + "</td><td>" + std::to_string(f.reads) + " / " + std::to_string(r.frames) + "</td></tr>\n";
    for (const SelfTestBarcode& b : r.barcodes)
        formats += "<tr><td>" + std::string(ToString(b.format)) + "</td><td>" + std::to_string(b.reads) + " / " + std::to_string(r.frames) + "</td></tr>\n";
    // The reason is ours (numbers and fixed words), but escape it anyway.
    const std::string reason = Escape(r.reason);
    return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>docintake self-test " + when +
           "</title>\n<style>body{font-family:sans-serif;margin:2em;color:#222;max-width:1250px}"
           ".verdict{display:inline-block;padding:.3em .8em;color:#fff;font-weight:bold;font-size:1.4em;border-radius:4px}"
           ".pass{background:#3ca03c}.fail{background:#c82828}table{border-collapse:collapse;margin:1em 0}"
           "td,th{border:1px solid #ccc;padding:.25em .6em;text-align:right}th{background:#f0f0f0}img{max-width:100%}</style>"
           "</head>\n<body>\n<h1>docintake self-test</h1>\n<p>" + when + "</p>\n<p><span class=\"verdict " + (r.pass ? "pass\">PASS" : "fail\">FAIL") +
           "</span> " + reason + "</p>\n<img src=\"selftest-report.png\" alt=\"verdict, focus map, glare and measures over time\">\n"
           "<h2>Reads per format</h2>\n<table><tr><th>format</th><th>frames read</th></tr>\n" + formats +
           "</table>\n<p>Margins: blur " + (r.blur_margin_px ? "+" + Fixed(*r.blur_margin_px, 2) + " px" : "-") + ", distance " +
           (r.distance_margin ? "x" + Fixed(*r.distance_margin, 2) : "-") + ", glare spot " +
           (r.glare_margin_chars ? Fixed(*r.glare_margin_chars, 1) + " character heights wide" : "-") + ". Wrong reads: " + std::to_string(r.wrong_reads) +
           ".</p>\n<h2>Measures per frame</h2>\n<table><tr><th>frame</th><th>sharpness</th><th>MRZ sharpness</th><th>mean level</th>"
           "<th>clipped %</th><th>glare %</th><th>noise</th><th>motion</th><th>px/mm</th></tr>\n" + rows +
           "</table>\n<p>Test card only; no picture of the frame is kept. See docs/calibration.md.</p>\n</body></html>\n";
}

}  // namespace

Error WriteSelfTestReport(const SelfTestReport& report, const std::string& folder, const std::string& given_when) {
    std::error_code ec;
    std::filesystem::create_directories(folder, ec);
    if (ec) return {ErrorCode::IoError, "cannot make the report folder: " + ec.message()};
    std::string when = given_when;
    if (when.empty()) {
        const std::time_t now = std::time(nullptr);
        std::tm tm{};
        gmtime_r(&now, &tm);
        char text[32];
        std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S UTC", &tm);
        when = text;
    }
    try {
        if (!cv::imwrite(folder + "/selftest-report.png", Picture(report, when)))
            return {ErrorCode::IoError, "cannot write selftest-report.png"};
    } catch (const cv::Exception&) {
        return {ErrorCode::IoError, "cannot write selftest-report.png"};
    }
    std::ofstream html(folder + "/selftest-report.html", std::ios::binary | std::ios::trunc);
    html << Html(report, when);
    if (!html) return {ErrorCode::IoError, "cannot write selftest-report.html"};
    return {};
}

}  // namespace docintake
