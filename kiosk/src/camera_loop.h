#pragma once
// The camera thread: keeps the source open (retrying every second while it is
// gone), paces files at their frame rate, and publishes each frame and a
// scaled-down preview JPEG to the FrameHub. Never throws out of its thread.

#include <atomic>
#include <memory>
#include <optional>
#include <thread>

#include "camera_source.h"
#include "docintake/calibrate.h"
#include "frame_hub.h"

namespace docintake::kiosk {

struct CameraLoopOptions {
    int preview_width = 640;
    int preview_fps = 10;
    int jpeg_quality = 70;
    // Consecutive failed reads after which an open device counts as lost.
    int max_failed_reads = 10;
    // From the device profile: frames are undistorted before anyone sees them.
    std::optional<LensCalibration> lens;
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
    // The frame with the lens's distortion undone (when the profile has a lens
    // calibration for this frame size), else the frame as it is.
    cv::Mat Undistort(cv::Mat frame);

    CameraSource source_;
    FrameHub& hub_;
    CameraLoopOptions options_;
    std::atomic<bool> stop_{false};
    std::atomic<double> heartbeat_{0};
    std::thread thread_;
    std::uint64_t frames_ = 0;
    double fps_ = 0;
    double last_preview_s_ = 0;
    std::unique_ptr<Undistorter> undistorter_;  // made for the first frame's size
    cv::Size undistorter_size_;
    bool lens_unusable_ = false;
};

}  // namespace docintake::kiosk
