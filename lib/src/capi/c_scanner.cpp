// The scanner part of the C API (docintake/c.h): frames pushed one by one, the
// scanner's vote and state returned as a plain struct.
#include <cstring>
#include <new>
#include <string>

#include "capi/c_util.h"
#include "docintake/scanner.h"

namespace {

using docintake::ScanUpdate;
using docintake::capi::CopyField;
using docintake::capi::FillFields;
using docintake::capi::FromError;
using docintake::capi::Guarded;

dit_scan_state ToC(ScanUpdate::State state) {
    switch (state) {
        case ScanUpdate::State::Searching: return DIT_SCAN_SEARCHING;
        case ScanUpdate::State::Reading: return DIT_SCAN_READING;
        case ScanUpdate::State::Done: return DIT_SCAN_DONE;
        case ScanUpdate::State::Failed: return DIT_SCAN_FAILED;
    }
    return DIT_SCAN_FAILED;
}

// The update as the C struct. The voted MRZ is "valid" only once the scan is
// Done: before that it is a vote in progress, not a reading to trust.
void Fill(const ScanUpdate& u, dit_scan_update& out) {
    out.state = ToC(u.state);
    CopyField(out.feedback, docintake::ToString(u.feedback));
    CopyField(out.reason, u.reason);
    out.frames_used = u.frames_used;
    out.frames_seen = u.frames_seen;
    out.confidence = u.confidence;
    const bool done = u.state == ScanUpdate::State::Done && u.mrz;
    if (u.mrz) FillFields(*u.mrz, out.mrz);
    out.mrz.valid = done ? 1 : 0;
    CopyField(out.mrz.status, done ? "valid" : (u.mrz ? "ambiguous" : "unreadable"));
    CopyField(out.mrz.feedback, docintake::ToString(u.feedback));
    out.mrz.confidence = u.confidence;
}

// Keeps the update (for dit_store_add_scan) and hands it out; a frame the
// scanner could not take is reported as its error.
dit_status Deliver(dit_scanner& scanner, ScanUpdate update, dit_scan_update* out) {
    const dit_status status = update.error ? FromError(update.error.code) : DIT_OK;
    Fill(update, *out);
    if (!update.error) scanner.last = std::move(update);
    return status;
}

}  // namespace

extern "C" {

void dit_scanner_options_init(dit_scanner_options* options) {
    if (options == nullptr) return;
    const docintake::ScannerOptions defaults;
    std::memset(options, 0, sizeof *options);
    options->struct_size = sizeof *options;
    options->model_dir = nullptr;
    options->min_agreeing_frames = defaults.min_agreeing_frames;
    options->max_frames = defaults.max_frames;
    options->min_confidence = defaults.min_confidence;
}

dit_status dit_scanner_new(const dit_scanner_options* options, dit_scanner** out) {
    if (out == nullptr) return DIT_ERROR_INVALID_ARGUMENT;
    *out = nullptr;
    if (options != nullptr &&
        (options->struct_size != sizeof *options || options->min_agreeing_frames < 1 || options->max_frames < 1 ||
         !(options->min_confidence >= 0.0 && options->min_confidence <= 1.0)))
        return DIT_ERROR_INVALID_ARGUMENT;
    return Guarded([&] {
        docintake::ScannerOptions scanner_options;
        if (options != nullptr) {
            if (options->model_dir != nullptr) scanner_options.reader.model_dir = options->model_dir;
            scanner_options.min_agreeing_frames = options->min_agreeing_frames;
            scanner_options.max_frames = options->max_frames;
            scanner_options.min_confidence = options->min_confidence;
        }
        auto* scanner = new dit_scanner{docintake::DocumentScanner(std::move(scanner_options)), {}};
        // The code is copied out: the error lives in the scanner deleted here.
        if (const docintake::ErrorCode code = scanner->scanner.init_error().code; code != docintake::ErrorCode::None) {
            delete scanner;
            return FromError(code);
        }
        *out = scanner;
        return DIT_OK;
    });
}

void dit_scanner_free(dit_scanner* scanner) { delete scanner; }

dit_status dit_scanner_push(dit_scanner* scanner, const dit_image* image, dit_scan_update* out) {
    if (scanner == nullptr || out == nullptr) return DIT_ERROR_INVALID_ARGUMENT;
    std::memset(out, 0, sizeof *out);
    docintake::ImageView view;
    if (!docintake::capi::ToView(image, view)) return DIT_ERROR_INVALID_IMAGE;
    return Guarded([&] { return Deliver(*scanner, scanner->scanner.Push(view), out); });
}

dit_status dit_scanner_finish(dit_scanner* scanner, dit_scan_update* out) {
    if (scanner == nullptr || out == nullptr) return DIT_ERROR_INVALID_ARGUMENT;
    std::memset(out, 0, sizeof *out);
    return Guarded([&] { return Deliver(*scanner, scanner->scanner.Finish(), out); });
}

dit_status dit_scanner_reset(dit_scanner* scanner) {
    if (scanner == nullptr) return DIT_ERROR_INVALID_ARGUMENT;
    return Guarded([&] {
        scanner->scanner.Reset();
        scanner->last = ScanUpdate{};
        return DIT_OK;
    });
}

}  // extern "C"
