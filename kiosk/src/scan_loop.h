#pragma once
// The scanner thread: while the person is on the scan screen, feeds the newest
// camera frame to the multi-frame DocumentScanner; when it agrees on a document,
// reads barcodes on that frame, builds the record and hands it to the flow.

#include <atomic>
#include <thread>

#include "config.h"
#include "frame_hub.h"
#include "kiosk_app.h"

namespace docintake::kiosk {

class ScanLoop {
public:
    ScanLoop(const KioskConfig& config, FrameHub& hub, KioskApp& app);
    ~ScanLoop();
    void Start();
    void Stop();
    double heartbeat() const { return heartbeat_.load(); }

private:
    void Run();

    const KioskConfig& config_;
    FrameHub& hub_;
    KioskApp& app_;
    std::atomic<bool> stop_{false};
    std::atomic<double> heartbeat_{0};
    std::thread thread_;
};

}  // namespace docintake::kiosk
