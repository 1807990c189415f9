// BarcodeReader: grey frame -> symbols (in the sandboxed worker, or in process
// when the caller turns the sandbox off) -> payloads decoded here, in the
// parent, by our own fuzzed decoders.

#include <chrono>

#include "barcode/engine.h"
#include "barcode/worker_client.h"
#include "docintake/barcode.h"
#include "util/exception_error.h"
#include "vision/gray.h"

namespace docintake {

struct BarcodeReader::Impl {
    BarcodeReaderOptions options;
    std::unique_ptr<barcode::WorkerClient> worker;  // created on first sandboxed read
    cv::Mat gray_buffer;  // a colour frame's grey conversion, reused from frame to frame
};

BarcodeReader::BarcodeReader(BarcodeReaderOptions options) {
    try {
        impl_ = std::make_unique<Impl>();
    } catch (const std::exception&) {
        return;  // no state: Read reports it
    }
    impl_->options = std::move(options);
}
BarcodeReader::~BarcodeReader() = default;
BarcodeReader::BarcodeReader(BarcodeReader&&) noexcept = default;
BarcodeReader& BarcodeReader::operator=(BarcodeReader&&) noexcept = default;

namespace {
const BarcodeReaderOptions kNoOptions;
}  // namespace

const BarcodeReaderOptions& BarcodeReader::options() const { return impl_ ? impl_->options : kNoOptions; }

BarcodeReadResult BarcodeReader::Read(const ImageView& frame) {
    const auto start = std::chrono::steady_clock::now();
    BarcodeReadResult result;
    auto finish = [&]() {
        result.time_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
        return result;
    };
    if (!impl_) {
        result.error = {ErrorCode::Internal, "BarcodeReader has no state (moved from, or memory ran out while it was made)"};
        return finish();
    }
    // OpenCV reports allocation failures by exception: a frame gets a typed error.
    try {
        ReadInto(*impl_, frame, result);
    } catch (const std::exception& e) {
        result.barcodes.clear();
        result.error = util::ErrorOfException(e, "barcode reader: reading the frame");
    }
    return finish();
}

void BarcodeReader::ReadInto(Impl& impl, const ImageView& frame, BarcodeReadResult& result) {
    const BarcodeReaderOptions& o = impl.options;
    cv::Mat gray = vision::ToGray(frame, &impl.gray_buffer);
    if (gray.empty()) {
        result.error = {ErrorCode::InvalidImage, "barcode reader: invalid image view"};
        return;
    }
    if (!gray.isContinuous()) gray = gray.clone();

    barcode::EngineOptions engine;
    engine.formats = barcode::ToMask(o.formats);
    engine.full_frame_fallback = o.full_frame_fallback;
    engine.max_symbols = o.max_symbols;
    std::vector<barcode::RawSymbol> symbols;
    if (o.sandbox) {
        if (!impl.worker) {
            const std::string path = barcode::FindWorker(o.worker_path);
            if (path.empty()) {
                // Never fall back to decoding in process: that is what the sandbox is for.
                result.error = {ErrorCode::DecoderFailed,
                                "barcode worker not found (set BarcodeReaderOptions::worker_path)"};
                return;
            }
            impl.worker = std::make_unique<barcode::WorkerClient>(path, o.worker_memory_mb);
        }
        result.error = impl.worker->Decode(gray, engine, o.timeout_ms, symbols);
    } else {
        symbols = barcode::DecodeSymbols(gray, engine);
    }
    for (barcode::RawSymbol& s : symbols) {
        BarcodeRead read;
        read.format = s.format;
        read.payload = DecodePayload(s.bytes, s.format, o.payload);
        read.bytes = std::move(s.bytes);
        read.quad = s.quad;
        result.barcodes.push_back(std::move(read));
    }
}

std::vector<BarcodeRead> ReadBarcodes(const ImageView& frame, const BarcodeReaderOptions& options, Error* error) {
    BarcodeReader reader(options);
    BarcodeReadResult result = reader.Read(frame);
    if (error) *error = result.error;
    return std::move(result.barcodes);
}

}  // namespace docintake
