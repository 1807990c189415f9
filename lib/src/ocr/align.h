#pragma once
// Mapping OCR symbols to the fixed character cells of an MRZ line.
//
// Tesseract may drop a character or read one twice (mostly in runs of '<'), so
// "the n-th symbol is the n-th character" is wrong exactly where it matters.
// MRZ text is monospaced: every character sits on a cell of known pitch. Symbols
// are assigned to cells by position (a monotonic alignment that may leave cells
// empty and drop extra symbols); empty cells become unreadable positions.

#include <vector>

#include <opencv2/core.hpp>

#include "docintake/mrz_correct.h"
#include "ocr/line_ocr.h"

namespace docintake::ocr {

struct CellLayout {
    double first_center = 0;  // x of the first cell's centre
    double pitch = 0;         // x distance between cell centres
    int length = 0;           // cells in the line (30, 36 or 44)
};

// Cells from the ink's horizontal extent in a line image (dark text on light),
// with the pitch given (> 0) or derived from the extent.
CellLayout EstimateCells(const cv::Mat& gray_line, int length, double pitch_hint);

// Fits the cells to the symbols (refining first_center and pitch), then assigns.
// Result: one candidate list per cell, best first; empty when unreadable.
std::vector<std::vector<MrzCharCandidate>> AlignToCells(const std::vector<OcrSymbol>& symbols, CellLayout cells);

// The OCR's top choices as text, '?' for an unreadable cell (for logs and tests).
std::string TopText(const std::vector<std::vector<MrzCharCandidate>>& cells);

}  // namespace docintake::ocr
