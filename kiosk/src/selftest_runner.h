#pragma once
// The self-test staff start from the staff screen: it reads the printed test card
// (docintake/selftest.h) from the kiosk's own camera for a number of frames, on its
// own thread with its own reader (the scanner's belongs to the people at the
// kiosk), and keeps the last report for the staff screen. Numbers only.

#include <atomic>
#include <mutex>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "config.h"
#include "frame_hub.h"

namespace docintake::kiosk {

class SelfTestRunner {
public:
    SelfTestRunner(const KioskConfig& config, FrameHub& hub);
    ~SelfTestRunner();
    SelfTestRunner(const SelfTestRunner&) = delete;
    SelfTestRunner& operator=(const SelfTestRunner&) = delete;

    // Starts a run; false when one is running already.
    bool Start();
    // {"state": "idle"|"running"|"done", "frames": n, "of": N, "report": {...} or null}
    nlohmann::json Status() const;
    void Stop();

private:
    void Run();

    const KioskConfig& config_;
    FrameHub& hub_;
    mutable std::mutex mutex_;
    std::thread thread_;
    std::atomic<bool> stop_{false};
    std::atomic<bool> running_{false};
    std::atomic<int> frames_{0};
    std::string report_json_;  // the last finished run's, or empty
};

}  // namespace docintake::kiosk
