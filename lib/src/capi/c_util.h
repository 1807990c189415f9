#pragma once
// Shared by the C API's entry points (c_api.cpp, c_store.cpp): status mapping,
// the catch-everything guard, strings handed to C callers.

#include <cstdlib>
#include <cstring>
#include <new>
#include <string>

#include "docintake/c.h"
#include "docintake/error.h"
#include "docintake/read_mrz.h"

// A reader keeps its last reading so that dit_store_add_reading can build a record
// with the reading's own provenance and confidences.
struct dit_reader {
    docintake::MrzReader reader;
    docintake::MrzReadResult last;
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

}  // namespace docintake::capi
