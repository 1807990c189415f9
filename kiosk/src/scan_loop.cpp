#include "scan_loop.h"

#include <exception>
#include <memory>

#include "clock.h"
#include "docintake/barcode.h"
#include "docintake/calibrate.h"
#include "docintake/opencv.h"
#include "docintake/record.h"
#include "docintake/scanner.h"
#include "log.h"

namespace docintake::kiosk {

namespace {
// How long a failed scan is shown before the scanner starts over.
constexpr double kFailedHoldSeconds = 2.0;
// Staff status gets the capture-quality measures at most this often (a few ms each).
constexpr double kQualityEverySeconds = 1.0;

ScanStatus StatusOf(const ScanUpdate& update) {
    ScanStatus s;
    s.state = ToString(update.state);
    s.feedback = ToString(update.feedback);
    s.confidence = update.confidence;
    s.frames = update.frames_seen;
    return s;
}
}  // namespace

ScanLoop::ScanLoop(const KioskConfig& config, FrameHub& hub, KioskApp& app) : config_(config), hub_(hub), app_(app) {}

ScanLoop::~ScanLoop() { Stop(); }

void ScanLoop::Start() {
    heartbeat_ = MonotonicSeconds();
    thread_ = std::thread([this] { Run(); });
}

void ScanLoop::Stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
}

void ScanLoop::Run() {
    ScannerOptions options;
    options.reader.model_dir = config_.model_dir;
    DocumentScanner scanner(options);
    if (scanner.init_error()) Log("scanner: %s", scanner.init_error().message.c_str());
    std::unique_ptr<BarcodeReader> barcodes;  // its worker starts on first use
    std::uint64_t epoch = 0;
    std::uint64_t last_seq = 0;
    // When the document came into view, at the latest: the capture time of the last frame
    // read without it (the frames in between were skipped while the scanner was busy), or
    // of the first frame of the scan when it was there from the start.
    double first_seen_s = -1;
    double last_empty_s = -1;  // capture time of the last frame read with no document
    double failed_at_s = -1;
    double last_quality_s = 0;
    FrameMeter meter;  // motion is measured between the frames it is given
    while (!stop_) {
        heartbeat_ = MonotonicSeconds();
        try {
            const std::uint64_t wanted = app_.ScanEpoch();
            auto frame = hub_.WaitFrame(last_seq, 200);
            if (!frame) continue;
            last_seq = frame->seq;
            const double now = MonotonicSeconds();
            if (now - last_quality_s >= kQualityEverySeconds) {
                last_quality_s = now;
                app_.SetFrameMeasures(meter.Push(ViewOf(frame->image)));
            }
            if (wanted == 0) {
                app_.SetReaderFeedback("idle");
                continue;
            }
            if (wanted != epoch) {
                scanner.Reset();
                epoch = wanted;
                first_seen_s = -1;
                last_empty_s = -1;
                failed_at_s = -1;
            }
            if (failed_at_s >= 0) {
                if (now - failed_at_s < kFailedHoldSeconds) continue;
                scanner.Reset();
                failed_at_s = -1;
                first_seen_s = -1;
                last_empty_s = -1;
            }
            const ImageView view = ViewOf(frame->image);
            const ScanUpdate update = scanner.Push(view);
            if (update.feedback == FrameFeedback::NoDocument && update.state != ScanUpdate::State::Done) {
                first_seen_s = -1;
                last_empty_s = frame->captured_s;
            } else if (first_seen_s < 0) {
                first_seen_s = last_empty_s >= 0 ? last_empty_s : frame->captured_s;
            }
            app_.SetReaderFeedback(ToString(update.feedback));
            if (update.state == ScanUpdate::State::Failed) {
                Log("scan failed (%s); starting over", ToString(update.feedback));
                app_.UpdateScan(epoch, StatusOf(update));
                failed_at_s = now;
                continue;
            }
            if (update.state != ScanUpdate::State::Done) {
                app_.UpdateScan(epoch, StatusOf(update));
                continue;
            }
            std::vector<BarcodeRead> read_barcodes;
            if (config_.read_barcodes) {
                if (!barcodes) barcodes = std::make_unique<BarcodeReader>();
                BarcodeReadResult result = barcodes->Read(view);
                if (result.error) Log("barcodes: not read (%s)", ToString(result.error.code));
                read_barcodes = std::move(result.barcodes);
            }
            RecordBuildResult built = BuildRecord(update, read_barcodes);
            if (built.error) {
                Log("scan done but no record could be built (%s); starting over", ToString(built.error.code));
                scanner.Reset();
                first_seen_s = -1;
                last_empty_s = -1;
                continue;
            }
            const double seen_to_read_ms = (MonotonicSeconds() - (first_seen_s >= 0 ? first_seen_s : frame->captured_s)) * 1000;
            app_.DocumentRead(epoch, std::move(built.record), seen_to_read_ms);
            scanner.Reset();
            first_seen_s = -1;
            last_empty_s = -1;
        } catch (const std::exception& e) {
            // Nothing from a frame may stop the kiosk; the message names no document data.
            Log("scan loop: %s; starting over", e.what());
            scanner.Reset();
        }
    }
}

}  // namespace docintake::kiosk
