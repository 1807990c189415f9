#pragma once
// Barcodes on identity documents: the symbol as read, and its payload decoded
// into the same field names as the MRZ where they mean the same.
//
// Payload decoding is pure (no image code) and safe on any bytes: AAMVA driving
// licences, ICAO Visible Digital Seals (VDS), VDS-NC (JSON in a QR code).
// Anything else is reported as text or binary, never guessed into identity fields.
//
// Reading symbols from camera frames (ZXing-C++ underneath) runs in a sandboxed
// worker process by default, because the decoder's code is the riskiest thing
// that touches a stranger's document (see docs/barcode-safety.md):
//
//   docintake::BarcodeReader reader;            // starts the worker once; reuse it
//   auto result = reader.Read(docintake::ViewOf(frame));
//   for (const auto& b : result.barcodes) use(b.payload.fields);

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "docintake/error.h"
#include "docintake/image_view.h"

namespace docintake {

enum class BarcodeFormat { PDF417, DataMatrix, QRCode, Aztec };
// "PDF417", "DataMatrix", "QRCode", "Aztec".
const char* ToString(BarcodeFormat format);

enum class PayloadKind { AAMVA, VDS, VDSNC, Text, Binary };
// "aamva", "vds", "vds-nc", "text", "binary".
const char* ToString(PayloadKind kind);

enum class SignatureStatus {
    Verified,    // signature checks out against a signer in the trust store
    Invalid,     // signature present and does not verify (or the signer's certificate is bad)
    Unverified,  // signature present, signer not in the trust store: not trusted
    Absent,      // the payload carries no signature
};
// "verified", "invalid", "unverified", "absent".
const char* ToString(SignatureStatus status);

// Field names follow the MRZ's: surname, given_names, document_number, nationality,
// birth_date (ISO 8601), sex (M/F/X), expiry_date, plus what a document type adds
// (issue_date, address, azr_number, ...). Order is the order of the payload.
using Fields = std::vector<std::pair<std::string, std::string>>;

// Signer certificates the user trusts for VDS and VDS-NC signatures.
class TrustStore {
public:
    TrustStore();
    ~TrustStore();
    TrustStore(TrustStore&&) noexcept;
    TrustStore& operator=(TrustStore&&) noexcept;

    // Loads every certificate (DER or PEM: .der .crt .cer .pem) in a directory.
    // Returns an error naming the first file that cannot be read as a certificate.
    static TrustStore FromDirectory(const std::string& dir, Error* error = nullptr);
    bool empty() const;
    std::size_t size() const;

    struct Impl;
    const Impl* impl() const { return impl_.get(); }

private:
    std::unique_ptr<Impl> impl_;
};

struct PayloadOptions {
    const TrustStore* trust = nullptr;  // null: nothing is trusted, signatures are unverified
    // Reference date (YYYYMMDD, 0 = today UTC) for certificate validity and expiry.
    std::int32_t reference_date = 0;
};

struct DecodedPayload {
    PayloadKind kind = PayloadKind::Binary;
    std::string document_type;  // e.g. "driving_licence", "arrival_attestation", "residence_permit"
    Fields fields;
    SignatureStatus signature = SignatureStatus::Absent;
    std::string signer;            // e.g. VDS signer and certificate reference "DETS27"
    std::vector<std::string> warnings;  // snake_case, e.g. "truncated_surname", "expired"
    Error error;  // set when the payload claims a format (AAMVA header, VDS magic) but breaks it
};

// Decodes the bytes of one symbol. Never throws; malformed input gives an error
// and kind Text or Binary with no identity fields.
DecodedPayload DecodePayload(const std::vector<std::uint8_t>& bytes, BarcodeFormat format,
                             const PayloadOptions& options = {});

struct BarcodeReaderOptions {
    std::vector<BarcodeFormat> formats;  // empty: all four
    PayloadOptions payload;              // trust store and reference date for the decoders
    // Decode in a separate low-privilege worker process (memory, CPU and time limits,
    // no file access). Turn off only for trusted images (e.g. your own test symbols).
    bool sandbox = true;
    // Per frame: a worker that has not answered by then is killed and restarted,
    // and the frame's read returns an error.
    int timeout_ms = 2000;
    // The worker executable. Empty: docintake-barcode-worker next to the running
    // executable, else the installed libexec/docintake/ (docs/embedding.md). The
    // library reads no environment variable for it; a program that wants one
    // (our CLI: DOCINTAKE_BARCODE_WORKER) reads it and sets this.
    std::string worker_path;
    std::size_t worker_memory_mb = 512;  // RLIMIT_AS of the worker
    // When no candidate region yields a symbol, also run ZXing over the whole
    // frame (finds what the region search misses; costs tens of ms per empty frame).
    bool full_frame_fallback = true;
    int max_symbols = 4;
};

struct BarcodeRead {
    BarcodeFormat format = BarcodeFormat::QRCode;
    std::vector<std::uint8_t> bytes;  // the symbol's payload bytes, as encoded
    DecodedPayload payload;
    std::array<float, 8> quad{};      // x0,y0..x3,y3 of the symbol in the frame
};

struct BarcodeReadResult {
    std::vector<BarcodeRead> barcodes;
    // Set when the frame could not be searched: invalid image, worker missing,
    // crashed, timed out or answered nonsense. The next Read starts a new worker.
    Error error;
    double time_ms = 0;  // wall time of the read, including the worker round trip
};

// Owns the worker process (started on first use, restarted after a failure).
// Movable, not copyable.
//
// Threads: one reader is used by one thread at a time; readers on different
// threads are independent (each its own worker) and may read at once (tested,
// also under ThreadSanitizer in process: tests/unit/thread_readers_test.cpp).
// DecodePayload and ReadBarcodes may be called from any thread.
class BarcodeReader {
public:
    explicit BarcodeReader(BarcodeReaderOptions options = {});
    ~BarcodeReader();
    BarcodeReader(BarcodeReader&&) noexcept;
    BarcodeReader& operator=(BarcodeReader&&) noexcept;
    BarcodeReader(const BarcodeReader&) = delete;
    BarcodeReader& operator=(const BarcodeReader&) = delete;

    const BarcodeReaderOptions& options() const;
    BarcodeReadResult Read(const ImageView& frame);

private:
    struct Impl;
    static void ReadInto(Impl& impl, const ImageView& frame, BarcodeReadResult& result);
    std::unique_ptr<Impl> impl_;
};

// One-shot convenience (starts and stops a worker). Errors go to *error when given.
std::vector<BarcodeRead> ReadBarcodes(const ImageView& frame, const BarcodeReaderOptions& options = {},
                                      Error* error = nullptr);

}  // namespace docintake
