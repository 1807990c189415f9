// Assembles image folders into one video (the kiosk's sample video).
//   docintake-kiosk-make-sample OUT.avi FPS FOURCC DIR [DIR ...]
// Each folder's .jpg/.png files are appended in name order; every frame is
// scaled to the first frame's size. FOURCC e.g. H264 (small: inter-frame) or
// MJPG (every frame a JPEG; ~3x larger). Used by kiosk/data/make_sample.sh.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

namespace fs = std::filesystem;

int main(int argc, char** argv) {
    if (argc < 5 || std::string(argv[3]).size() != 4) {
        std::fprintf(stderr, "usage: %s OUT.avi FPS FOURCC DIR [DIR ...]\n", argv[0]);
        return 2;
    }
    const std::string out = argv[1];
    const double fps = std::atof(argv[2]);
    const char* codec = argv[3];
    std::vector<std::string> files;
    for (int i = 4; i < argc; ++i) {
        std::vector<std::string> dir_files;
        std::error_code ec;
        for (fs::directory_iterator it(argv[i], ec), end; !ec && it != end; it.increment(ec)) {
            const std::string ext = it->path().extension().string();
            if (ext == ".jpg" || ext == ".png") dir_files.push_back(it->path().string());
        }
        std::sort(dir_files.begin(), dir_files.end());
        files.insert(files.end(), dir_files.begin(), dir_files.end());
    }
    if (files.empty() || !(fps > 0)) {
        std::fprintf(stderr, "make-sample: no frames\n");
        return 2;
    }
    cv::VideoWriter writer;
    cv::Size size;
    int written = 0;
    for (const std::string& file : files) {
        cv::Mat frame = cv::imread(file, cv::IMREAD_COLOR);
        if (frame.empty()) continue;
        if (!writer.isOpened()) {
            size = frame.size();
            const int fourcc = cv::VideoWriter::fourcc(codec[0], codec[1], codec[2], codec[3]);
            if (!writer.open(out, cv::CAP_FFMPEG, fourcc, fps, size)) {
                std::fprintf(stderr, "make-sample: cannot write %s as %s\n", out.c_str(), codec);
                return 1;
            }
        }
        if (frame.size() != size) cv::resize(frame, frame, size, 0, 0, cv::INTER_AREA);
        writer.write(frame);
        ++written;
    }
    writer.release();
    std::printf("%s: %d frames, %dx%d, %.1f fps, %s\n", out.c_str(), written, size.width, size.height, fps, codec);
    return 0;
}
