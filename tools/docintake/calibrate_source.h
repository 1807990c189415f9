#pragma once
// Frames for `calibrate` and `selftest`: a folder of images (in name order), a
// video file, or a camera (index or device path), as `scan` opens them. A
// camera's V4L2 controls can be set through it (SweepCamera) for the sweep.

#include <algorithm>
#include <cstdio>
#include <cctype>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/videoio.hpp>

#include <docintake/calibrate.h>
#include <docintake/opencv.h>

namespace docintake::cli {

inline bool IsCalibrationImage(const std::filesystem::path& p) {
    std::string ext = p.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext == ".png" || ext == ".jpg" || ext == ".jpeg" || ext == ".bmp" || ext == ".tif" || ext == ".tiff" ||
           ext == ".webp" || ext == ".pgm" || ext == ".ppm";
}

class CalibrationSource : public SweepCamera {
public:
    bool Open(const std::string& source) {
        std::error_code ec;
        if (std::filesystem::is_directory(source, ec)) {
            for (const auto& entry : std::filesystem::directory_iterator(source, ec))
                if (entry.is_regular_file() && IsCalibrationImage(entry.path())) files_.push_back(entry.path().string());
            std::sort(files_.begin(), files_.end());
            return true;
        }
        if (std::filesystem::is_regular_file(source, ec) && IsCalibrationImage(source)) {
            files_.push_back(source);
            return true;
        }
        const bool index = !source.empty() && source.size() < 4 && std::all_of(source.begin(), source.end(), ::isdigit);
        camera_ = index || source.rfind("/dev/video", 0) == 0;
        // A missing file is no video: OpenCV would go on to try its camera backends
        // with the name (gphoto2 walks the USB bus, and leaks doing it).
        const bool stream = source.find("://") != std::string::npos;
        if (!index && !stream && !std::filesystem::exists(source, ec)) return false;
        try {
            if (index)
                capture_.open(std::stoi(source), cv::CAP_V4L2);
            else if (camera_)
                capture_.open(source, cv::CAP_V4L2);
            else
                capture_.open(source);
        } catch (const cv::Exception&) {
            return false;
        }
        return capture_.isOpened();
    }
    bool is_camera() const { return camera_ && capture_.isOpened(); }

    // Frames are undistorted with this lens from now on (a device profile's);
    // false when it does not fit the frames' size (they are then left as they are).
    void UseLens(const LensCalibration& lens) { lens_ = lens; }
    bool lens_failed() const { return lens_failed_; }

    bool Next(cv::Mat& frame) {
        if (!NextRaw(frame)) return false;
        if (!lens_ || lens_failed_) return true;
        if (!undistorter_) undistorter_ = std::make_unique<Undistorter>(*lens_, frame.cols, frame.rows);
        ImageView straight;
        if (undistorter_->Apply(ViewOf(frame), undistorted_, straight)) {
            lens_failed_ = true;
            return true;
        }
        frame = cv::Mat(frame.rows, frame.cols, frame.type(), undistorted_.data());
        return true;
    }

    // SweepCamera: V4L2 controls through OpenCV; a set() OpenCV refuses, or a
    // value that does not read back, is a control the camera does not take.
    bool Set(CameraControl control, double value) override {
        if (!is_camera()) return false;
        try {
            switch (control) {
                case CameraControl::Focus:
                    capture_.set(cv::CAP_PROP_AUTOFOCUS, 0);
                    return capture_.set(cv::CAP_PROP_FOCUS, value);
                case CameraControl::Exposure:
                    capture_.set(cv::CAP_PROP_AUTO_EXPOSURE, 1);  // V4L2_EXPOSURE_MANUAL
                    return capture_.set(cv::CAP_PROP_EXPOSURE, value);
                case CameraControl::Gain: return capture_.set(cv::CAP_PROP_GAIN, value);
            }
        } catch (const cv::Exception&) {
        }
        return false;
    }
    ImageView Grab() override { return Next(frame_) ? ViewOf(frame_) : ImageView(); }

    // Loads a device profile for its lens; prints why and returns false when it cannot be used.
    bool LoadProfileLens(const std::string& path, const char* command) {
        DeviceProfile profile;
        const Error e = LoadDeviceProfile(path, profile);
        if (e) {
            std::fprintf(stderr, "docintake %s: error: %s: %s\n", command, ToString(e.code), e.message.c_str());
            return false;
        }
        if (profile.lens) UseLens(*profile.lens);
        return true;
    }

    // The camera's name as V4L2 reports it would need ioctl; OpenCV gives the backend only.
    std::string backend() const {
        try {
            return capture_.isOpened() ? capture_.getBackendName() : std::string("images");
        } catch (const cv::Exception&) {
            return "unknown";
        }
    }

private:
    bool NextRaw(cv::Mat& frame) {
        if (!capture_.isOpened()) {
            while (next_file_ < files_.size()) {
                frame = cv::imread(files_[next_file_++], cv::IMREAD_COLOR);
                if (!frame.empty()) return true;
            }
            return false;
        }
        try {
            return capture_.read(frame) && !frame.empty();
        } catch (const cv::Exception&) {
            return false;
        }
    }

    std::optional<LensCalibration> lens_;
    std::unique_ptr<Undistorter> undistorter_;
    std::vector<std::uint8_t> undistorted_;
    bool lens_failed_ = false;
    std::vector<std::string> files_;
    std::size_t next_file_ = 0;
    bool camera_ = false;
    cv::VideoCapture capture_;
    cv::Mat frame_;
};

}  // namespace docintake::cli
