// docintake selftest SOURCE: read the printed test card for N frames and judge
// this camera, light and distance; one JSON object on stdout (exit 0 pass, 1 fail,
// 2 bad source or arguments). Only the card's specimen MRZs are read.
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>

#include <docintake/barcode.h>
#include <docintake/read_mrz.h>
#include <docintake/selftest.h>

#include "calibrate_source.h"
#include "commands.h"
#include "reader_args.h"

namespace docintake::cli {
namespace {

struct SelfTestArgs {
    std::string source;
    ReaderArgs reader;
    int frames = 30;
    bool no_margins = false;
    bool no_barcodes = false;
    std::string report_dir;
    std::string profile;
};

int RunSelfTest(const SelfTestArgs& args) {
    MrzReaderOptions options;
    if (!ToReaderOptions(args.reader, "selftest", options)) return 2;
    MrzReader reader(options);
    if (reader.init_error()) {
        std::fprintf(stderr, "docintake selftest: error: %s: %s\n", ToString(reader.init_error().code), reader.init_error().message.c_str());
        return 2;
    }
    CalibrationSource source;
    if (!source.Open(args.source)) {
        std::fprintf(stderr, "docintake selftest: error: cannot open the source as an image, folder, video or camera\n");
        return 2;
    }
    if (!args.profile.empty() && !source.LoadProfileLens(args.profile, "selftest")) return 2;
    SelfTestOptions test_options;
    test_options.measure_margins = !args.no_margins;
    // The card's symbols, read by the sandboxed worker like any document's.
    std::unique_ptr<BarcodeReader> barcodes;
    if (!args.no_barcodes) {
        BarcodeReaderOptions barcode_options;
        barcode_options.worker_path = BarcodeWorkerFromEnvironment();
        barcodes = std::make_unique<BarcodeReader>(barcode_options);
    }
    SelfTest test(reader, test_options, barcodes.get());
    cv::Mat frame;
    while (test.frames() < args.frames && source.Next(frame)) test.Push(ViewOf(frame));
    if (test.frames() == 0) {
        std::fprintf(stderr, "docintake selftest: error: the source gave no frame\n");
        return 2;
    }
    if (source.lens_failed())
        std::fprintf(stderr, "docintake selftest: warning: the profile's lens calibration is for another frame size; frames were not undistorted\n");
    const SelfTestReport report = test.Finish();
    std::cout << SelfTestReportToJson(report) << "\n";
    if (!args.report_dir.empty()) {
        const Error e = WriteSelfTestReport(report, args.report_dir);
        if (e) {
            std::fprintf(stderr, "docintake selftest: error: %s: %s\n", ToString(e.code), e.message.c_str());
            return 2;
        }
    }
    return report.pass ? 0 : 1;
}

}  // namespace

void AddSelfTestCommand(CLI::App& app) {
    auto args = std::make_shared<SelfTestArgs>();
    CLI::App* cmd = app.add_subcommand(
        "selftest", "Read the printed test card (docintake-testcard) for N frames; one JSON verdict (exit 0 pass, 1 fail, 2 bad source)");
    cmd->add_option("source", args->source, "Image, folder of images, video file, or camera (index or /dev/videoN)")->required();
    AddReaderOptions(cmd, args->reader);
    cmd->add_option("--frames", args->frames, "Frames to read")->check(CLI::PositiveNumber)->capture_default_str();
    cmd->add_option("--report", args->report_dir,
                    "Also write selftest-report.html and selftest-report.png here (the device's log folder; created)");
    cmd->add_option("--profile", args->profile, "Undistort frames with this device profile's lens calibration first");
    cmd->add_flag("--no-barcodes", args->no_barcodes, "Read only the card's MRZs (a card printed before it had barcodes)");
    cmd->add_flag("--no-margins", args->no_margins, "Skip the blur and distance margins (faster; they do not then decide)");
    cmd->callback([args] {
        const int code = RunSelfTest(*args);
        if (code != 0) throw CLI::RuntimeError(code);
    });
}

}  // namespace docintake::cli
