// The C API (docintake/c.h) over the C++ library. Every entry point catches
// everything: no C++ exception may unwind into a C caller.
#include "docintake/c.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>
#include <type_traits>

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include "docintake/mrz.h"
#include "docintake/read_mrz.h"
#include "docintake/version.h"
#include "json/mrz_json.h"
#include "json/read_json.h"
#include "capi/c_util.h"

namespace docintake::capi {

bool ToView(const dit_image* image, ImageView& view) {
    if (image == nullptr) return false;
    // A C caller may put any number in the enum: read it as the integer it is
    // (loading an out-of-range value as the enum is undefined in C++).
    std::underlying_type_t<dit_pixel_format> format = 0;
    static_assert(sizeof format == sizeof image->format);
    std::memcpy(&format, &image->format, sizeof format);
    if (format < DIT_PIXEL_GRAY || format > DIT_PIXEL_BGRA) return false;
    if (image->stride < 0) return false;
    view = ImageView(image->data, image->width, image->height, static_cast<PixelFormat>(format), image->stride);
    return view.valid();
}

}  // namespace docintake::capi

namespace {
using docintake::capi::CopyField;
using docintake::capi::Duplicate;
using docintake::capi::FillFields;
using docintake::capi::FromError;
using docintake::capi::Guarded;
using docintake::capi::ToView;
}  // namespace

// The enum values of dit_pixel_format are PixelFormat's, so the view is a cast.
static_assert(static_cast<int>(docintake::PixelFormat::Gray) == DIT_PIXEL_GRAY);
static_assert(static_cast<int>(docintake::PixelFormat::RGB) == DIT_PIXEL_RGB);
static_assert(static_cast<int>(docintake::PixelFormat::BGR) == DIT_PIXEL_BGR);
static_assert(static_cast<int>(docintake::PixelFormat::RGBA) == DIT_PIXEL_RGBA);
static_assert(static_cast<int>(docintake::PixelFormat::BGRA) == DIT_PIXEL_BGRA);

extern "C" {

const char* dit_error_string(dit_status status) {
    switch (status) {
        case DIT_OK: return "ok";
        case DIT_ERROR_INVALID_ARGUMENT: return "invalid argument";
        case DIT_ERROR_INVALID_IMAGE: return "invalid image (null pixels, bad size, stride or format)";
        case DIT_ERROR_MODEL_NOT_FOUND: return "the OCR model was not found or could not be loaded";
        case DIT_ERROR_NOT_AN_MRZ: return "the text is not an MRZ";
        case DIT_ERROR_IO: return "the file cannot be read as an image";
        case DIT_ERROR_OUT_OF_MEMORY: return "out of memory";
        case DIT_ERROR_INTERNAL: return "internal error";
        case DIT_ERROR_NOT_FOUND: return "no record with that id";
        case DIT_ERROR_WRONG_KEY: return "the key does not open this record store";
        case DIT_ERROR_STORE: return "the record store cannot be used (not a store, damaged, locked or not allowed)";
        case DIT_ERROR_NOT_VALID: return "no valid reading to make a record of";
        case DIT_ERROR_BUSY: return "another sender is handing off this store's outbox; try again later";
    }
    return "unknown status";
}

const char* dit_version(void) { return docintake::Version(); }

dit_status dit_reader_new(const char* model_dir, dit_reader** out) {
    if (out == nullptr) return DIT_ERROR_INVALID_ARGUMENT;
    *out = nullptr;
    return Guarded([&] {
        docintake::MrzReaderOptions options;
        if (model_dir != nullptr) options.model_dir = model_dir;
        auto* reader = new dit_reader{docintake::MrzReader(options), {}};
        // The code is copied out: the error lives in the reader deleted here.
        if (const docintake::ErrorCode code = reader->reader.init_error().code; code != docintake::ErrorCode::None) {
            delete reader;
            return FromError(code);
        }
        *out = reader;
        return DIT_OK;
    });
}

void dit_reader_free(dit_reader* reader) { delete reader; }  // ~MrzReader does not throw

dit_status dit_reader_read(dit_reader* reader, const dit_image* image, dit_mrz_result* out) {
    if (reader == nullptr || out == nullptr) return DIT_ERROR_INVALID_ARGUMENT;
    std::memset(out, 0, sizeof *out);
    docintake::ImageView view;
    if (!ToView(image, view)) return DIT_ERROR_INVALID_IMAGE;
    return Guarded([&] {
        reader->last = reader->reader.Read(view);
        const docintake::MrzReadResult& result = reader->last;
        if (result.error) return FromError(result.error.code);
        CopyField(out->status, docintake::ToString(result.status));
        CopyField(out->feedback, docintake::ToString(result.feedback));
        out->confidence = result.confidence;
        if (result.mrz) FillFields(*result.mrz, *out);
        out->valid = result.valid() ? 1 : 0;
        return DIT_OK;
    });
}

dit_status dit_reader_read_json(dit_reader* reader, const dit_image* image, const char* source, char** json_out) {
    if (reader == nullptr || json_out == nullptr) return DIT_ERROR_INVALID_ARGUMENT;
    *json_out = nullptr;
    docintake::ImageView view;
    if (!ToView(image, view)) return DIT_ERROR_INVALID_IMAGE;
    return Guarded([&] {
        reader->last = reader->reader.Read(view);
        const docintake::MrzReadResult& result = reader->last;
        if (result.error) return FromError(result.error.code);
        *json_out = Duplicate(docintake::ToJson(result, source ? source : "").dump());
        return DIT_OK;
    });
}

dit_status dit_parse(const char* text, dit_mrz_result* out) {
    if (text == nullptr || out == nullptr) return DIT_ERROR_INVALID_ARGUMENT;
    std::memset(out, 0, sizeof *out);
    return Guarded([&] {
        const docintake::MrzParseResult parsed = docintake::ParseMrz(std::string_view(text));
        if (parsed.error) return FromError(parsed.error.code);
        FillFields(parsed.mrz, *out);
        out->valid = parsed.mrz.valid() ? 1 : 0;
        CopyField(out->status, out->valid ? "valid" : "invalid");
        CopyField(out->feedback, "ok");
        out->confidence = out->valid ? 1.0 : 0.0;
        return DIT_OK;
    });
}

dit_status dit_parse_json(const char* text, char** json_out) {
    if (text == nullptr || json_out == nullptr) return DIT_ERROR_INVALID_ARGUMENT;
    *json_out = nullptr;
    return Guarded([&] {
        const docintake::MrzParseResult parsed = docintake::ParseMrz(std::string_view(text));
        if (parsed.error) return FromError(parsed.error.code);
        *json_out = Duplicate(docintake::ToJson(parsed.mrz).dump());
        return DIT_OK;
    });
}

dit_status dit_image_load(const char* path, dit_image* out) {
    if (path == nullptr || out == nullptr) return DIT_ERROR_INVALID_ARGUMENT;
    std::memset(out, 0, sizeof *out);
    return Guarded([&] {
        if (std::FILE* file = std::fopen(path, "rb")) {
            std::fclose(file);
        } else {
            return DIT_ERROR_IO;  // (OpenCV would print a warning with the path on stderr)
        }
        cv::Mat image;
        try {
            image = cv::imread(path, cv::IMREAD_COLOR);
        } catch (const cv::Exception&) {
            image.release();  // a corrupt file is bad input, not a crash
        }
        if (image.empty()) return DIT_ERROR_IO;
        const std::size_t row = static_cast<std::size_t>(image.cols) * 3;
        auto* pixels = static_cast<std::uint8_t*>(std::malloc(row * static_cast<std::size_t>(image.rows)));
        if (pixels == nullptr) return DIT_ERROR_OUT_OF_MEMORY;
        for (int y = 0; y < image.rows; ++y)
            std::memcpy(pixels + row * static_cast<std::size_t>(y), image.ptr(y), row);
        *out = dit_image{pixels, image.cols, image.rows, static_cast<int>(row), DIT_PIXEL_BGR};
        return DIT_OK;
    });
}

void dit_image_free(dit_image* image) {
    if (image == nullptr) return;
    std::free(const_cast<std::uint8_t*>(image->data));
    std::memset(image, 0, sizeof *image);
}

void dit_string_free(char* text) { std::free(text); }

}  // extern "C"
