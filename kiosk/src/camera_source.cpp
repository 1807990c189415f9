#include "camera_source.h"

#include <algorithm>
#include <filesystem>

#include <opencv2/imgcodecs.hpp>

namespace docintake::kiosk {
namespace fs = std::filesystem;

CameraSource::CameraSource(std::string source) : source_(std::move(source)) {
    const bool digits = !source_.empty() && source_.size() < 4 &&
                        std::all_of(source_.begin(), source_.end(), [](char c) { return c >= '0' && c <= '9'; });
    std::error_code ec;
    if (digits) {
        kind_ = Kind::Device;
        device_index_ = std::stoi(source_);
    } else if (fs::is_directory(source_, ec)) {
        kind_ = Kind::Folder;
    } else {
        kind_ = Kind::Video;
    }
}

const char* CameraSource::kind_name() const {
    switch (kind_) {
        case Kind::Device: return "device";
        case Kind::Video: return "video";
        case Kind::Folder: return "folder";
    }
    return "video";
}

bool CameraSource::ListFolder() {
    files_.clear();
    std::error_code ec;
    for (fs::directory_iterator it(source_, ec), end; !ec && it != end; it.increment(ec)) {
        if (!it->is_regular_file(ec)) continue;
        std::string ext = it->path().extension().string();
        std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
        if (ext == ".jpg" || ext == ".jpeg" || ext == ".png" || ext == ".bmp") files_.push_back(it->path().string());
    }
    std::sort(files_.begin(), files_.end());
    next_file_ = 0;
    return !files_.empty();
}

bool CameraSource::Open() {
    Close();
    switch (kind_) {
        case Kind::Device:
            if (!capture_.open(device_index_, cv::CAP_V4L2)) return false;
            capture_.set(cv::CAP_PROP_BUFFERSIZE, 1);  // the newest frame, not a queue of old ones
            nominal_fps_ = 0;
            break;
        case Kind::Video:
            if (!Present() || !capture_.open(source_, cv::CAP_ANY)) return false;
            nominal_fps_ = capture_.get(cv::CAP_PROP_FPS);
            if (!(nominal_fps_ > 0.5 && nominal_fps_ < 120)) nominal_fps_ = 10;
            break;
        case Kind::Folder:
            if (!ListFolder()) return false;
            nominal_fps_ = folder_fps_;
            break;
    }
    open_ = true;
    return true;
}

void CameraSource::Close() {
    if (capture_.isOpened()) capture_.release();
    files_.clear();
    open_ = false;
}

bool CameraSource::Present() const {
    if (kind_ == Kind::Device) return true;
    std::error_code ec;
    return kind_ == Kind::Folder ? fs::is_directory(source_, ec) : fs::is_regular_file(source_, ec);
}

bool CameraSource::Read(cv::Mat& frame) {
    if (!open_) return false;
    if (kind_ == Kind::Folder) {
        if (files_.empty()) return false;
        if (next_file_ >= files_.size()) {
            if (!ListFolder()) return false;  // loop, picking up what changed in the folder
        }
        frame = cv::imread(files_[next_file_++], cv::IMREAD_COLOR);
        return !frame.empty();
    }
    if (capture_.read(frame) && !frame.empty()) return true;
    if (kind_ == Kind::Video) {
        // The end of the file: start again from the beginning.
        capture_.release();
        if (!Present() || !capture_.open(source_, cv::CAP_ANY)) {
            open_ = false;
            return false;
        }
        return capture_.read(frame) && !frame.empty();
    }
    return false;
}

}  // namespace docintake::kiosk
