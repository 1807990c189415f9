#pragma once
// Reading the MRZ from a camera frame: locate the zone, OCR its lines with
// Tesseract, repair with the check digits (CorrectMrz), report what was read.
//
//   docintake::MrzReader reader;            // loads the model once; reuse it
//   auto r = reader.Read(docintake::ViewOf(frame));
//   if (r.status == docintake::MrzReadingStatus::Valid) use(*r.mrz);
//   else show(docintake::ToString(r.feedback));
//
// A reading is reported Valid only when CorrectMrz says so: every check digit
// passes and no rival reading comes close. Names carry no check digit; see
// MrzCorrectionResult::uncertain via `candidates` if you need to be careful.

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "docintake/error.h"
#include "docintake/image_view.h"
#include "docintake/mrz.h"
#include "docintake/mrz_correct.h"

namespace docintake {

struct MrzReaderOptions {
    // Folder holding <model_name>.traineddata. Empty: the installed models folder
    // (found beside the library), then the source tree's. No environment variable
    // is read (DOCINTAKE_MODEL_DIR, TESSDATA_PREFIX): a program that wants one
    // reads it and sets this (our CLI does; docs/embedding.md).
    std::string model_dir;
    // "mrz" is our own OCR-B model; "eng" (with a character whitelist) is the
    // stock baseline used for comparisons.
    std::string model_name = "mrz";
    // A model file whose SHA-256 is that of the model built with this library
    // (models/mrz.traineddata, recorded at build time) is loaded directly, wherever
    // it lies. Any other model (your own, or ours damaged or altered) is first
    // loaded by a separate program, docintake-model-probe, started with
    // posix_spawn (the host is never forked), because Tesseract aborts the whole
    // process on some damaged models; only if it loaded there is it loaded here.
    // This is that program; empty: docintake-model-probe next to the running
    // executable, else the installed libexec/docintake/ one beside the library.
    // Not found: the reader's init_error() is ModelNotFound, saying so.
    std::string model_probe_path;
    // Load a model that is not ours without that check: you vouch for the file
    // (a damaged one may then end your process). For hosts that cannot ship or
    // run the probe program.
    bool trust_model_without_probe = false;
    // Names, codes and sex carry no check digit, so the reader asks more of the
    // OCR there than CorrectMrz's general default (0.6): below 0.93 a character is
    // uncertain (and the reading, with strict_unchecked, Ambiguous). Measured with
    // a 12:10 training checkpoint on synthetic camera frames: at 0.6 two names
    // misread with confidence 0.82 and 0.91 came out Valid in 170 frames; on 150
    // other frames 0.93 cost 2 valid readings against 0.9, and 0.95 cost 13.
    MrzCorrectionOptions correction = [] {
        MrzCorrectionOptions c;
        c.uncertain_below = 0.93f;
        return c;
    }();
    // Reference date for birth-date centuries and expiry warnings. When set
    // (non-zero) it also overrides correction.parse.
    MrzParseOptions parse;
    // A reading is Valid only if every character outside all check digits' reach
    // (names, codes, sex, visa optional data) is the OCR's own confident reading
    // and the state codes are known ones; otherwise it is Ambiguous. Turn off
    // only if a person confirms those fields anyway.
    bool strict_unchecked = true;
    // Where the OCR doubts between characters, compare the glyph with OCR-B's
    // shapes of them; a clear match with the OCR's own top choice confirms it.
    // Off: the OCR's word alone (for comparisons).
    bool check_glyph_shapes = true;
    // Zones with smaller characters (cap height in the frame) are reported
    // TooSmall and not OCRed. Zones from here up to 10 px (thumbnails, 150 dpi
    // scans, a document far from the camera) are resampled larger with a cubic
    // interpolator before they are read; 10 restores the reader that refused them.
    double min_char_height_px = 5.5;
    // When the zone's orientation is uncertain and the first reading fails,
    // read it again turned 180 degrees.
    bool try_all_orientations = true;
};

// What a kiosk can tell the person holding the document.
enum class FrameFeedback {
    Ok,                // a reading was made (see the status for its quality)
    NoDocument,        // no MRZ-like zone in the frame
    TooSmall,          // a zone, but its characters are too small: bring it closer
    Blurred,           // out of focus or moving
    Glare,             // a reflection covers part of the zone
    TooDark,           // not enough light
    PartiallyVisible,  // the zone runs out of the frame
    HoldStill,         // readings disagree between frames (scanner only)
    Unreadable,        // a zone was found and read, but the text is not a checkable MRZ
};
// "ok", "no_document", "too_small", "blurred", "glare", "too_dark",
// "partially_visible", "hold_still", "unreadable".
const char* ToString(FrameFeedback feedback);

struct MrzTimings {
    double locate_ms = 0;   // grayscale, zone search, rectification
    double ocr_ms = 0;      // Tesseract, including alignment of its symbols
    double correct_ms = 0;  // CorrectMrz
    double total_ms = 0;
};

struct MrzReadResult {
    MrzReadingStatus status = MrzReadingStatus::Unreadable;
    std::optional<Mrz> mrz;              // parsed best reading; absent when nothing readable was found
    std::vector<std::string> lines;      // text as finally read (after correction)
    std::vector<std::string> raw_lines;  // text as the OCR produced it (aligned to the line length)
    std::vector<MrzCorrection> corrections;
    // Positions no check digit protects (names, codes) that the OCR was unsure of.
    std::vector<MrzCorrection> uncertain;
    std::array<float, 8> quad{};         // x0,y0..x3,y3 of the zone in the frame (tl,tr,br,bl)
    double char_height_px = 0;
    double confidence = 0;               // CorrectMrz's confidence of the chosen reading
    FrameFeedback feedback = FrameFeedback::NoDocument;
    // Why a reading that passes its checks is Ambiguous (an uncertain character
    // in a name, lines that may go on past what was seen); empty otherwise.
    std::string doubt;
    // The lines may go on past what was seen: a 44-character format read cut
    // short as a 36-character one (MRV-A as MRV-B) passes the same checks. The
    // scanner leaves such frames out of its vote.
    bool may_be_cut_short = false;
    MrzTimings timings;
    Error error;                         // model missing, invalid image, ...
    MrzCandidates candidates;            // per-position alternatives (for multi-frame voting)

    bool found() const { return mrz.has_value(); }
    bool valid() const { return status == MrzReadingStatus::Valid; }
};

// Owns one Tesseract instance: create once, reuse across frames. Movable, not
// copyable.
//
// Threads: one reader is used by one thread at a time; readers on different
// threads are independent and may read at the same time (tested under
// ThreadSanitizer: tests/unit/thread_readers_test.cpp). ReadMrz, like ParseMrz
// and CorrectMrz, may be called from any thread. A read keeps Tesseract's OpenMP
// regions on the calling thread (a per-thread OpenMP setting, restored after the
// read); the library changes nothing process-wide (docs/embedding.md, "Threads").
//
// Nothing escapes as an exception or an abort: the constructor reports a missing
// or damaged model (a model other than ours is loaded first by a separate probe
// program, because Tesseract aborts on some damaged models; see
// MrzReaderOptions::model_probe_path) as init_error(); Read reports an invalid
// view as InvalidImage and exhausted memory as OutOfMemory.

class MrzReader {
public:
    explicit MrzReader(MrzReaderOptions options = {});
    ~MrzReader();
    MrzReader(MrzReader&&) noexcept;
    MrzReader& operator=(MrzReader&&) noexcept;
    MrzReader(const MrzReader&) = delete;
    MrzReader& operator=(const MrzReader&) = delete;

    // Set when the model could not be loaded; Read then returns this error.
    const Error& init_error() const;
    const MrzReaderOptions& options() const;

    MrzReadResult Read(const ImageView& frame);

private:
    MrzReadResult ReadChecked(const ImageView& frame);
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// One-shot convenience: builds a reader (loads the model) for one frame.
// Prefer MrzReader for more than one frame.
MrzReadResult ReadMrz(const ImageView& frame, const MrzReaderOptions& options = {});

}  // namespace docintake
