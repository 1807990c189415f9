// The camera: uneven light and glare (scene), defocus and motion (optics),
// signal-dependent noise (sensor), then JPEG (encoder), in that order.

#include <cmath>
#include <vector>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "synth/render.h"

namespace docintake::synth {
namespace {

constexpr double kPi = 3.14159265358979323846;

// Multiplicative illumination: linear gradient, vignette, soft cast shadow.
cv::Mat Illumination(cv::Size size, const Effects& e, Rng& rng) {
    cv::Mat gain(size, CV_32F, cv::Scalar(1));
    const double dir = rng.uniform(0, 2 * kPi), dx = std::cos(dir), dy = std::sin(dir);
    const double cx = size.width / 2.0, cy = size.height / 2.0;
    const double rmax2 = cx * cx + cy * cy;
    const double vx = cx + rng.uniform(-0.2, 0.2) * size.width, vy = cy + rng.uniform(-0.2, 0.2) * size.height;
    for (int y = 0; y < size.height; ++y) {
        float* row = gain.ptr<float>(y);
        for (int x = 0; x < size.width; ++x) {
            const double t = ((x - cx) * dx + (y - cy) * dy) / std::sqrt(rmax2);  // -1..1
            const double r2 = ((x - vx) * (x - vx) + (y - vy) * (y - vy)) / rmax2;
            row[x] = static_cast<float>((1.0 - e.shading * 0.5 * (1 + t)) * (1.0 - e.vignette * std::min(1.0, r2)));
        }
    }
    if (e.shadow > 0) {  // a hand or phone shadow: a half-plane with a blurred edge
        cv::Mat shadow(size, CV_32F, cv::Scalar(1));
        const double a = rng.uniform(0, 2 * kPi);
        const cv::Point2d p(rng.uniform(0.2, 0.8) * size.width, rng.uniform(0.2, 0.8) * size.height);
        const cv::Point2d d(std::cos(a), std::sin(a));
        const double far = size.width + size.height;
        const cv::Point2d t(-d.y, d.x);
        std::vector<cv::Point> poly = {cv::Point(p + t * far), cv::Point(p + t * far + d * far),
                                       cv::Point(p - t * far + d * far), cv::Point(p - t * far)};
        cv::fillPoly(shadow, std::vector<std::vector<cv::Point>>{poly}, cv::Scalar(1 - e.shadow));
        const int k = (static_cast<int>(size.width * rng.uniform(0.02, 0.08)) | 1);
        cv::GaussianBlur(shadow, shadow, cv::Size(k, k), 0);
        gain = gain.mul(shadow);
    }
    return gain;
}

void Glare(cv::Mat& img, const Effects& e, cv::Point2f mrz_center, double mrz_size, Rng& rng) {
    for (int b = 0; b < e.glare_blobs; ++b) {
        cv::Point2d c(rng.uniform(0, img.cols), rng.uniform(0, img.rows));
        if (b == 0 && e.glare_over_mrz)
            c = cv::Point2d(mrz_center) + cv::Point2d(rng.uniform(-0.3, 0.3), rng.uniform(-0.05, 0.05)) * mrz_size;
        const double sx = rng.uniform(0.02, 0.09) * img.cols, sy = sx * rng.uniform(0.25, 1.0);
        const double ang = rng.uniform(0, kPi), ca = std::cos(ang), sa = std::sin(ang);
        const double amp = e.glare_strength * rng.uniform(0.8, 1.2);
        const cv::Rect box = cv::Rect(static_cast<int>(c.x - 3 * sx), static_cast<int>(c.y - 3 * sx),
                                      static_cast<int>(6 * sx), static_cast<int>(6 * sx)) & cv::Rect(0, 0, img.cols, img.rows);
        for (int y = box.y; y < box.br().y; ++y) {
            auto* row = img.ptr<cv::Vec3f>(y);
            for (int x = box.x; x < box.br().x; ++x) {
                const double u = ((x - c.x) * ca + (y - c.y) * sa) / sx, v = (-(x - c.x) * sa + (y - c.y) * ca) / sy;
                // A bright core with a soft halo, as a lamp reflected by a laminate.
                const float g = static_cast<float>(amp * (0.7 * std::exp(-(u * u + v * v)) + 0.3 * std::exp(-(u * u + v * v) / 6)));
                row[x] += cv::Vec3f(g, g, g);
            }
        }
    }
}

cv::Mat DiskKernel(double radius) {
    const int r = static_cast<int>(std::ceil(radius));
    cv::Mat k(2 * r + 1, 2 * r + 1, CV_32F);
    for (int y = -r; y <= r; ++y)
        for (int x = -r; x <= r; ++x)  // anti-aliased edge
            k.at<float>(y + r, x + r) = static_cast<float>(std::clamp(radius + 0.5 - std::hypot(x, y), 0.0, 1.0));
    return k / cv::sum(k)[0];
}

cv::Mat MotionKernel(double length, double angle_deg) {
    const int r = static_cast<int>(std::ceil(length / 2)) + 1;
    cv::Mat k(2 * r + 1, 2 * r + 1, CV_32F, cv::Scalar(0));
    const double a = angle_deg * kPi / 180;
    const int steps = std::max(2, static_cast<int>(length * 4));
    for (int i = 0; i <= steps; ++i) {
        const double t = (static_cast<double>(i) / steps - 0.5) * length;
        const double x = r + t * std::cos(a), y = r + t * std::sin(a);
        const int x0 = static_cast<int>(std::floor(x)), y0 = static_cast<int>(std::floor(y));
        const double fx = x - x0, fy = y - y0;  // bilinear splat
        k.at<float>(y0, x0) += static_cast<float>((1 - fx) * (1 - fy));
        k.at<float>(y0, x0 + 1) += static_cast<float>(fx * (1 - fy));
        k.at<float>(y0 + 1, x0) += static_cast<float>((1 - fx) * fy);
        k.at<float>(y0 + 1, x0 + 1) += static_cast<float>(fx * fy);
    }
    return k / cv::sum(k)[0];
}

}  // namespace

void ApplyCamera(cv::Mat& frame, const Effects& e, cv::Point2f mrz_center, double mrz_size_px, Rng& rng) {
    cv::Mat f;
    frame.convertTo(f, CV_32FC3, 1.0 / 255);

    // Scene light.
    cv::Mat gain = Illumination(f.size(), e, rng);
    cv::Mat gain3;
    cv::merge(std::vector<cv::Mat>{gain, gain, gain}, gain3);
    f = f.mul(gain3);
    if (e.test.lighting != Lighting::Standard) ApplyTestLighting(f, e.test, rng);
    std::vector<cv::Mat> ch;
    cv::split(f, ch);
    for (int c = 0; c < 3; ++c) ch[static_cast<size_t>(c)] *= e.color_cast[static_cast<size_t>(c)] * e.exposure;
    cv::merge(ch, f);
    if (e.contrast != 1) {  // flat light, washed-out print: the range shrinks around the mean
        const cv::Scalar m = cv::mean(f);
        f = (f - m) * e.contrast + m;
    }
    Glare(f, e, mrz_center, mrz_size_px, rng);
    cv::min(f, 1.0, f);
    cv::max(f, 0.0, f);

    // Optics: every lens blurs a little; then defocus and shake.
    cv::GaussianBlur(f, f, cv::Size(0, 0), 0.45);
    if (e.defocus_px >= 0.5) cv::filter2D(f, f, -1, DiskKernel(e.defocus_px), cv::Point(-1, -1), 0, cv::BORDER_REFLECT);
    if (e.motion_px >= 1) cv::filter2D(f, f, -1, MotionKernel(e.motion_px, e.motion_angle_deg), cv::Point(-1, -1), 0, cv::BORDER_REFLECT);

    // Sensor: shot noise grows with the signal, read noise does not; partly
    // correlated across channels like a demosaiced Bayer sensor.
    if (e.noise_sigma > 0) {
        cv::RNG cvrng(rng.seed());
        cv::Mat luma(f.size(), CV_32F), chroma(f.size(), CV_32FC3);
        cvrng.fill(luma, cv::RNG::NORMAL, 0, 1);
        cvrng.fill(chroma, cv::RNG::NORMAL, 0, 1);
        cv::Mat luma3;
        cv::merge(std::vector<cv::Mat>{luma, luma, luma}, luma3);
        cv::Mat n = luma3 * 0.7 + chroma * 0.5;
        cv::Mat level;
        cv::sqrt(f * 2 + cv::Scalar::all(0.05), level);  // ~1 at mid-gray
        f += n.mul(level) * (e.noise_sigma / 255.0);
    }
    f.convertTo(frame, CV_8UC3, 255.0);

    if (e.jpeg_quality > 0) {
        std::vector<uchar> buf;
        cv::imencode(".jpg", frame, buf, {cv::IMWRITE_JPEG_QUALITY, e.jpeg_quality});
        frame = cv::imdecode(buf, cv::IMREAD_COLOR);
    }
}

}  // namespace docintake::synth
