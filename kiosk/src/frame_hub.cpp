#include "frame_hub.h"

#include <chrono>

namespace docintake::kiosk {

void FrameHub::PublishFrame(cv::Mat image, double captured_s) {
    auto frame = std::make_shared<CapturedFrame>();
    frame->image = std::move(image);
    frame->captured_s = captured_s;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        frame->seq = ++frame_seq_;
        frame_ = std::move(frame);
    }
    changed_.notify_all();
}

std::shared_ptr<const CapturedFrame> FrameHub::WaitFrame(std::uint64_t after_seq, int timeout_ms) {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait_for(lock, std::chrono::milliseconds(timeout_ms),
                      [&] { return frame_ && frame_->seq > after_seq; });
    if (frame_ && frame_->seq > after_seq) return frame_;
    return nullptr;
}

void FrameHub::PublishPreview(std::shared_ptr<const Jpeg> jpeg) {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        preview_ = std::move(jpeg);
        ++preview_seq_;
    }
    changed_.notify_all();
}

std::shared_ptr<const Jpeg> FrameHub::WaitPreview(std::uint64_t& seq, int timeout_ms) {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait_for(lock, std::chrono::milliseconds(timeout_ms),
                      [&] { return preview_ && preview_seq_ > seq; });
    if (!preview_ || preview_seq_ <= seq) return nullptr;
    seq = preview_seq_;
    return preview_;
}

void FrameHub::SetStatus(const CameraStatus& status) {
    std::lock_guard<std::mutex> lock(mutex_);
    status_ = status;
}

CameraStatus FrameHub::status() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return status_;
}

void FrameHub::WakeAll() { changed_.notify_all(); }

}  // namespace docintake::kiosk
