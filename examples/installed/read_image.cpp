// Reads the MRZ of an image file with the INSTALLED docintake (C++, static library).
//   read_image_cxx IMAGE
// Built by CMake (find_package(docintake)) or by pkg-config; see README.md here.
#include <cstdio>

#include <opencv2/imgcodecs.hpp>

#include <docintake/opencv.h>
#include <docintake/read_mrz.h>
#include <docintake/version.h>

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s IMAGE\n", argv[0]);
        return 2;
    }
    docintake::MrzReaderOptions options;
#ifdef EXAMPLE_MODEL_DIR
    // A static library cannot tell where it was installed: the build says it
    // (CMake: docintake_MODEL_DIR; pkg-config: --variable=modeldir docintake).
    options.model_dir = EXAMPLE_MODEL_DIR;
#endif
    docintake::MrzReader reader(options);  // loads the OCR model once; reuse it for every frame
    if (reader.init_error()) {
        std::fprintf(stderr, "cannot load the OCR model: %s\n", reader.init_error().message.c_str());
        return 2;
    }
    const cv::Mat frame = cv::imread(argv[1], cv::IMREAD_COLOR);
    if (frame.empty()) {
        std::fprintf(stderr, "cannot read the image\n");
        return 2;
    }
    const docintake::MrzReadResult r = reader.Read(docintake::ViewOf(frame));
    std::printf("docintake %s (headers %s)\n", docintake::Version(), DOCINTAKE_VERSION_STRING);
    std::printf("status: %s, feedback: %s\n", docintake::ToString(r.status), docintake::ToString(r.feedback));
    if (!r.valid()) return 1;  // only a Valid reading is to be trusted
    const docintake::Mrz& m = *r.mrz;
    std::printf("format: %s\nissuing state: %s\nsurname: %s\ngiven names: %s\ndocument number: %s\n"
                "nationality: %s\nbirth date: %s\nsex: %s\nexpiry date: %s\n",
                docintake::ToString(m.format), m.issuing_state.code.c_str(), m.surname.c_str(),
                m.given_names.c_str(), m.document_number.c_str(), m.nationality.code.c_str(),
                m.birth_date.iso().c_str(), docintake::ToString(m.sex), m.expiry_date.iso().c_str());
    return 0;
}
