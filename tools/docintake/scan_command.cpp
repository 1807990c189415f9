// docintake scan SOURCE: agree on one MRZ over a video, an image folder or a camera.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/videoio.hpp>

#include <nlohmann/json.hpp>

#include <docintake/opencv.h>
#include <docintake/scanner.h>

#include "commands.h"
#include "json/read_json.h"
#include "reader_args.h"

namespace docintake::cli {
namespace {

struct ScanArgs {
    std::string source;
    ReaderArgs reader;
    int max_frames = 60;
    int min_agreeing = 2;
    bool progress = false;
};

bool IsImageFile(const std::filesystem::path& p) {
    std::string ext = p.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext == ".png" || ext == ".jpg" || ext == ".jpeg" || ext == ".bmp" || ext == ".tif" || ext == ".tiff" ||
           ext == ".webp" || ext == ".pgm" || ext == ".ppm";
}

// Frames from a folder of images (in name order) or from cv::VideoCapture.
class FrameSource {
public:
    bool Open(const std::string& source) {
        std::error_code ec;
        if (std::filesystem::is_directory(source, ec)) {
            for (const auto& entry : std::filesystem::directory_iterator(source, ec))
                if (entry.is_regular_file() && IsImageFile(entry.path())) files_.push_back(entry.path().string());
            std::sort(files_.begin(), files_.end());
            return true;
        }
        const bool index = !source.empty() && std::all_of(source.begin(), source.end(), ::isdigit);
        // A missing file is no video: OpenCV would go on to try its camera backends
        // with the name (gphoto2 walks the USB bus, and leaks doing it).
        const bool stream = source.find("://") != std::string::npos;
        if (!index && !stream && !std::filesystem::exists(source, ec)) return false;
        try {
            if (index)
                capture_.open(std::stoi(source));
            else
                capture_.open(source);
        } catch (const cv::Exception&) {
            return false;
        }
        return capture_.isOpened();
    }
    bool Next(cv::Mat& frame) {
        if (!files_.empty() || !capture_.isOpened()) {
            while (next_file_ < files_.size()) {
                frame = cv::imread(files_[next_file_++], cv::IMREAD_COLOR);
                if (!frame.empty()) return true;
            }
            return false;
        }
        return capture_.read(frame) && !frame.empty();
    }

private:
    std::vector<std::string> files_;
    std::size_t next_file_ = 0;
    cv::VideoCapture capture_;
};

// One frame's update for --progress, on stderr: what the scan is doing, never
// what it read. Names, numbers and dates go only to stdout, in the result.
nlohmann::json ProgressJson(const ScanUpdate& update) {
    nlohmann::json j;
    j["state"] = ToString(update.state);
    j["feedback"] = ToString(update.feedback);
    j["confidence"] = update.confidence;
    j["frames_used"] = update.frames_used;
    j["frames_seen"] = update.frames_seen;
    j["reason"] = update.reason;
    if (update.error) j["error"] = ToString(update.error.code);
    return j;
}

int RunScan(const ScanArgs& args) {
    ScannerOptions options;
    if (!ToReaderOptions(args.reader, "scan", options.reader)) return 2;
    options.max_frames = args.max_frames;
    options.min_agreeing_frames = args.min_agreeing;
    DocumentScanner scanner(options);
    if (scanner.init_error()) {
        std::fprintf(stderr, "docintake scan: error: %s: %s\n", ToString(scanner.init_error().code),
                     scanner.init_error().message.c_str());
        return 2;
    }
    FrameSource source;
    if (!source.Open(args.source)) {
        std::fprintf(stderr, "docintake scan: error: cannot open %s as a folder, video or camera\n",
                     args.source.c_str());
        return 2;
    }
    ScanUpdate update;
    cv::Mat frame;
    bool finished = false;
    while (!finished && source.Next(frame)) {
        update = scanner.Push(ViewOf(frame));
        if (args.progress) std::cerr << ProgressJson(update).dump() << "\n";
        finished = update.state == ScanUpdate::State::Done || update.state == ScanUpdate::State::Failed;
    }
    if (!finished) update = scanner.Finish();
    std::cout << ToJson(update, args.source).dump() << "\n";
    return update.state == ScanUpdate::State::Done ? 0 : 1;
}

}  // namespace

void AddScanCommand(CLI::App& app) {
    auto args = std::make_shared<ScanArgs>();
    CLI::App* cmd = app.add_subcommand(
        "scan", "Agree on one MRZ over many frames; prints one JSON object (exit 0 done, 1 failed, 2 bad source)");
    cmd->add_option("source", args->source, "Video file, folder of images, or camera index (0, 1, ...)")->required();
    AddReaderOptions(cmd, args->reader);
    cmd->add_option("--max-frames", args->max_frames, "Give up after this many frames")->check(CLI::PositiveNumber);
    cmd->add_option("--min-agreeing", args->min_agreeing, "Frames that must read the same MRZ")->check(CLI::PositiveNumber);
    cmd->add_flag("--progress", args->progress,
                  "Print each frame's state, feedback and counts as JSON to stderr (never what was read)");
    cmd->callback([args] {
        const int code = RunScan(*args);
        if (code != 0) throw CLI::RuntimeError(code);
    });
}

}  // namespace docintake::cli
