#pragma once
// Typed errors: bad input gets an Error value, never an exception or an abort.

#include <string>

namespace docintake {

enum class ErrorCode {
    None = 0,
    EmptyInput,        // nothing to parse
    InvalidCharacter,  // a byte outside what the format allows (MRZ: A-Z 0-9 <)
    WrongLineCount,    // MRZ: not a line count any format has (1 to 3 lines)
    WrongLineLength,   // MRZ: lines of a length no format has
    UnknownFormat,     // lengths fit, but no format matches the content
    InvalidImage,      // image view with bad size, stride or null data
    ModelNotFound,     // OCR model file missing or unreadable
    MalformedPayload,  // barcode payload that does not follow its own format
    Unsupported,       // well-formed, but a version or feature we do not handle
    DecoderFailed,     // the sandboxed barcode decoder crashed, hung or answered nonsense
    Internal,          // a bug of ours; the message says where
    // Records, store and handoff.
    InvalidArgument,   // a value the call does not take (a field name, a URL scheme, ...)
    NotAStore,         // the folder is missing or holds something that is not a record store
    WrongKey,          // the store key does not open this store
    CorruptStore,      // the database or a sealed record fails its checks
    PermissionDenied,  // a key file others may read, a folder we may not write
    IoError,           // the disk or the database refused a read or write
    NotFound,          // no record with that id (or it was purged)
    AlreadyExists,     // a record with that id is stored already
    Conflict,          // the change is not allowed in the record's state (e.g. edit after delivery)
    Busy,              // another process holds what this one needs (the sender's lock)
    OutOfMemory,       // an allocation failed (a huge frame, a memory limit); nothing was changed
};

struct Error {
    ErrorCode code = ErrorCode::None;
    std::string message;  // one line, for people; never contains personal data

    explicit operator bool() const { return code != ErrorCode::None; }
};

// Stable lower-case name for an error code, e.g. "wrong_line_length".
const char* ToString(ErrorCode code);

}  // namespace docintake
