#pragma once
// What the glyphs' shapes (vision/glyph_cues.h) add to the OCR's candidates
// where it doubts between characters that a check digit cannot tell apart:
// 0 and O, and U (the check value of 0). All take a zone's reading in reading
// order; `turned`: read turned 180 degrees from how MrzZone holds its lines.

#include <vector>

#include "docintake/mrz_correct.h"
#include "vision/glyph_atlas.h"
#include "vision/locate.h"

namespace docintake::reader {

// Drops a U the OCR offers beside a 0 or an O where the glyph's top is closed;
// the cell's other candidates keep its total probability.
void DropOpenTopTwins(const vision::MrzZone& zone, bool turned, MrzCandidates& candidates);

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
inline constexpr float kShapeConfirmed = 0.95f;
void ConfirmUncheckedByShape(const vision::GlyphAtlas& atlas, const vision::MrzZone& zone, bool turned,
                             MrzCorrectionResult& correction, MrzCandidates& candidates);

// Makes 0 and O equally likely in a cell, keeping their joint probability.
void SplitRoundPair(std::vector<MrzCharCandidate>& cell);

// Sees that every unchecked 0 or O of a Valid or Ambiguous reading
// (UncheckedRoundGlyphs) stands as tall as it should. One that does not is
// uncertain, in `correction` and in `candidates` (split, for the scanner's
// vote). Returns why, when that lowered a Valid reading to Ambiguous;
// otherwise nullptr.
const char* CheckRoundGlyphs(const vision::MrzZone& zone, bool turned, MrzCorrectionResult& correction,
                             MrzCandidates& candidates);

}  // namespace docintake::reader
