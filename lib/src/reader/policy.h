#pragma once
// The reading policy's constants, all in one place (issue 24). Each rule of the
// single-frame path that survived the rule-by-rule ablation of
// docs/reading-policy.md is here with what it does, the data it was fitted on,
// and what removing it cost when measured: camera (seeds 100000-100299, 223
// frames >= 14 px) and hard (200000-200099, 78 frames >= 14 px) exact and Valid,
// and readings reported Valid but wrong over camera, hard and nodoc
// (300000-300049). "Costs" is what the reader loses without the rule; the
// command that measures it is in docs/reading-policy.md.
//
// Not here, because they are not decisions about a reading: the locator's and
// rectifier's geometry (vision/locate.cpp, rectify.cpp, zones.cpp), the OCR's
// cell alignment (ocr/align.cpp), and what counts as ink in a cell
// (vision/continuation.cpp, glyph_cues.cpp). Elsewhere, because a public
// default lives in a public header: MrzReaderOptions::correction.uncertain_below
// = 0.93 (docintake/read_mrz.h; at CorrectMrz's 0.6 instead: 1 reading Valid
// but wrong on camera). CorrectMrz's own constants are in lib/src/mrz/.

#include <array>

namespace docintake::reader {

namespace policy {

// --- Orientation: which failed readings are read turned 180 degrees too ------
// Those whose mean top probability is below this (below the second when the
// fillers had judged the orientation certain). Upside-down readings that
// failed their checks had mean top probabilities of 0.68-0.78 on the
// development sets. Costs without them: no single frame, but p95 CPU on camera
// 114 -> 133 ms and 1 sequence of 95 (89 done and exact instead of 90).
inline constexpr double kUprightMeanProbability = 0.85;
inline constexpr double kCertainUprightMeanProbability = 0.75;

// --- Rereads at other scales -------------------------------------------------
// A zone whose first reading is not Valid is read again resampled smaller
// (glyphs move against the network's input grid), taken only when Valid and
// when the first look offered each of its characters. Fitted on seeds
// 600000-600299 (0.9 better than 0.8, 0.7 or 1.25; 0.6 made one reading wrong).
// Costs without rereads: camera -9, hard -2; without the second scale: camera
// -1, hard -1; without the "offered" condition: 1 reading Valid but wrong (hard).
inline constexpr std::array<double, 2> kRereadScales = {0.9, 0.75};

// --- A 36-character P or V reading cut from a 44-character zone --------------
// MRV-A/TD3 lines cut short read as MRV-B/TD2 and pass the same checks, so the
// cells past the zone's end are looked at (vision/continuation.h). The dev sets
// hold no such frame; read_frames_test's cut visas do (an MRV-A's end in a
// shadow, an MRV-B at the frame's edge): without the OCR of the cells past the
// end 2 of its assertions fail, without the frame-edge test 3 (which then
// gains 3 dev frames: camera +2, hard +1, all exact, 0 wrong).
inline constexpr int kLongerFormatCells = 8;  // cells looked at past the end
inline constexpr int kVisibleCells = 2;       // of them, inside the frame
// Inked cells in a row before the OCR looks: one or two can be the document's
// edge or printing beside the zone.
inline constexpr int kInkedRun = 3;
// Symbols the OCR must read there, at this probability, to say the lines go on.
inline constexpr int kContinuingSymbols = 3;
inline constexpr float kContinuingProbability = 0.8f;

// --- 0 against O by the glyph's height ----------------------------------------
// Where the OCR doubts (top below kRoundDoubtBelow) between 0 and O, the
// glyph's height against the zone's own digits and capitals
// (vision/glyph_cues.h, "digit likeness" z) weighs 0 : O by a likelihood ratio:
// from how the heights of 775 0s and 90 Os fell on the MRV-A/B development
// sets (seeds 610000-611199): z >= 1: about 19 : 1 (used 10 : 1); 0.7-1: 2.5 : 1;
// below 0.7: 1 : 10. Costs without it: camera >= 14 px 0 (all sizes -2), hard
// -1, and 2 readings Valid but wrong (camera).
inline constexpr float kRoundDoubtBelow = 0.9f;
inline constexpr double kDigitLikenessBoundary = 0.7;
inline constexpr double kClearlyDigitHeight = 1.0;
inline constexpr float kRatioClearlyDigit = 10.f;
inline constexpr float kRatioDigitHeight = 2.5f;
inline constexpr float kRatioLetterHeight = 0.1f;

// --- Unchecked characters confirmed by OCR-B's shapes ---------------------------
// An uncertain character no check covers is taken when the OCR leans to it and
// its glyph matches OCR-B's shape of it (vision/glyph_atlas.h, rendered by
// FreeType from the font, not by the benchmark's generator) clearly better than
// every rival's. Fitted on seeds 600000-600299, 610000-611199, 620000-620399:
// of 580 doubtful cells, where the shapes agreed by 0.05 or more and the OCR
// had at least 0.4, it was right in 396 of 396. Costs without it: camera -1,
// hard -1 (3 frames lost, 0 gained).
inline constexpr double kShapeMargin = 0.06;       // over each rival the OCR offered
inline constexpr double kShapeOtherMargin = 0.0;   // over every shape it did not offer
inline constexpr double kShapeFloor = 0.6;         // a poorer match is no evidence
inline constexpr float kShapeLeaning = 0.4f;       // the OCR's own probability, at least
inline constexpr float kShapeRival = 0.01f;        // rivals below this count as not offered
inline constexpr double kAtlasBlur = 3.0;          // px: the shapes at a 14-20 px camera glyph's blur

// --- Rules with no constant of their own (where they are, what they cost) ----
// - Turned read (read_mrz.cpp, ReadZone): a zone whose reading is neither Valid
//   nor Ambiguous is read turned 180 degrees too. Without: camera -6, hard -2.
// - Unchecked characters (reading_policy.cpp, UncheckedDoubt): Valid only when
//   no character outside every check is uncertain (below 0.93, read_mrz.h) and
//   both state codes are on ICAO's closed list. The list is data, not fitted;
//   removing it changed no development frame (kept as the prior issue 24 names).
// - Upsampled zones (characters under vision/small_zone.h's 10 px) are never
//   Valid (read_mrz.cpp, kTooSmallToVouch). Without: 7 readings Valid but
//   wrong on the camera set shrunk to 6-9 px (lowres-6..9: 4, 1, 1, 1).
// - Cost bounds, not decisions: lines scaled to the model's 24 input rows
//   (ocr/line_ocr.cpp; without: +1 camera, +1 hard, CPU per 1080p frame 44 ->
//   59 ms), and a second zone read only when the first gave no MRZ (without:
//   no reading changed).

}  // namespace policy

// A character confirmed by its shape weighs this in the candidates (for the
// scanner's vote).
inline constexpr float kShapeConfirmed = 0.95f;

}  // namespace docintake::reader
