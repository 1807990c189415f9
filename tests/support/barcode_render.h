#pragma once
// Renders barcode symbols with ZXing-C++'s writer and places them into camera-like
// 1080p frames (document background, perspective, blur, noise), for tests and
// benchmarks. Everything is deterministic for a given seed.

#include <ZXing/BitMatrix.h>
#include <ZXing/CharacterSet.h>
#include <ZXing/MultiFormatWriter.h>

#include <opencv2/imgproc.hpp>
#include <random>
#include <string>
#include <vector>

namespace docintake::testing {

// The symbol at one pixel per module (black 0, white 255), without quiet zone.
// Bytes go in as ISO 8859-1 so that every byte value survives.
inline cv::Mat RenderSymbol(ZXing::BarcodeFormat format, const std::string& bytes, int ecc_level = -1) {
    std::wstring w;
    for (unsigned char c : bytes) w += static_cast<wchar_t>(c);
    ZXing::MultiFormatWriter writer(format);
    writer.setEncoding(ZXing::CharacterSet::ISO8859_1).setMargin(0);
    if (ecc_level >= 0) writer.setEccLevel(ecc_level);
    const ZXing::BitMatrix bits = writer.encode(w, 0, 0);
    cv::Mat m(bits.height(), bits.width(), CV_8UC1);
    for (int y = 0; y < bits.height(); ++y)
        for (int x = 0; x < bits.width(); ++x) m.at<uchar>(y, x) = bits.get(x, y) ? 0 : 255;
    return m;
}

struct Placement {
    cv::Point2f centre{960, 540};
    float module_px = 3.0f;     // pixels per module in the frame
    float angle_deg = 0;        // in-plane rotation
    float perspective = 0;      // 0..0.2: how much the far edge shrinks
    float blur_sigma = 0;       // Gaussian blur (defocus)
    float noise_sigma = 0;      // sensor noise
    float contrast = 1.0f;      // 1 = black on white; 0.5 = grey on light grey
    unsigned seed = 1;
    bool mrz = false;           // add two MRZ-like text lines below the symbol
};

// Light "document" with some text-like clutter, so detectors see more than a symbol.
inline cv::Mat DocumentBackground(cv::Size size, unsigned seed) {
    cv::Mat frame(size, CV_8UC1, cv::Scalar(150));
    std::mt19937 rng(seed);
    cv::rectangle(frame, cv::Rect(size.width / 8, size.height / 10, size.width * 3 / 4, size.height * 8 / 10),
                  cv::Scalar(228), cv::FILLED);
    std::uniform_int_distribution<int> x(size.width / 8 + 20, size.width * 7 / 8 - 300);
    std::uniform_int_distribution<int> y(size.height / 10 + 30, size.height * 9 / 10 - 20);
    for (int i = 0; i < 10; ++i)
        cv::putText(frame, "SPECIMEN DOCUMENT 1234", cv::Point(x(rng), y(rng)), cv::FONT_HERSHEY_SIMPLEX, 0.7,
                    cv::Scalar(90), 2);
    return frame;
}

inline void DrawMrz(cv::Mat& frame, cv::Point origin) {
    const char* lines[] = {"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                           "L898902C36UTO7408122F1204159ZE184226B<<<<<10"};
    for (int i = 0; i < 2; ++i)
        cv::putText(frame, lines[i], origin + cv::Point(0, 40 * i), cv::FONT_HERSHEY_PLAIN, 2.2, cv::Scalar(25), 2);
}

// Places a symbol (one pixel per module) into a frame with camera effects.
inline cv::Mat PlaceInFrame(const cv::Mat& symbol, const Placement& p, cv::Size size = {1920, 1080}) {
    cv::Mat frame = DocumentBackground(size, p.seed);
    const int quiet = 4;
    cv::Mat padded;
    cv::copyMakeBorder(symbol, padded, quiet, quiet, quiet, quiet, cv::BORDER_CONSTANT, cv::Scalar(255));
    const float w = static_cast<float>(padded.cols) * p.module_px, h = static_cast<float>(padded.rows) * p.module_px;
    // Corners of the padded symbol around the centre, rotated, far edge shrunk.
    std::vector<cv::Point2f> dst = {{-w / 2, -h / 2}, {w / 2, -h / 2}, {w / 2, h / 2}, {-w / 2, h / 2}};
    const float shrink = 1.0f - p.perspective;
    dst[0].x *= shrink, dst[1].x *= shrink;
    const float a = p.angle_deg * static_cast<float>(CV_PI) / 180.0f;
    for (auto& q : dst)
        q = cv::Point2f(q.x * std::cos(a) - q.y * std::sin(a), q.x * std::sin(a) + q.y * std::cos(a)) + p.centre;
    const std::vector<cv::Point2f> src = {{0, 0},
                                          {static_cast<float>(padded.cols), 0},
                                          {static_cast<float>(padded.cols), static_cast<float>(padded.rows)},
                                          {0, static_cast<float>(padded.rows)}};
    const cv::Mat H = cv::getPerspectiveTransform(src, dst);
    cv::Mat ink(padded.size(), CV_8UC1);
    cv::Mat warped, mask;
    cv::warpPerspective(padded, warped, H, size, cv::INTER_AREA, cv::BORDER_CONSTANT, cv::Scalar(255));
    cv::warpPerspective(cv::Mat(padded.size(), CV_8UC1, cv::Scalar(255)), mask, H, size, cv::INTER_LINEAR);
    // Paper white 235, ink scaled by contrast.
    cv::Mat symbol_pixels;
    warped.convertTo(symbol_pixels, CV_32F, p.contrast * 200.0 / 255.0, 235.0 - p.contrast * 200.0);
    cv::Mat frame_f, mask_f;
    frame.convertTo(frame_f, CV_32F);
    mask.convertTo(mask_f, CV_32F, 1.0 / 255.0);
    frame_f = frame_f.mul(1.0 - mask_f) + symbol_pixels.mul(mask_f);
    frame_f.convertTo(frame, CV_8U);
    if (p.mrz) DrawMrz(frame, cv::Point(static_cast<int>(p.centre.x - 480), static_cast<int>(p.centre.y + h / 2 + 60)));
    if (p.blur_sigma > 0) cv::GaussianBlur(frame, frame, cv::Size(0, 0), p.blur_sigma);
    if (p.noise_sigma > 0) {
        cv::theRNG().state = p.seed;
        cv::Mat noise(size, CV_16S);
        cv::randn(noise, 0, p.noise_sigma);
        cv::Mat f16;
        frame.convertTo(f16, CV_16S);
        f16 += noise;
        f16.convertTo(frame, CV_8U);
    }
    return frame;
}

}  // namespace docintake::testing
