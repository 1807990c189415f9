#pragma once
// What the glyphs' shapes (vision/glyph_cues.h) add to the OCR's candidates
// where it doubts between characters that a check digit cannot tell apart.
// Constants: reader/policy.h. All take a zone's reading in reading
// order; `turned`: read turned 180 degrees from how MrzZone holds its lines.

#include <vector>

#include "docintake/mrz_correct.h"
#include "reader/policy.h"
#include "vision/glyph_atlas.h"
#include "vision/locate.h"

namespace docintake::reader {

// Where the OCR doubts (top choice below 0.9) between 0 and O, weighs the two
// by the glyph's height; their joint probability is kept.
void WeighRoundGlyphs(const vision::MrzZone& zone, bool turned, MrzCandidates& candidates);

// Of the uncertain characters of `correction` that no check digit covers
// (names, codes, sex), those the OCR leans to (at least 0.4) and whose glyph
// matches OCR-B's shape of them clearly better than that of each other
// candidate (vision/glyph_match.h) are no longer uncertain; in `candidates`
// (for the scanner's vote) they then weigh kShapeConfirmed. Where the shapes
// disagree with the OCR, it keeps its word, doubt included. Checked positions
// are left to the check digits: there a confident wrong character would keep
// the check search from the right one.
void ConfirmUncheckedByShape(const vision::GlyphAtlas& atlas, const vision::MrzZone& zone, bool turned,
                             MrzCorrectionResult& correction, MrzCandidates& candidates);

}  // namespace docintake::reader
