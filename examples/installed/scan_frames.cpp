// A camera loop with the INSTALLED docintake: the scanner votes across frames and
// says when the reading is stable and checked.
//   scan_frames FRAME.jpg FRAME.jpg ...     (a sequence of still frames)
//   scan_frames 0 | scan_frames video.avi   (a camera index or a video file, through OpenCV)
#include <cstdio>
#include <cstdlib>
#include <string>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/videoio.hpp>

#include <docintake/opencv.h>
#include <docintake/scanner.h>

namespace {

bool IsCameraIndex(const std::string& arg) {
    return !arg.empty() && arg.find_first_not_of("0123456789") == std::string::npos;
}

// Prints the state after each frame; true once the scan is over (done or failed).
bool Report(const docintake::ScanUpdate& u) {
    std::printf("frame %d: %s, %s\n", u.frames_seen, docintake::ToString(u.state), docintake::ToString(u.feedback));
    if (u.state == docintake::ScanUpdate::State::Done) {
        const docintake::Mrz& m = *u.mrz;
        std::printf("format: %s\nsurname: %s\ngiven names: %s\ndocument number: %s\nbirth date: %s\n"
                    "expiry date: %s\nframes used: %d\n",
                    docintake::ToString(m.format), m.surname.c_str(), m.given_names.c_str(),
                    m.document_number.c_str(), m.birth_date.iso().c_str(), m.expiry_date.iso().c_str(),
                    u.frames_used);
        return true;
    }
    if (u.state == docintake::ScanUpdate::State::Failed) {
        std::printf("failed: %s\n", u.reason.c_str());
        return true;
    }
    return false;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s FRAME... | CAMERA_INDEX | VIDEO\n", argv[0]);
        return 2;
    }
    docintake::ScannerOptions options;
#ifdef EXAMPLE_MODEL_DIR
    options.reader.model_dir = EXAMPLE_MODEL_DIR;  // the static library is told where the model is
#endif
    docintake::DocumentScanner scanner(options);
    if (scanner.init_error()) {
        std::fprintf(stderr, "cannot load the OCR model: %s\n", scanner.init_error().message.c_str());
        return 2;
    }
    const std::string first = argv[1];
    const bool stills = argc > 2 || (first.size() > 4 && (first.substr(first.size() - 4) == ".jpg" ||
                                                          first.substr(first.size() - 4) == ".png"));
    docintake::ScanUpdate update;
    if (stills) {
        for (int i = 1; i < argc; ++i) {
            const cv::Mat frame = cv::imread(argv[i], cv::IMREAD_COLOR);
            if (frame.empty()) {
                std::fprintf(stderr, "cannot read frame %d\n", i);
                return 2;
            }
            update = scanner.Push(docintake::ViewOf(frame));
            if (Report(update)) break;
        }
    } else {
        cv::VideoCapture source;
        if (IsCameraIndex(first)) source.open(std::atoi(first.c_str()));
        else source.open(first);
        if (!source.isOpened()) {
            std::fprintf(stderr, "cannot open the camera or video\n");
            return 2;
        }
        cv::Mat frame;
        while (source.read(frame)) {
            update = scanner.Push(docintake::ViewOf(frame));
            if (Report(update)) break;
        }
    }
    if (update.state != docintake::ScanUpdate::State::Done && update.state != docintake::ScanUpdate::State::Failed)
        Report(update = scanner.Finish());  // the frames ran out: the scanner's last word
    return update.state == docintake::ScanUpdate::State::Done ? 0 : 1;
}
