#pragma once
// How closely a glyph of a located zone matches OCR-B's shapes
// (vision/glyph_atlas.h): a second opinion where the OCR hesitates between
// characters that no check digit tells apart (M or H in a name).

#include <vector>

#include <opencv2/core.hpp>

#include "vision/glyph_atlas.h"
#include "vision/locate.h"

namespace docintake::vision {

// Matches cells of one zone's rectified line images against the atlas. Cells
// are in reading order: `turned` when the reading is of the lines turned 180
// degrees from how MrzZone holds them. The zone and the atlas must outlive it.
class GlyphMatcher {
public:
    GlyphMatcher(const GlyphAtlas& atlas, const MrzZone& zone, bool turned);

    // Normalised cross-correlation (-1..1) of the glyph in cell `position` of
    // a line `length` cells long with the atlas's shape of `c`, their inks'
    // centres aligned, at the best shift within a few pixels. NaN when the
    // cell holds no ink or `c` is no MRZ character.
    double Match(int line, int position, int length, char c) const;

private:
    const GlyphAtlas& atlas_;
    const MrzZone& zone_;
    bool turned_;
};

}  // namespace docintake::vision
