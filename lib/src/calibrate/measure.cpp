// MeasureFrame and FrameMeter: per-frame numbers for a technician (calibrate.h).
#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "calibrate/focus.h"
#include "calibrate/mrz_geometry.h"
#include "calibrate/pixel_stats.h"
#include "docintake/calibrate.h"
#include "docintake/read_mrz.h"
#include "vision/gray.h"

namespace docintake {
namespace {

// The working image for focus and glare: this wide whatever the camera gives,
// so measures compare across resolutions.
constexpr int kWorkingWidth = 640;
// The motion image: small enough that sensor noise averages out.
constexpr int kMotionWidth = 160;

struct Working {
    cv::Mat gray;      // full resolution (may wrap the caller's pixels)
    cv::Mat small;     // kWorkingWidth wide
    double scale = 1;  // frame px per working px
};

Working MakeWorking(const ImageView& frame) {
    Working w;
    w.gray = vision::ToGray(frame);
    const int width = std::min(kWorkingWidth, w.gray.cols);
    const int height = std::max(1, static_cast<int>(std::lround(static_cast<double>(w.gray.rows) * width / w.gray.cols)));
    if (width == w.gray.cols)
        w.small = w.gray;
    else
        cv::resize(w.gray, w.small, {width, height}, 0, 0, cv::INTER_AREA);
    w.scale = static_cast<double>(w.gray.cols) / w.small.cols;
    return w;
}

void AddHints(FrameMeasures& m, const MrzReadResult* reading, const CalibrationTargets& t) {
    if (m.mean_level < t.min_mean_level || m.clipped_shadows > t.max_clipped_shadows)
        m.hints.push_back(CalibrationHint::TooDark);
    if (m.clipped_highlights > t.max_clipped_highlights) m.hints.push_back(CalibrationHint::Overexposed);
    if (m.glare_fraction > t.max_glare_fraction) m.hints.push_back(CalibrationHint::Glare);
    if (m.mrz_sharpness ? *m.mrz_sharpness < t.min_mrz_sharpness : m.sharpness < t.min_sharpness)
        m.hints.push_back(CalibrationHint::Blurred);
    if (m.motion && *m.motion > t.max_motion) m.hints.push_back(CalibrationHint::Moving);
    if (m.noise_sigma > t.max_noise_sigma) m.hints.push_back(CalibrationHint::Noisy);
    if (reading && m.char_height_px <= 0) m.hints.push_back(CalibrationHint::NoMrz);
    if (m.char_height_px > 0 && m.char_height_px < t.min_char_height_px) m.hints.push_back(CalibrationHint::MrzTooSmall);
}

FrameMeasures Measure(const ImageView& frame, const MrzReadResult* reading, const CalibrationTargets& targets,
                      Working& w) {
    FrameMeasures m;
    if (!frame.valid()) {
        m.error = {ErrorCode::InvalidImage, "image view has no pixels or a bad size or stride"};
        return m;
    }
    w = MakeWorking(frame);
    m.width = frame.width();
    m.height = frame.height();
    m.sharpness = calibrate::EdgeSharpness(w.small);

    const calibrate::Exposure exposure = calibrate::MeasureExposure(w.gray);
    m.mean_level = exposure.mean_level;
    m.clipped_highlights = exposure.highlights;
    m.clipped_shadows = exposure.shadows;
    m.noise_sigma = calibrate::NoiseSigma(w.gray);

    const calibrate::GlareAreas glare = calibrate::FindGlare(w.small);
    m.glare_fraction = glare.fraction;
    if (glare.largest) {
        GlareSpot s;
        s.x = static_cast<int>(std::floor(glare.largest->box.x * w.scale));
        s.y = static_cast<int>(std::floor(glare.largest->box.y * w.scale));
        s.width = static_cast<int>(std::ceil(glare.largest->box.width * w.scale));
        s.height = static_cast<int>(std::ceil(glare.largest->box.height * w.scale));
        // Working pixel centres map to frame pixel centres.
        s.centroid_x = (glare.largest->centroid.x + 0.5) * w.scale - 0.5;
        s.centroid_y = (glare.largest->centroid.y + 0.5) * w.scale - 0.5;
        m.glare = s;
    }

    if (reading) {
        const std::optional<calibrate::MrzGeometry> g = calibrate::MrzGeometryOf(*reading, {m.width, m.height});
        if (g) {
            m.char_height_px = g->char_height_px;
            m.mrz_chars = g->chars;
            if (g->px_per_mm > 0) m.px_per_mm = g->px_per_mm;
            m.mrz_sharpness = calibrate::EdgeSharpness(calibrate::RectifyMrz(w.gray, *g));
            m.mrz_glare_fraction = calibrate::GlareFractionInside(glare.mask, g->quad, 1.0 / w.scale);
        }
    }
    AddHints(m, reading, targets);
    return m;
}

}  // namespace

FrameMeasures MeasureFrame(const ImageView& frame, const MrzReadResult* reading, const CalibrationTargets& targets) {
    Working w;
    return Measure(frame, reading, targets, w);
}

FrameMeasures FrameMeter::Push(const ImageView& frame, const MrzReadResult* reading) {
    Working w;
    FrameMeasures m = Measure(frame, reading, targets_, w);
    if (m.error) return m;
    const int width = std::min(kMotionWidth, w.small.cols);
    const int height = std::max(1, static_cast<int>(std::lround(static_cast<double>(w.small.rows) * width / w.small.cols)));
    cv::Mat tiny;
    cv::resize(w.small, tiny, {width, height}, 0, 0, cv::INTER_AREA);
    if (!tiny.isContinuous()) tiny = tiny.clone();
    if (previous_width_ == m.width && previous_height_ == m.height && !previous_.empty()) {
        const cv::Mat before(height, width, CV_8UC1, previous_.data());
        m.motion = cv::norm(tiny, before, cv::NORM_L1) / (static_cast<double>(width) * height);
        // Motion is known only now: add its hint in the worst-first order.
        if (*m.motion > targets_.max_motion) {
            auto at = std::find_if(m.hints.begin(), m.hints.end(), [](CalibrationHint h) {
                return h == CalibrationHint::Noisy || h == CalibrationHint::NoMrz || h == CalibrationHint::MrzTooSmall;
            });
            m.hints.insert(at, CalibrationHint::Moving);
        }
    }
    previous_.assign(tiny.data, tiny.data + static_cast<std::size_t>(width) * height);
    previous_width_ = m.width;
    previous_height_ = m.height;
    return m;
}

const char* ToString(CalibrationHint hint) {
    switch (hint) {
        case CalibrationHint::TooDark: return "too_dark";
        case CalibrationHint::Overexposed: return "overexposed";
        case CalibrationHint::Glare: return "glare";
        case CalibrationHint::Blurred: return "blurred";
        case CalibrationHint::Moving: return "moving";
        case CalibrationHint::Noisy: return "noisy";
        case CalibrationHint::MrzTooSmall: return "mrz_too_small";
        case CalibrationHint::NoMrz: return "no_mrz";
    }
    return "unknown";
}

}  // namespace docintake
