// The sandboxed decoding worker: a worker that aborts, hangs, lies or runs out
// of memory costs one read (a typed error), and the next read works. The
// worker's confinement (no files, no inherited descriptors, limits) is probed.

#include <doctest/doctest.h>
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "barcode/worker_client.h"
#include "barcode/worker_protocol.h"
#include "docintake/barcode.h"
#include "docintake/opencv.h"
#include "support/barcode_render.h"

using namespace docintake;

namespace {

const std::string kText = "https://example.org/intake?case=42";

cv::Mat QrFrame() {
    testing::Placement p;
    p.centre = {700, 400};
    p.module_px = 5;
    return testing::PlaceInFrame(testing::RenderSymbol(ZXing::BarcodeFormat::QRCode, kText), p);
}

bool ReadsText(BarcodeReader& reader, const cv::Mat& frame) {
    const BarcodeReadResult r = reader.Read(ViewOf(frame));
    return !r.error && r.barcodes.size() == 1 && r.barcodes[0].payload.kind == PayloadKind::Text &&
           std::string(r.barcodes[0].bytes.begin(), r.barcodes[0].bytes.end()) == kText;
}

// The worker's test-only fault switch is reached through WorkerClient (the part
// that restarts workers); the library reads no environment variable for it.
bool DecodesText(barcode::WorkerClient& client, const cv::Mat& gray, int timeout_ms = 5000) {
    std::vector<barcode::RawSymbol> symbols;
    const Error e = client.Decode(gray, barcode::EngineOptions{}, timeout_ms, symbols);
    return !e && symbols.size() == 1 && std::string(symbols[0].bytes.begin(), symbols[0].bytes.end()) == kText;
}

}  // namespace

TEST_CASE("sandboxed reader reads a QR code, and the worker stays up between frames") {
    const cv::Mat frame = QrFrame();
    BarcodeReader reader;
    CHECK(ReadsText(reader, frame));
    CHECK(ReadsText(reader, frame));
}

TEST_CASE("frames reach the worker through the shared buffer, a larger frame gets a new worker, and the socket path works") {
    const std::string worker = barcode::FindWorker("");
    REQUIRE(!worker.empty());
    const cv::Mat gray = QrFrame();  // 8-bit grey
    auto decodes = [&](barcode::WorkerClient& client, const cv::Mat& image) {
        std::vector<barcode::RawSymbol> symbols;
        const Error e = client.Decode(image, barcode::EngineOptions{}, 5000, symbols);
        return !e && symbols.size() == 1 && std::string(symbols[0].bytes.begin(), symbols[0].bytes.end()) == kText;
    };
    barcode::WorkerClient shared(worker, 512);
    CHECK(decodes(shared, gray));
    CHECK(shared.shares_frames());
    const pid_t first = shared.pid();
    CHECK(decodes(shared, gray));
    CHECK(shared.pid() == first);
    cv::Mat larger;
    cv::copyMakeBorder(gray, larger, 0, 600, 0, 600, cv::BORDER_CONSTANT, cv::Scalar(255));
    CHECK(decodes(shared, larger));
    CHECK(shared.pid() != first);
    CHECK(decodes(shared, gray));  // a smaller frame fits the larger buffer
    barcode::WorkerClient socket_only(worker, 512, false);
    CHECK(decodes(socket_only, gray));
    CHECK(!socket_only.shares_frames());
    CHECK(decodes(socket_only, larger));
}

// Sanitizer builds run the worker without its address-space limit (see sandbox.cpp).
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kMemoryLimited = false;
#else
constexpr bool kMemoryLimited = true;
#endif

TEST_CASE("a worker that aborts, lies or exceeds its memory costs one read; the next read works") {
    const std::string worker = barcode::FindWorker("");
    REQUIRE(!worker.empty());
    const cv::Mat frame = QrFrame();
    std::vector<const char*> modes = {"abort", "garbage"};
    if (kMemoryLimited) modes.push_back("alloc");
    for (const char* mode : modes) {
        CAPTURE(mode);
        barcode::WorkerClient client(worker, 512);
        client.SetFaultForTests(mode);
        std::vector<barcode::RawSymbol> symbols;
        const Error e = client.Decode(frame, barcode::EngineOptions{}, 5000, symbols);
        CHECK(e.code == ErrorCode::DecoderFailed);
        CHECK(symbols.empty());
        CHECK(!client.running());
        client.SetFaultForTests("");
        CHECK(DecodesText(client, frame));
    }
}

TEST_CASE("a worker that hangs is killed at the timeout; the next read works") {
    const std::string worker = barcode::FindWorker("");
    REQUIRE(!worker.empty());
    const cv::Mat frame = QrFrame();
    barcode::WorkerClient client(worker, 512);
    client.SetFaultForTests("hang");
    // Long enough for a fresh worker's first frame on a loaded or sanitizer
    // build (the same client decodes again after the hang), short for a test.
    const int timeout_ms = 1500;
    const auto start = std::chrono::steady_clock::now();
    std::vector<barcode::RawSymbol> symbols;
    const Error e = client.Decode(frame, barcode::EngineOptions{}, timeout_ms, symbols);
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    CHECK(e.code == ErrorCode::DecoderFailed);
    CHECK(e.message.find("timed out") != std::string::npos);
    CHECK(ms >= 1400);
    CHECK(ms < 4000);  // bounded by the timeout, not by the worker
    client.SetFaultForTests("");
    CHECK(DecodesText(client, frame));
}

TEST_CASE("the fault switch of the environment reaches no worker: the library does not read it") {
    setenv("DOCINTAKE_BARCODE_WORKER_FAULT", "abort", 1);
    BarcodeReader reader;
    const bool read = ReadsText(reader, QrFrame());
    unsetenv("DOCINTAKE_BARCODE_WORKER_FAULT");
    CHECK(read);
}

TEST_CASE("DOCINTAKE_BARCODE_WORKER does not choose the worker: only BarcodeReaderOptions::worker_path does") {
    setenv("DOCINTAKE_BARCODE_WORKER", "/bin/false", 1);
    BarcodeReader by_environment;
    const bool read = ReadsText(by_environment, QrFrame());
    unsetenv("DOCINTAKE_BARCODE_WORKER");
    CHECK(read);  // /bin/false would have answered nothing
    BarcodeReaderOptions options;
    options.worker_path = "/bin/false";
    BarcodeReader by_option(options);
    CHECK(by_option.Read(ViewOf(QrFrame())).error.code == ErrorCode::DecoderFailed);
}

TEST_CASE("no worker executable: an error, never a silent in-process decode") {
    BarcodeReaderOptions options;
    options.worker_path = "/nonexistent/docintake-barcode-worker";
    Error error;
    const auto reads = ReadBarcodes(ViewOf(QrFrame()), options, &error);
    CHECK(reads.empty());
    CHECK(error.code == ErrorCode::DecoderFailed);
}

TEST_CASE("in-process decoding (sandbox off) gives the same reading") {
    BarcodeReaderOptions options;
    options.sandbox = false;
    BarcodeReader reader(options);
    CHECK(ReadsText(reader, QrFrame()));
}

TEST_CASE("invalid image views give InvalidImage") {
    BarcodeReader reader;
    CHECK(reader.Read(ImageView()).error.code == ErrorCode::InvalidImage);
    const std::uint8_t pixel = 0;
    CHECK(reader.Read(ImageView(&pixel, 10, 10, PixelFormat::Gray, 5)).error.code == ErrorCode::InvalidImage);
}

TEST_CASE("the worker confines itself: no file access, no inherited descriptors, limits set") {
    // A descriptor without close-on-exec that the worker must not keep.
    const int leaked = open("/dev/null", O_RDONLY);
    REQUIRE(leaked >= 0);
    const std::string cmd = std::string(DOCINTAKE_BIN_DIR) + "/docintake-barcode-worker --probe --memory-mb=256";
    FILE* p = popen(cmd.c_str(), "r");
    REQUIRE(p);
    char line[256] = {};
    const bool got = std::fgets(line, sizeof line, p) != nullptr;
    pclose(p);
    close(leaked);
    REQUIRE(got);
    if (kMemoryLimited)
        CHECK(std::string(line) == "open=denied fds=3 as_mb=256 core=0\n");
    else
        CHECK(std::string(line).rfind("open=denied fds=3 ", 0) == 0);
}

TEST_CASE("protocol: responses out of bounds are rejected") {
    using namespace barcode;
    RawSymbol s;
    s.format = BarcodeFormat::DataMatrix;
    s.bytes = {0xDC, 0x03, 0x01};
    s.quad = {10, 10, 50, 10, 50, 50, 10, 50};
    std::vector<std::uint8_t> wire = protocol::EncodeResponse({s});
    std::vector<RawSymbol> out;
    REQUIRE(protocol::ParseResponseBody(wire.data() + 4, wire.size() - 4, 100, 100, out));
    REQUIRE(out.size() == 1);
    CHECK(out[0].bytes == s.bytes);
    CHECK(out[0].quad[2] == 50.0f);

    auto corrupt = [&](std::size_t at, std::uint8_t value) {
        std::vector<std::uint8_t> bad = wire;
        bad[at] = value;
        return protocol::ParseResponseBody(bad.data() + 4, bad.size() - 4, 100, 100, out);
    };
    CHECK_FALSE(corrupt(4, 'X'));            // magic
    CHECK_FALSE(corrupt(4 + 8, 17));         // symbol count above the limit
    CHECK_FALSE(corrupt(4 + 12, 9));         // unknown format
    CHECK_FALSE(corrupt(4 + 16 + 3, 0x7F));  // corner coordinate far outside the frame (or NaN)
    CHECK_FALSE(corrupt(4 + 48 + 1, 0x10));  // byte count larger than what follows
    std::vector<std::uint8_t> trailing = wire;
    trailing.push_back(0);
    CHECK_FALSE(protocol::ParseResponseBody(trailing.data() + 4, trailing.size() - 4, 100, 100, out));
    CHECK_FALSE(protocol::ParseResponseBody(wire.data() + 4, 11, 100, 100, out));
}
