#pragma once
// Finds machine-readable zones (ICAO 9303 MRZ) in whole camera frames and
// rectifies each into clean, upright, height-normalised line images for OCR.
// Pure OpenCV core/imgproc, single-threaded, portable (no intrinsics).

#include <array>
#include <vector>

#include <opencv2/core.hpp>

#include "vision/components.h"

namespace docintake::vision {

struct LocateOptions {
    double min_char_height_px = 5.5;  // smaller text is reported as too small, not read;
                                      // below kUpsampleBelowCharHeight it is upsampled (small_zone.h)
    bool try_all_orientations = true; // 0/90/180/270 and anything between
    int max_zones = 2;                // best candidates returned, best first
};

enum class FrameIssue { None, NoDocument, TooSmall, Blurred, Glare, TooDark, PartiallyVisible };

struct MrzLineImage {
    cv::Mat image;              // CV_8UC1, dark text on light, deskewed, text height ~32 px, padded
    double char_pitch_px = 0;   // estimated character pitch in `image` (helps OCR align slots)
};

struct MrzZone {
    std::array<cv::Point2f, 4> quad;   // zone corners in the input frame: top-left, top-right,
                                       // bottom-right, bottom-left of the upright text
    int line_count = 0;                // 2 or 3
    double char_height_px = 0;         // in the input frame
    double angle_deg = 0;              // rotation of the text in the frame
    bool orientation_certain = false;  // false: text may be upside down; reader then also tries
                                       // lines rotated 180 degrees in reverse order
    std::vector<MrzLineImage> lines;   // top to bottom in reading order
    float score = 0;                   // how MRZ-like (0..1)
    // Its characters were under kUpsampleBelowCharHeight: located and cut from
    // an upsampled copy of its region (small_zone.h).
    bool upsampled = false;

    // How `lines` were cut from the frame (ExtractLineImages), before any
    // 180-degree turn: lets the reader look past the zone's ends (continuation.h).
    struct Cut {
        std::array<cv::Point2f, 4> quad;  // the cells' corners in the frame
        cv::Size2d rect_size;             // the cells at kLineCapHeight, kLinePitch per cell
        std::vector<double> line_tops;    // cap top of each line in that rectangle
        int chars = 0;                    // cells per line: 30, 36 or 44
        bool turned = false;              // `lines` were then turned 180 degrees
    } cut;
};

struct LocateResult {
    std::vector<MrzZone> zones;            // best first; empty when none found
    FrameIssue issue = FrameIssue::None;   // the main reason a kiosk should show the person
    double sharpness = 0;                  // focus measure on the zone (or frame)
    double glare_fraction = 0;             // saturated fraction over the zone
    double locate_ms = 0;
};

// Images LocateMrz works in, kept by a caller that locates frame after frame
// (MrzReader keeps one): allocated once, not per frame. Freed and allocated
// again per 1080p frame they cost about 2 ms of page faults.
struct LocateBuffers {
    InkBuffers ink[2];  // one per search scale
};

// frame_gray: CV_8UC1 (other types are converted). Never throws for bad input:
// an empty or tiny frame gives issue NoDocument and no zones.
LocateResult LocateMrz(const cv::Mat& frame_gray, const LocateOptions& options = {}, LocateBuffers* buffers = nullptr);

const char* ToString(FrameIssue issue);

}  // namespace docintake::vision
