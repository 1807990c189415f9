#pragma once
// The kiosk's shared state: the flow (behind one mutex), the store for confirmed
// records, and what staff may see. The web server, the scan loop and the ticker
// all go through here.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>

#include <nlohmann/json.hpp>

#include "config.h"
#include "docintake/store.h"
#include "flow.h"
#include "frame_hub.h"
#include "docintake/calibrate.h"

namespace docintake::kiosk {

struct HttpReply {
    int status = 200;
    std::string body;  // JSON
};

class KioskApp {
public:
    // `store` may be null (nothing can be confirmed then). The hub gives the camera's status.
    KioskApp(const KioskConfig& config, RecordStore* store, FrameHub& hub, bool calibrated);

    // POST /api/event.
    HttpReply HandleEvent(const std::string& body);
    // GET /api/state.
    std::string StateJson();
    // Blocks until the state changed since `version` (updated), the timeout
    // passes or Shutdown; returns the state JSON.
    std::string WaitState(std::uint64_t& version, int timeout_ms);

    // The scan loop: the scan epoch to work on, 0 when not on the scan screen.
    std::uint64_t ScanEpoch();
    void UpdateScan(std::uint64_t epoch, const ScanStatus& status);
    // A record built from a finished scan; false if the person moved on meanwhile.
    bool DocumentRead(std::uint64_t epoch, IntakeRecord record, double seen_to_read_ms);
    // What the reader said of the latest frame, for the staff screen.
    void SetReaderFeedback(const std::string& feedback);
    // The latest capture-quality measures (docintake::FrameMeter), for the staff screen.
    void SetFrameMeasures(const FrameMeasures& measures);

    // Timeouts and camera status changes; called a few times a second.
    void Tick();
    void Shutdown();

    // Staff (the caller checked the token). No personal data.
    nlohmann::json StaffStatus();
    HttpReply StaffResend();
    HttpReply StaffPurge();

private:
    FlowTime Now() const;
    void NoteChange();  // under mutex_: bump version_ if anything visible changed
    nlohmann::json StateLocked();

    const KioskConfig& config_;
    RecordStore* store_;
    FrameHub& hub_;
    bool calibrated_;

    std::mutex mutex_;
    std::condition_variable changed_;
    Flow flow_;
    std::uint64_t seen_flow_version_ = 0;
    Screen seen_screen_ = Screen::Attract;
    bool camera_ok_ = true;
    std::uint64_t version_ = 1;
    bool shutdown_ = false;

    // Staff status (counts and numbers only).
    int help_requests_ = 0;
    int protection_requests_ = 0;
    std::int64_t last_request_at_ = 0;
    std::string reader_feedback_ = "no_document";
    FrameMeasures quality_;
    double last_read_ms_ = -1;

    std::mutex store_mutex_;
};

}  // namespace docintake::kiosk
