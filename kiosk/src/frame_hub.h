#pragma once
// Where the camera loop leaves its latest frame and preview JPEG for the
// scanner and the web server. Only the latest of each is held, in memory: frames
// are never stored.

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <opencv2/core/mat.hpp>

namespace docintake::kiosk {

struct CapturedFrame {
    cv::Mat image;           // BGR
    std::uint64_t seq = 0;   // 1, 2, ... in capture order
    double captured_s = 0;   // monotonic seconds
};

using Jpeg = std::vector<unsigned char>;

struct CameraStatus {
    std::string source;        // what --source named
    std::string kind;          // "device", "video", "folder"
    bool ok = true;            // false: "lost" (not known to be lost before the first open)
    double fps = 0;            // measured over the last second or so
    std::uint64_t frames = 0;  // frames captured since start
};

class FrameHub {
public:
    void PublishFrame(cv::Mat image, double captured_s);
    // The newest frame after `after_seq`, waiting up to timeout_ms; null if none came.
    std::shared_ptr<const CapturedFrame> WaitFrame(std::uint64_t after_seq, int timeout_ms);

    void PublishPreview(std::shared_ptr<const Jpeg> jpeg);
    // The newest preview after `after_seq` (0: any), waiting up to timeout_ms.
    std::shared_ptr<const Jpeg> WaitPreview(std::uint64_t& seq, int timeout_ms);

    void SetStatus(const CameraStatus& status);
    CameraStatus status() const;
    // Wakes every waiter (shutdown).
    void WakeAll();

private:
    mutable std::mutex mutex_;
    std::condition_variable changed_;
    std::shared_ptr<const CapturedFrame> frame_;
    std::shared_ptr<const Jpeg> preview_;
    std::uint64_t frame_seq_ = 0;
    std::uint64_t preview_seq_ = 0;
    CameraStatus status_;
};

}  // namespace docintake::kiosk
