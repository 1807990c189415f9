#include "docintake/error.h"

namespace docintake {

const char* ToString(ErrorCode code) {
    switch (code) {
        case ErrorCode::None: return "none";
        case ErrorCode::EmptyInput: return "empty_input";
        case ErrorCode::InvalidCharacter: return "invalid_character";
        case ErrorCode::WrongLineCount: return "wrong_line_count";
        case ErrorCode::WrongLineLength: return "wrong_line_length";
        case ErrorCode::UnknownFormat: return "unknown_format";
        case ErrorCode::InvalidImage: return "invalid_image";
        case ErrorCode::ModelNotFound: return "model_not_found";
        case ErrorCode::MalformedPayload: return "malformed_payload";
        case ErrorCode::Unsupported: return "unsupported";
        case ErrorCode::DecoderFailed: return "decoder_failed";
        case ErrorCode::Internal: return "internal";
        case ErrorCode::InvalidArgument: return "invalid_argument";
        case ErrorCode::NotAStore: return "not_a_store";
        case ErrorCode::WrongKey: return "wrong_key";
        case ErrorCode::CorruptStore: return "corrupt_store";
        case ErrorCode::PermissionDenied: return "permission_denied";
        case ErrorCode::IoError: return "io_error";
        case ErrorCode::NotFound: return "not_found";
        case ErrorCode::AlreadyExists: return "already_exists";
        case ErrorCode::Conflict: return "conflict";
        case ErrorCode::Busy: return "busy";
        case ErrorCode::OutOfMemory: return "out_of_memory";
    }
    return "unknown";
}

}  // namespace docintake
