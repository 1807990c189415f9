// Reads the MRZ of an image file with the public API only.
//   example_read_mrz IMAGE      (without IMAGE it draws nothing and reads an empty frame)
#include <cstdio>

#include <opencv2/imgcodecs.hpp>

#include <docintake/opencv.h>
#include <docintake/read_mrz.h>

int main(int argc, char** argv) {
    docintake::MrzReader reader;  // loads models/mrz.traineddata once; reuse it for every frame
    if (reader.init_error()) {
        std::fprintf(stderr, "cannot load the OCR model: %s\n", reader.init_error().message.c_str());
        return 2;
    }
    cv::Mat frame = argc > 1 ? cv::imread(argv[1], cv::IMREAD_COLOR) : cv::Mat(720, 1280, CV_8UC3, cv::Scalar(255, 255, 255));
    if (frame.empty()) {
        std::fprintf(stderr, "cannot read %s\n", argv[1]);
        return 2;
    }
    const docintake::MrzReadResult result = reader.Read(docintake::ViewOf(frame));
    std::printf("status: %s, feedback: %s, %.1f ms\n", docintake::ToString(result.status),
                docintake::ToString(result.feedback), result.timings.total_ms);
    if (result.status == docintake::MrzReadingStatus::Valid) {
        // Only a Valid reading is to be trusted; print no personal data otherwise.
        for (const auto& line : result.lines) std::printf("%s\n", line.c_str());
        std::printf("document %s, expires %s\n", result.mrz->document_number.c_str(), result.mrz->expiry_date.iso().c_str());
    }
    return result.error ? 2 : 0;
}
