#pragma once
// An exception caught at a public entry point, as the typed Error the caller gets
// instead. Header-only: it names OpenCV's exception, and only code that links
// OpenCV includes it (the parsers library does not).

#include <exception>
#include <new>
#include <string>

#include <opencv2/core.hpp>

#include "docintake/error.h"

namespace docintake::util {

// `doing` says what failed, e.g. "reading the frame"; it never holds personal data.
inline Error ErrorOfException(const std::exception& e, const char* doing) {
    const auto* cv_error = dynamic_cast<const cv::Exception*>(&e);
    if (dynamic_cast<const std::bad_alloc*>(&e) != nullptr || (cv_error && cv_error->code == cv::Error::StsNoMem))
        return {ErrorCode::OutOfMemory, std::string(doing) + ": out of memory"};
    return {ErrorCode::Internal, std::string(doing) + " failed: " + e.what()};
}

}  // namespace docintake::util
