#pragma once
// The camera thread: keeps the source open (retrying every second while it is
// gone), paces files at their frame rate, and publishes each frame and a
// scaled-down preview JPEG to the FrameHub. Never throws out of its thread.

#include <atomic>
#include <thread>

#include "camera_source.h"
#include "frame_hub.h"

namespace docintake::kiosk {

struct CameraLoopOptions {
    int preview_width = 640;
    int preview_fps = 10;
    int jpeg_quality = 70;
    // Consecutive failed reads after which an open device counts as lost.
    int max_failed_reads = 10;
};

class CameraLoop {
public:
    CameraLoop(CameraSource source, FrameHub& hub, CameraLoopOptions options);
    ~CameraLoop();
    void Start();
    void Stop();
    // Monotonic seconds of the loop's last turn (for the watchdog).
    double heartbeat() const { return heartbeat_.load(); }

private:
    void Run();
    void PublishStatus(bool ok);
    void Preview(const cv::Mat& frame, double now);

    CameraSource source_;
    FrameHub& hub_;
    CameraLoopOptions options_;
    std::atomic<bool> stop_{false};
    std::atomic<double> heartbeat_{0};
    std::thread thread_;
    std::uint64_t frames_ = 0;
    double fps_ = 0;
    double last_preview_s_ = 0;
};

}  // namespace docintake::kiosk
