#pragma once
// Geometry of MRZ text lines inside a roughly aligned patch (text near
// horizontal, cap height near kLineCapHeight): centre line, ink extent across
// it, and where the line starts and ends.

#include <vector>

#include <opencv2/core.hpp>

namespace docintake::vision {

struct PatchLine {
    double alpha = 0, beta = 0;  // centre line q = alpha * p + beta (patch pixels)
    double top = 0, bottom = 0;  // ink extent across the line, relative to the centre line
    double x0 = 0, x1 = 0;       // first and last ink column
    double ink = 0;              // ink pixels on the line
    double max_gap = 0;          // widest run of empty columns inside the line
    std::vector<double> column;  // ink per patch column inside the band
    double C(double p) const { return alpha * p + beta; }
    double Height() const { return bottom - top; }
    double Length() const { return x1 - x0; }
};

// ink: CV_8UC1, 1 for ink, 0 otherwise. `guess` gives the initial centre line
// and the column range [guess.x0, guess.x1] to search. With margin >= 0 the
// range less `margin` at each end is where the line was seen: gaps of up to 4
// cap heights are bridged there, elsewhere 1.2. False when the line has too
// little ink to fit.
bool FitPatchLine(const cv::Mat& ink, PatchLine guess, double cap, PatchLine& out, double margin = -1);

// A line's character cells: glyphs are centred in cells of one pitch, which
// perspective makes drift along the line.
struct CellGrid {
    double left = 0, right = 0;  // outer edges of the first and last cells
    double cells = 0;            // how many cells lie between them
    double pitch = 0;            // mean: (right - left) / cells
    double pitch_first = 0, pitch_last = 0;
};

// The grid places the cell edges better than the ink of a narrow 'I' or a wide
// 'W' would. False when no regular grid is found.
bool FitCellEdges(const PatchLine& line, double cap, CellGrid& grid);

// Normalised autocorrelation of the line's column ink at its pitch: near 1 for
// monospaced glyphs without spaces, low for proportional text. Measured on
// thirds of the line, each at its own pitch (one pitch for the whole line misses
// the glyphs of a steeply tilted document's far end), and averaged.
double Periodicity(const PatchLine& line, const CellGrid& grid);

}  // namespace docintake::vision
