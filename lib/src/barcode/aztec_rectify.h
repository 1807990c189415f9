#pragma once
// Aztec symbols in camera frames. ZXing-C++ 1.4's Aztec detector walks out
// from the image centre along the bullseye's diagonals and gives up when
// the rings are tilted, perspective-distorted or blurred across pixel
// boundaries; it reads a symbol that sits upright, centred and sharp.
// So we find the bullseye ourselves (nested square contours: the rings are
// closed squares of one module), fit an affine map to its rings, take the
// symbol's size from its outline, grow the module grid out to the edge
// (aztec_grid.h: perspective is only visible over the whole symbol), and
// draw the sampled modules as a clean image: bullseye at the centre, a
// whole number of pixels per module, binarised. ZXing then detects and
// decodes that image as usual (mode message, layers, error correction).

#include <opencv2/core.hpp>
#include <vector>

namespace docintake::barcode {

struct AztecView {
    cv::Mat image;    // CV_8UC1, black modules 0, white 255, bullseye at the centre
    cv::Mat to_crop;  // 3x3 homography: view pixels -> pixels of the searched image
};

struct AztecOptions {
    int module_px = 5;        // pixels per module in the view
    int max_views = 2;        // bullseyes rectified per image (a view per candidate size each)
    int max_radius_modules = 76;  // half the largest symbol side, in modules (full range, 32 layers: 151)
};

// Views of every Aztec bullseye found in `gray` (CV_8UC1), most plausible first.
// Cheap when there is none: one adaptive threshold and one contour pass.
std::vector<AztecView> FindAztecViews(const cv::Mat& gray, const AztecOptions& options = {});

}  // namespace docintake::barcode
