#pragma once
// Stage 3: from a coarse zone on the downscaled frame to exact geometry and
// OCR-ready line images at full resolution.

#include <optional>

#include <opencv2/core.hpp>

#include "vision/locate.h"
#include "vision/zones.h"

namespace docintake::vision {

constexpr int kLineCapHeight = 32;  // text height in the line images
constexpr int kLinePadding = 6;     // background kept around the text
// Character pitch in the line images: ICAO's 2.54 mm pitch for a 2.35 mm cap height.
constexpr double kLinePitch = kLineCapHeight * 2.54 / 2.35;

struct RectifiedZone {
    MrzZone zone;
    double sharpness = 0;       // character height / edge width (sharp text: > 6)
    double glare_fraction = 0;  // saturated share of the zone
    double max_gap = 0;         // widest gap inside a line, in cap heights (MRZ lines have no spaces)
    double char_count = 0;      // characters per line, from length and pitch
};

// `scale`: working image = frame * scale. Returns nothing when the candidate
// does not hold up at full resolution (not 2-3 equal, evenly stacked lines).
std::optional<RectifiedZone> RectifyZone(const cv::Mat& frame, const ZoneCandidate& candidate, double scale);

}  // namespace docintake::vision
