#pragma once
// Reads the line images of one MRZ zone, one OCR call per line, and aligns each
// line's symbols to its character cells.
//
// Stitching the lines side by side into one call was measured and dropped: the
// fixed cost of a call is about 1 ms against about 1 ms per character for the
// network, and Tesseract's per-symbol alternatives go wrong at the word
// boundary between stitched lines (the first symbol after the gap got none).

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

// The MRZ line length the lines most likely have: 30 for three lines; 36 or 44
// for two, from the ink extent over the pitch and the OCR's symbol count.
int GuessLineLength(const std::vector<ZoneLine>& lines, const std::vector<std::vector<OcrSymbol>>& symbols);

ZoneReading ReadZone(LineOcr& ocr, const std::vector<ZoneLine>& lines);

}  // namespace docintake::ocr
