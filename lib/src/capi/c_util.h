#pragma once
// Shared by the C API's entry points (c_api.cpp, c_store.cpp, c_scanner.cpp,
// c_handoff.cpp): the handles' structs, status mapping, the catch-everything
// guard, strings and fields handed to C callers.

#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <string>

#include "docintake/c.h"
#include "docintake/error.h"
#include "docintake/mrz.h"
#include "docintake/read_mrz.h"
#include "docintake/scanner.h"
#include "docintake/store.h"

// A reader keeps its last reading so that dit_store_add_reading can build a record
// with the reading's own provenance and confidences.
struct dit_reader {
    docintake::MrzReader reader;
    docintake::MrzReadResult last;
};

// A scanner keeps its last update so that dit_store_add_scan can build a record
// of the agreed reading.
struct dit_scanner {
    docintake::DocumentScanner scanner;
    docintake::ScanUpdate last;
};

struct dit_store {
    std::unique_ptr<docintake::RecordStore> store;
};

namespace docintake::capi {

inline dit_status FromError(ErrorCode code) {
    switch (code) {
        case ErrorCode::None: return DIT_OK;
        case ErrorCode::InvalidImage: return DIT_ERROR_INVALID_IMAGE;
        case ErrorCode::ModelNotFound: return DIT_ERROR_MODEL_NOT_FOUND;
        case ErrorCode::EmptyInput:
        case ErrorCode::InvalidCharacter:
        case ErrorCode::WrongLineCount:
        case ErrorCode::WrongLineLength:
        case ErrorCode::UnknownFormat: return DIT_ERROR_NOT_AN_MRZ;
        case ErrorCode::InvalidArgument: return DIT_ERROR_INVALID_ARGUMENT;
        case ErrorCode::IoError: return DIT_ERROR_IO;
        case ErrorCode::NotFound: return DIT_ERROR_NOT_FOUND;
        case ErrorCode::WrongKey: return DIT_ERROR_WRONG_KEY;
        case ErrorCode::NotAStore:
        case ErrorCode::CorruptStore:
        case ErrorCode::PermissionDenied:
        case ErrorCode::AlreadyExists:
        case ErrorCode::Conflict:
        case ErrorCode::Busy: return DIT_ERROR_STORE;
        case ErrorCode::OutOfMemory: return DIT_ERROR_OUT_OF_MEMORY;
        default: return DIT_ERROR_INTERNAL;
    }
}

// Runs body; any exception becomes a status (bad_alloc: out of memory).
template <typename Body>
dit_status Guarded(Body&& body) noexcept {
    try {
        return body();
    } catch (const std::bad_alloc&) {
        return DIT_ERROR_OUT_OF_MEMORY;
    } catch (...) {
        return DIT_ERROR_INTERNAL;
    }
}

// A malloc'ed copy for the caller to release with dit_string_free.
inline char* Duplicate(const std::string& text) {
    char* copy = static_cast<char*>(std::malloc(text.size() + 1));
    if (copy == nullptr) throw std::bad_alloc();
    std::memcpy(copy, text.c_str(), text.size() + 1);
    return copy;
}

// Copies a string into a fixed C array, cut to fit and NUL-terminated.
template <std::size_t N>
void CopyField(char (&to)[N], const std::string& from) {
    const std::size_t n = from.size() < N - 1 ? from.size() : N - 1;
    std::memcpy(to, from.data(), n);
    to[n] = '\0';
}

// The parsed fields of a result; found = 1 (status, feedback and valid are the caller's).
inline void FillFields(const Mrz& mrz, dit_mrz_result& out) {
    out.found = 1;
    CopyField(out.format, ToString(mrz.format));
    CopyField(out.document_code, mrz.document_code);
    CopyField(out.issuing_state, mrz.issuing_state.code);
    CopyField(out.nationality, mrz.nationality.code);
    CopyField(out.document_number, mrz.document_number);
    CopyField(out.surname, mrz.surname);
    CopyField(out.given_names, mrz.given_names);
    CopyField(out.birth_date, mrz.birth_date.iso());
    CopyField(out.expiry_date, mrz.expiry_date.iso());
    CopyField(out.sex, ToString(mrz.sex));
    CopyField(out.optional_data, mrz.optional_data);
}

// A C image view as the library's, checked; false for a view no call takes.
bool ToView(const dit_image* image, ImageView& view);

}  // namespace docintake::capi
