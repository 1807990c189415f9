// docintake read IMAGE...: one JSON object per image per line.
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <opencv2/imgcodecs.hpp>

#include <docintake/barcode.h>
#include <docintake/opencv.h>
#include <docintake/read_mrz.h>

#include "barcode_args.h"
#include "commands.h"
#include "json/barcode_json.h"
#include "json/read_json.h"
#include "reader_args.h"

namespace docintake::cli {
namespace {

struct ReadArgs {
    std::vector<std::string> images;
    ReaderArgs reader;
    BarcodeArgs barcode;
};

int RunRead(const ReadArgs& args) {
    MrzReaderOptions options;
    if (!ToReaderOptions(args.reader, "read", options)) return 2;
    MrzReader reader(options);
    if (reader.init_error()) {
        std::fprintf(stderr, "docintake read: error: %s: %s\n", ToString(reader.init_error().code),
                     reader.init_error().message.c_str());
        return 2;
    }
    TrustStore trust;
    if (!LoadTrust(args.barcode, "read", trust)) return 2;
    BarcodeReaderOptions barcode_options;  // sandboxed: see docs/barcode-safety.md
    barcode_options.payload.trust = trust.empty() ? nullptr : &trust;
    barcode_options.payload.reference_date = options.parse.reference_date;
    BarcodeReader barcodes(barcode_options);
    bool all_valid = true;
    bool unreadable_file = false;
    for (const std::string& path : args.images) {
        cv::Mat image;
        try {
            image = cv::imread(path, cv::IMREAD_COLOR);
        } catch (const cv::Exception&) {
            image.release();  // a corrupt file is bad input, not a crash
        }
        MrzReadResult result;
        if (image.empty()) {
            result.error = {ErrorCode::InvalidImage, "cannot read the file as an image"};
            unreadable_file = true;
        } else {
            result = reader.Read(ViewOf(image));
        }
        all_valid = all_valid && result.status == MrzReadingStatus::Valid;
        nlohmann::json out = ToJson(result, path);
        // Seals are cross-checked only against an MRZ reading that is trusted.
        const bool trusted_mrz = result.mrz && result.status == MrzReadingStatus::Valid;
        if (!image.empty()) AddBarcodes(out, barcodes.Read(ViewOf(image)), trusted_mrz ? &*result.mrz : nullptr);
        std::cout << out.dump() << "\n" << std::flush;
    }
    if (unreadable_file) return 2;
    return all_valid ? 0 : 1;
}

}  // namespace

void AddReadCommand(CLI::App& app) {
    auto args = std::make_shared<ReadArgs>();
    CLI::App* cmd = app.add_subcommand(
        "read", "Read the MRZ in images; one JSON object per image (exit 0 all valid, 1 otherwise, 2 unreadable file)");
    cmd->add_option("images", args->images, "Image files (PNG, JPEG, ...)")->required();
    AddReaderOptions(cmd, args->reader);
    AddBarcodeOptions(cmd, args->barcode);
    cmd->callback([args] {
        const int code = RunRead(*args);
        if (code != 0) throw CLI::RuntimeError(code);
    });
}

}  // namespace docintake::cli
