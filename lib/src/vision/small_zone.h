#pragma once
// Zones whose characters are too small for the rectifier to sample directly
// (thumbnails, 150 dpi scans, a document far from the camera): the zone's
// region is resampled larger with a cubic interpolator first, and located
// lines are fitted and cut from that copy.

#include <optional>

#include <opencv2/core.hpp>

#include "vision/rectify.h"
#include "vision/zones.h"

namespace docintake::vision {

// Characters (cap height, frame pixels) below this are read from an upsampled
// copy of their region. It is the height the reader used to refuse below
// (min_char_height_px was 10): zones at or above it take the direct path,
// unchanged.
constexpr double kUpsampleBelowCharHeight = 10;

// `char_height_px`: the zone's character height in the frame, measured or estimated.
// The region around `candidate` (working-image pixels, working image = frame *
// `scale`) is resampled, turned upright along the candidate's direction, so
// that its characters are about the rectifier's own measuring height, and
// rectified there. The zone returned is in frame coordinates like
// RectifyZone's; its line images come from the upsampled copy.
std::optional<RectifiedZone> RectifyUpsampled(const cv::Mat& frame, const ZoneCandidate& candidate, double scale,
                                              double char_height_px);

}  // namespace docintake::vision
