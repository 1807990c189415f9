#pragma once
// Reads the line images of one MRZ zone with one OCR call: the lines are put
// side by side in one image (Tesseract's fixed cost per call is larger than
// the cost of a longer line), the symbols are split back by position and each
// line is aligned to its character cells.

#include <vector>

#include <opencv2/core.hpp>

#include "docintake/mrz_correct.h"
#include "ocr/line_ocr.h"

namespace docintake::ocr {

struct ZoneLine {
    cv::Mat image;       // CV_8UC1, dark text on light
    double pitch = 0;    // character pitch in image, 0 when unknown
};

struct ZoneReading {
    MrzCandidates candidates;         // one list per cell, aligned to the MRZ length
    std::vector<std::string> raw;     // top choices per cell ('?' when unreadable)
    int line_length = 0;              // 30, 36 or 44; 0 when the lines fit no MRZ
};

// Crops a line image to its text band with a few pixels of white around it,
// as the model was trained (a tall margin shrinks the text in the network's
// fixed-height input). Ignores specks and parts of neighbouring lines.
cv::Mat TightCrop(const cv::Mat& gray_line);

// Puts the lines side by side (vertically centred, white gaps between them).
// offsets[k] is line k's left edge in the result.
cv::Mat StitchLines(const std::vector<ZoneLine>& lines, std::vector<int>& offsets);

// The MRZ line length the lines most likely have: 30 for three lines; 36 or 44
// for two, from the ink extent over the pitch and the OCR's symbol count.
int GuessLineLength(const std::vector<ZoneLine>& lines, const std::vector<std::vector<OcrSymbol>>& symbols);

ZoneReading ReadZone(LineOcr& ocr, const std::vector<ZoneLine>& lines);

}  // namespace docintake::ocr
