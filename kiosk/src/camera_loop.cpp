#include "camera_loop.h"

#include <algorithm>
#include <exception>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "clock.h"
#include "log.h"

namespace docintake::kiosk {

CameraLoop::CameraLoop(CameraSource source, FrameHub& hub, CameraLoopOptions options)
    : source_(std::move(source)), hub_(hub), options_(options) {}

CameraLoop::~CameraLoop() { Stop(); }

void CameraLoop::Start() {
    heartbeat_ = MonotonicSeconds();
    thread_ = std::thread([this] { Run(); });
}

void CameraLoop::Stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
}

void CameraLoop::PublishStatus(bool ok) {
    CameraStatus status;
    status.source = source_.source();
    status.kind = source_.kind_name();
    status.ok = ok;
    status.fps = ok ? fps_ : 0;
    status.frames = frames_;
    hub_.SetStatus(status);
}

cv::Mat CameraLoop::Undistort(cv::Mat frame) {
    if (!options_.lens || lens_unusable_ || frame.type() != CV_8UC3) return frame;
    if (!undistorter_ || undistorter_size_ != frame.size()) {
        undistorter_ = std::make_unique<Undistorter>(*options_.lens, frame.cols, frame.rows);
        undistorter_size_ = frame.size();
        if (undistorter_->error()) {
            Log("camera: the profile's lens calibration does not fit %dx%d frames (%s); frames are not undistorted",
                frame.cols, frame.rows, ToString(undistorter_->error().code));
            lens_unusable_ = true;
            return frame;
        }
    }
    std::vector<std::uint8_t> pixels;
    ImageView undistorted;
    if (undistorter_->Apply(ImageView(frame.data, frame.cols, frame.rows, PixelFormat::BGR, static_cast<int>(frame.step)),
                            pixels, undistorted))
        return frame;
    return cv::Mat(frame.rows, frame.cols, CV_8UC3, pixels.data(), static_cast<std::size_t>(undistorted.row_stride())).clone();
}

void CameraLoop::Preview(const cv::Mat& frame, double now) {
    if (now - last_preview_s_ < 1.0 / options_.preview_fps) return;
    last_preview_s_ = now;
    cv::Mat small;
    if (frame.cols > options_.preview_width) {
        const double scale = static_cast<double>(options_.preview_width) / frame.cols;
        cv::resize(frame, small, cv::Size(), scale, scale, cv::INTER_AREA);
    } else {
        small = frame;
    }
    auto jpeg = std::make_shared<Jpeg>();
    if (cv::imencode(".jpg", small, *jpeg, {cv::IMWRITE_JPEG_QUALITY, options_.jpeg_quality}))
        hub_.PublishPreview(std::move(jpeg));
}

void CameraLoop::Run() {
    bool was_ok = true;  // so that a source missing at start is logged once
    int failed_reads = 0;
    double next_frame_s = 0;
    double fps_window_start = MonotonicSeconds();
    std::uint64_t fps_window_frames = 0;
    double last_presence_check = 0;
    while (!stop_) {
        const double now = MonotonicSeconds();
        heartbeat_ = now;
        try {
            if (!source_.is_open()) {
                if (source_.Open()) {
                    Log("camera: %s source open", source_.kind_name());
                    was_ok = true;
                    failed_reads = 0;
                    next_frame_s = now;
                    PublishStatus(true);
                } else {
                    if (was_ok) Log("camera: %s source lost; retrying every second", source_.kind_name());
                    was_ok = false;
                    PublishStatus(false);
                    for (int i = 0; i < 10 && !stop_; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
                    continue;
                }
            }
            // A file or folder deleted while open would otherwise play on from buffers.
            if (now - last_presence_check >= 1.0) {
                last_presence_check = now;
                if (!source_.Present()) {
                    source_.Close();
                    continue;
                }
            }
            cv::Mat frame;
            if (!source_.Read(frame)) {
                if (++failed_reads >= options_.max_failed_reads || !source_.is_open()) source_.Close();
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
                continue;
            }
            failed_reads = 0;
            const double captured = MonotonicSeconds();
            ++frames_;
            ++fps_window_frames;
            if (captured - fps_window_start >= 1.0) {
                fps_ = static_cast<double>(fps_window_frames) / (captured - fps_window_start);
                fps_window_start = captured;
                fps_window_frames = 0;
            }
            frame = Undistort(std::move(frame));
            Preview(frame, captured);
            hub_.PublishFrame(std::move(frame), captured);
            PublishStatus(true);
            if (source_.nominal_fps() > 0) {
                // Files play at their own rate, like a camera would deliver them.
                next_frame_s = std::max(next_frame_s + 1.0 / source_.nominal_fps(), captured - 1.0);
                const double wait = next_frame_s - MonotonicSeconds();
                if (wait > 0) std::this_thread::sleep_for(std::chrono::duration<double>(wait));
            }
        } catch (const std::exception& e) {
            // OpenCV throws on some broken inputs; treat it as a lost source.
            Log("camera: source error (%s); reopening", e.what());
            source_.Close();
        }
    }
    source_.Close();
}

}  // namespace docintake::kiosk
