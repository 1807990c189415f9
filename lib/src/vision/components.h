#pragma once
// Stage 1 of locating an MRZ: dark, stroke-sized ink on a downscaled frame,
// split into connected components with their second moments, and the text
// directions they vote for. Everything here is rotation-invariant.

#include <vector>

#include <opencv2/core.hpp>

namespace docintake::vision {

struct InkComponent {
    cv::Point2d centre;   // working-image pixels
    double cxx = 0, cxy = 0, cyy = 0;  // central second moments per pixel (covariance)
    int area = 0;
    double major = 0, minor = 0;  // lengths of the principal axes (uniform-bar equivalent)
    double angle = 0;             // direction of the major axis, radians in [0, pi)

    // Extent (uniform-bar equivalent) along a unit direction (dx, dy).
    double ExtentAlong(double dx, double dy) const;
};

struct InkMap {
    cv::Mat work;                      // downscaled grey frame
    double scale = 1;                  // work = frame * scale
    std::vector<InkComponent> components;
    int threshold = 0;                 // blackhat level used for ink
};

// The images ExtractInk works in, kept by a caller that extracts ink from
// frame after frame of one size: allocated once, not per frame.
struct InkBuffers {
    cv::Mat work, blackhat, mask, labels, stats, centroids;
};

// Downscales so that the longer side is at most `work_long_side` and extracts
// ink; in `buffers` when given (the returned map's `work` then shares them).
InkMap ExtractInk(const cv::Mat& gray, int work_long_side, InkBuffers* buffers = nullptr);

struct DirectionPeak {
    double angle = 0;        // text direction, radians in [0, pi)
    double weight = 0;
    double link_length = 0;  // median distance between neighbouring glyphs along it (0: unknown)
};

// Dominant text directions, strongest first (at most max_peaks); a peak that is
// only the flank of a stronger one comes after every true peak.
std::vector<DirectionPeak> TextDirections(const InkMap& ink, int max_peaks);

}  // namespace docintake::vision
