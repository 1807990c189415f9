#pragma once
// Where a frame may hold a 2D symbol: dense blobs of fine edges in both
// directions, found on a downscaled copy. ZXing-C++ 1.4's DataMatrix detector
// only finds symbols crossing the image centre lines, and decoding whole 1080p
// frames is slow, so the reader decodes crops centred on these regions.

#include <opencv2/core.hpp>
#include <vector>

namespace docintake::barcode {

struct Candidate {
    cv::RotatedRect box;  // in full-resolution pixels
    float score = 0;      // edge density times area: larger is likelier
};

struct CandidateOptions {
    int max_candidates = 6;
    int work_width = 960;        // the frame is downscaled to this width first
    int coarse_work_width = 480; // and to this one for large modules (0: off)
    float min_side_px = 40;      // smallest symbol side in full-resolution pixels
    int window_px = 9;           // density window at work scale: wider than text lines are tall
    double edge_threshold = 20;     // Sobel magnitude that counts as an edge (work scale)
    double density_threshold = 100; // share of edge pixels (0-255) in the denser direction
    double cross_density_threshold = 30;  // ... and in the other direction
    float max_aspect = 7.0f;     // PDF417 is long; MRZ and text lines are longer
};

std::vector<Candidate> FindCandidates(const cv::Mat& gray, const CandidateOptions& options = {});

// The size CropCandidate cuts for `c`: long side along x, quiet-zone margin included.
cv::Size2f CropSize(const Candidate& c, float margin = 0.2f);

// An upright crop around a candidate, rotated so the box is axis-aligned, with
// a margin for the quiet zone. Returns an empty Mat when the box is degenerate.
// `to_frame` (optional) receives the 2x3 affine map from crop to frame pixels.
cv::Mat CropCandidate(const cv::Mat& gray, const Candidate& c, float margin = 0.2f, cv::Mat* to_frame = nullptr);

}  // namespace docintake::barcode
