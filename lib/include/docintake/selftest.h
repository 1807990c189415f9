#pragma once
// Self-test of a kiosk's camera with the project's printed test card
// (docs/calibration.md; docintake-testcard prints it): read the card for N
// frames and say whether this camera, light and distance read well enough, and
// with what margin, measured against the reader itself.
//
//   docintake::MrzReader reader;
//   docintake::SelfTest test(reader);
//   while (test.frames() < 30 && camera.read(frame)) test.Push(docintake::ViewOf(frame));
//   docintake::SelfTestReport report = test.Finish();   // report.pass, report.reason
//
// The card's MRZs belong to a fictional specimen (state UTO); nothing else is read.

#include <array>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "docintake/barcode.h"
#include "docintake/calibrate.h"
#include "docintake/error.h"
#include "docintake/image_view.h"
#include "docintake/mrz.h"

namespace docintake {

class MrzReader;

struct TestCardMrz {
    MrzFormat format;
    std::vector<std::string> lines;
};
// The card's MRZs, top to bottom: TD3, TD2, TD1, MRV-A, MRV-B. Every check digit is right.
const std::vector<TestCardMrz>& TestCardMrzs();

struct TestCardBarcode {
    BarcodeFormat format;
    std::string text;  // the symbol's bytes (ASCII)
};
// The card's barcodes, left to right under the MRZs: one of each symbology the reader reads.
const std::vector<TestCardBarcode>& TestCardBarcodes();

struct SelfTestOptions {
    // Consecutive frames that must each read a card MRZ (all of them, when fewer are given).
    int stable_frames = 3;
    double min_read_rate = 0.8;        // of the frames, for every format on the card
    // Margins: the best frame is blurred more, and shrunk (as if farther away),
    // until the reader loses one of the MRZs it read there.
    bool measure_margins = true;
    // Extra Gaussian blur (sigma, frame px) still read; tried in steps of
    // 0.5, 0.75, 1, 1.5, 2, 3 px. On the card at 8 px/mm (18.8 px characters) the
    // reader keeps every MRZ up to about 1.7 px of blur in all, so a frame of
    // blur 0.7 has a margin of 0.75 to 1.5 px depending on the card's angle.
    double min_blur_margin_px = 0.75;
    double min_distance_margin = 1.15; // the card this many times farther away still read
};

struct SelfTestFormat {
    MrzFormat format;
    int reads = 0;                     // frames in which this MRZ read Valid and exactly
};

struct SelfTestBarcode {
    BarcodeFormat format;
    int reads = 0;                     // frames in which this symbol read with exactly its bytes
};

struct SelfTestReport {
    Error error;                       // the reader's (model missing, ...); the verdict is then fail
    int frames = 0;
    int frames_read = 0;               // frames where at least one card MRZ read Valid and exactly
    std::vector<SelfTestFormat> formats;
    std::vector<SelfTestBarcode> barcodes;  // empty when the test was run without a barcode reader
    double read_rate = 0;              // the worst format's (or symbol's) reads over frames
    int wrong_reads = 0;               // Valid readings that are not the card's: a fail on its own
    std::optional<int> first_stable_frame;     // index of the frame that completed stable_frames
    std::optional<double> first_stable_ms;     // time from the first Push to then
    // Larger is better; absent when not measured or nothing was read.
    std::optional<double> blur_margin_px;      // 0 when the best frame has no margin at all
    std::optional<double> distance_margin;     // 1 when it has none
    // The widest glare spot (a saturated disc on the middle of every MRZ read,
    // diameter in character heights) the reader still reads through; 0 when none.
    std::optional<double> glare_margin_chars;
    std::optional<double> px_per_mm;           // median over frames with a card MRZ
    std::optional<double> mrz_sharpness;       // median
    double glare_fraction = 0;                 // the largest seen
    bool pass = false;
    std::string reason;                        // one line: why it passed or failed

    // For the report: each frame's measures (numbers only, no pixels), and the
    // focus over the best frame as a grid (row-major, map_cols x map_rows; 0
    // where a tile has no edges to judge).
    std::vector<FrameMeasures> per_frame;
    std::vector<double> sharpness_map;
    int map_cols = 0, map_rows = 0;
};

// The report as one JSON object: pass, reason, frames, frames_read, read_rate,
// reads_per_format, reads_per_barcode, wrong_reads, first_stable_frame and _ms,
// the margins, px_per_mm, mrz_sharpness, glare_fraction (null where absent), error.
std::string SelfTestReportToJson(const SelfTestReport& report);

// Writes selftest-report.html and selftest-report.png into `folder` (made when
// missing): the verdict, measures over time, the sharpness map, where glare was.
// Numbers and shapes only: no picture of the frame, nothing read but the card.
// `when`: the date and time to print on it; empty: now, UTC.
Error WriteSelfTestReport(const SelfTestReport& report, const std::string& folder, const std::string& when = {});

class SelfTest {
public:
    // With `barcodes`, the card's symbols are read too and count in the verdict.
    explicit SelfTest(MrzReader& reader, SelfTestOptions options = {}, BarcodeReader* barcodes = nullptr);
    // Reads every card MRZ in the frame (each zone read is masked, then the rest read again).
    void Push(const ImageView& frame);
    int frames() const { return frames_; }
    SelfTestReport Finish();

private:
    struct FrameRead {
        std::vector<bool> read;  // per card MRZ
        // Where each MRZ read was: its quad's centre and character height (px).
        std::vector<std::array<double, 3>> where;
        int wrong = 0;
        int count() const;
    };
    FrameRead ReadAll(const ImageView& frame, FrameMeasures* measures);
    std::vector<bool> ReadBarcodes(const ImageView& frame);  // per card symbol
    FrameRead ReadAllGray(std::vector<std::uint8_t>& gray, int width, int height, FrameMeasures* measures);

    MrzReader& reader_;
    SelfTestOptions options_;
    BarcodeReader* barcode_reader_ = nullptr;
    std::vector<int> barcode_reads_;
    int frames_ = 0;
    int frames_read_ = 0;
    int run_ = 0;
    int wrong_ = 0;
    std::vector<int> reads_;
    std::optional<int> stable_frame_;
    std::optional<double> stable_ms_;
    double last_ms_ = 0;
    std::chrono::steady_clock::time_point start_;
    std::vector<double> scales_, sharpness_;
    std::vector<FrameMeasures> per_frame_;
    FrameMeter meter_;
    double glare_ = 0;
    Error error_;
    // The frame that read the most card MRZs (grey), for the margins.
    std::vector<std::uint8_t> best_;
    int best_width_ = 0, best_height_ = 0, best_count_ = 0;
};

}  // namespace docintake
