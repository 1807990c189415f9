#pragma once
// What lies past the last cell of a zone's lines, where a longer format's
// lines would go on.
//
// MRV-A and MRV-B visas, like TD3 and TD2 documents, share the layout of
// their first 36 characters per line, check digits included. A 44-character
// zone whose last cells are lost in a shadow or past the frame's
// edge therefore reads as a 36-character one that passes every check, with
// its names cut and the wrong format. MRZ lines have no gaps (every position
// is printed, fillers included), so the lines ended where the next cell is
// seen blank; before the reader vouches for a 36-character reading it looks
// at those cells.

#include <vector>

#include <opencv2/core.hpp>

#include "vision/locate.h"

namespace docintake::vision {

struct Continuation {
    int visible_cells = 0;          // cells, counted from the zone's end, that lie inside the frame
    std::vector<cv::Mat> lines;     // per line, in reading order: the cells, upright, flattened like the zone's lines
    std::vector<int> inked_cells;   // per line: visible cells from the zone's end, in a row, that hold ink
};

// `cells` character cells past the end of every line in reading order.
// `turned`: the reader read the zone's lines turned 180 degrees from how
// MrzZone holds them, so their end is at the other side.
Continuation ExtractContinuation(const cv::Mat& frame_gray, const MrzZone& zone, int cells, bool turned);

}  // namespace docintake::vision
