#pragma once
// Frames from a camera (a V4L2 device index), a video file (looped) or a folder
// of images (looped, in name order), so the kiosk runs without a camera.

#include <memory>
#include <string>
#include <vector>

#include <opencv2/core/mat.hpp>
#include <opencv2/videoio.hpp>

namespace docintake::kiosk {

class CameraSource {
public:
    enum class Kind { Device, Video, Folder };

    // "0", "1", ... is a device index; a directory is a folder of images; else a video file.
    explicit CameraSource(std::string source);
    Kind kind() const { return kind_; }
    const char* kind_name() const;
    const std::string& source() const { return source_; }

    bool Open();
    void Close();
    bool is_open() const { return open_; }
    // Whether what the source names is still there (files and folders; devices: true).
    bool Present() const;
    // The next frame; a video or folder starts again at its end. False on a
    // failed read (the caller decides when the source is lost).
    bool Read(cv::Mat& frame);
    // Frames per second to pace a file at (0: as fast as the device delivers).
    double nominal_fps() const { return nominal_fps_; }
    void set_folder_fps(double fps) { folder_fps_ = fps; }

private:
    bool ListFolder();

    std::string source_;
    Kind kind_ = Kind::Video;
    int device_index_ = 0;
    bool open_ = false;
    cv::VideoCapture capture_;
    std::vector<std::string> files_;
    std::size_t next_file_ = 0;
    double folder_fps_ = 10;
    double nominal_fps_ = 0;
};

}  // namespace docintake::kiosk
