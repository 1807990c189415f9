#pragma once
// Agreeing on one MRZ across a stream of camera frames.
//
//   docintake::DocumentScanner scanner;
//   for (each frame) {
//       auto u = scanner.Push(docintake::ViewOf(frame));
//       show(docintake::ToString(u.feedback));
//       if (u.state == docintake::ScanUpdate::State::Done) { use(*u.mrz); break; }
//       if (u.state == docintake::ScanUpdate::State::Failed) { show(u.reason); break; }
//   }
//
// Each frame's per-character alternatives are combined position by position
// (a product of their probabilities, tempered because frames of one scene are not
// independent); the voted text is checked with CorrectMrz and the reader's rules
// for unchecked fields. The scan is Done once the voted reading is Valid, confident
// (min_confidence) and confirmed: min_agreeing_frames frames read that same text
// themselves, or the vote stayed that same valid text for min_agreeing_frames + 1
// frames in a row. Frames that each read one text as Valid on their own also
// settle it. Another valid text read by more than half as many frames blocks it.
// Independently of that vote, the frames' calibrated probabilities multiplied
// (frames as independent samples of the print) settle it once the reading they
// give is wrong with probability at most max_error_probability.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "docintake/error.h"
#include "docintake/image_view.h"
#include "docintake/mrz.h"
#include "docintake/mrz_correct.h"
#include "docintake/read_mrz.h"

namespace docintake {

struct ScannerOptions {
    MrzReaderOptions reader;
    // Frames whose reading of the zone contributed before the result counts as stable.
    int min_agreeing_frames = 2;
    // Give up (Failed) after this many frames without a stable valid reading.
    int max_frames = 60;
    // Confidence of the voted reading needed to finish (0..1).
    double min_confidence = 0.99;
    // The scan also finishes when, with the frames taken as independent samples
    // of the same print (their calibrated probabilities multiplied position by
    // position), the checked reading's probability of being wrong is at most
    // this: the chance mass of check-passing rivals, plus every unchecked
    // position's doubt, plus a tenth of what the search left out at checked
    // positions. Issue 24's bound; 0 turns this path off.
    double max_error_probability = 1e-4;
};

struct ScanUpdate {
    enum class State { Searching, Reading, Done, Failed };
    State state = State::Searching;
    // About the last frame; when the scan fails without reading any zone, the
    // most frequent issue (what the person should change).
    FrameFeedback feedback = FrameFeedback::NoDocument;
    std::optional<Mrz> mrz;           // the voted reading so far (Done: the result)
    std::vector<std::string> lines;   // its text
    double confidence = 0;            // 0..1
    int frames_used = 0;              // frames whose reading went into the vote
    int frames_seen = 0;              // all frames pushed since the last Reset
    std::string reason;               // why it failed, or what it waits for
    // Set (with state Failed) when this frame could not be taken at all: the model
    // is missing or damaged, the image view is invalid, or memory ran out. Such a
    // frame does not end the scan: the votes so far stay, and the next Push goes
    // on from them.
    Error error;
};
// "searching", "reading", "done", "failed".
const char* ToString(ScanUpdate::State state);

// Owns an MrzReader: used by one thread at a time, like the reader; scanners on
// different threads are independent. Push never throws: a frame that cannot be
// read gives state Failed with `error` set.
class DocumentScanner {
public:
    explicit DocumentScanner(ScannerOptions options = {});
    ~DocumentScanner();
    DocumentScanner(DocumentScanner&&) noexcept;
    DocumentScanner& operator=(DocumentScanner&&) noexcept;

    // Set when the reader's model could not be loaded.
    const Error& init_error() const;

    // Reads one frame and votes. After Done or Failed, further frames are ignored
    // until Reset.
    ScanUpdate Push(const ImageView& frame);
    // Adds one frame's reading made elsewhere (e.g. by an MrzReader on another
    // thread, or in tests): only feedback, candidates and status are used.
    ScanUpdate Push(const MrzReadResult& reading);
    // The end of the stream (a video or folder ran out): Done when the voted
    // reading is Valid and confident enough, even if fewer than
    // min_agreeing_frames frames agreed (frames_used says how many); else Failed.
    ScanUpdate Finish();
    // Start a new document.
    void Reset();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace docintake
