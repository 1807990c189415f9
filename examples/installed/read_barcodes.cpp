// Reads a document's barcodes with the INSTALLED docintake, checking seals against
// a trust store. Decoding runs in the sandboxed worker the package installs
// (libexec/docintake/docintake-barcode-worker), found beside the library.
//   read_barcodes IMAGE [TRUST_DIR]     (TRUST_DIR: the signers' certificates, .der/.pem)
#include <cstdio>

#include <opencv2/imgcodecs.hpp>

#include <docintake/barcode.h>
#include <docintake/opencv.h>

int main(int argc, char** argv) {
    if (argc < 2 || argc > 3) {
        std::fprintf(stderr, "usage: %s IMAGE [TRUST_DIR]\n", argv[0]);
        return 2;
    }
    docintake::TrustStore trust;
    if (argc == 3) {
        docintake::Error error;
        trust = docintake::TrustStore::FromDirectory(argv[2], &error);
        if (error) {
            std::fprintf(stderr, "cannot load the trust store: %s\n", error.message.c_str());
            return 2;
        }
    }
    docintake::BarcodeReaderOptions options;
    options.payload.trust = argc == 3 ? &trust : nullptr;  // without one, no signature is trusted
    docintake::BarcodeReader reader(options);
    const cv::Mat frame = cv::imread(argv[1], cv::IMREAD_COLOR);
    if (frame.empty()) {
        std::fprintf(stderr, "cannot read the image\n");
        return 2;
    }
    const docintake::BarcodeReadResult result = reader.Read(docintake::ViewOf(frame));
    if (result.error) {
        std::fprintf(stderr, "cannot search the frame: %s\n", result.error.message.c_str());
        return 2;
    }
    std::printf("%zu barcode(s)\n", result.barcodes.size());
    for (const docintake::BarcodeRead& b : result.barcodes)
        // Kinds and signature states only: the payloads hold personal data.
        std::printf("%s: %s, signature %s\n", docintake::ToString(b.format), docintake::ToString(b.payload.kind),
                    docintake::ToString(b.payload.signature));
    return 0;
}
