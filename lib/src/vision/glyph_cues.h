#pragma once
// What a glyph's shape says where the OCR doubts between characters that a
// check digit cannot tell apart.
//
// OCR-B's digits stand about 7% taller than its capitals (in the font, 0 is
// 78 units high and O 73): where the OCR doubts between 0 and O, the glyph's
// height weighs in (reader/glyph_evidence.h). It is measured in the zone's rectified line images against the same
// zone's own digits and capitals, so scale, blur and binarisation cancel out.

#include <limits>
#include <string>
#include <vector>

#include "vision/locate.h"

namespace docintake::vision {

// A zone's glyph heights against its own digits and capitals: the median
// heights of the digits 2-9 and of the flat-topped capitals of `text` (the
// zone's reading, in reading order; `turned`: read turned 180 degrees from how
// MrzZone holds its lines), measured once. Both must outlive this object.
class GlyphHeights {
public:
    GlyphHeights(const MrzZone& zone, const std::vector<std::string>& text, bool turned);

    // (h - capital) / (digit - capital) for the glyph at (line, position),
    // where h is its ink height: about 1.2 for a 0, 0.4 for an O (round
    // letters overshoot) on synthetic camera frames. NaN when the zone offers
    // fewer than 3 of either reference or the glyph's ink cannot be measured.
    double DigitLikeness(int line, int position) const;

private:
    bool HeightAt(int line, int position, double& height) const;

    const MrzZone& zone_;
    const std::vector<std::string>& text_;
    bool turned_;
    double digit_ = std::numeric_limits<double>::quiet_NaN();
    double capital_ = std::numeric_limits<double>::quiet_NaN();
};

}  // namespace docintake::vision
