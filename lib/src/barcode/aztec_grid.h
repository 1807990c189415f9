#pragma once
// The module grid of an Aztec symbol, fitted to the image. A bullseye is 7 to
// 11 modules across and a symbol 15 to 151, so a homography fitted to the
// bullseye alone misses the symbol's edge by a module or two (a tenth of a
// pixel at the rings is a module at the edge; perspective is invisible in
// the rings). Instead the grid grows outwards: the homography is refined on
// the modules within a small radius, which extrapolates well one step
// further, then the radius grows. Blur makes module boundaries mid-grey and
// module centres dark or light, so a grid is right where its samples lie
// farthest from the threshold.

#include <opencv2/core.hpp>

namespace docintake::barcode {

// Point p (module coordinates: the bullseye's centre module spans [-0.5, 0.5])
// through the 3x3 homography H (CV_64F).
cv::Point2d ApplyHomography(const cv::Mat& H, cv::Point2d p);

// Refines H (module -> image pixels, CV_64F 3x3) on the modules within
// Chebyshev radius `radius` around the centre, sampling `smooth` (CV_32F).
// `threshold` lies between the dark and light levels. False when H is
// degenerate or leaves the image; H is then unchanged.
bool RefineGrid(const cv::Mat& smooth, double threshold, int radius, cv::Mat& H);

// Module values (CV_32F, size x size) sampled through H at module centres;
// for odd sizes the bullseye's centre module lands at (size / 2, size / 2).
// Samples outside the image read as paper (255).
cv::Mat SampleModules(const cv::Mat& smooth, const cv::Mat& H, int size);

}  // namespace docintake::barcode
