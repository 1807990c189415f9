#pragma once
// The library's version. The macros describe the headers you compiled against;
// Version() the library you run with (they differ if the library was swapped).
//   #if DOCINTAKE_VERSION_NUMBER >= DOCINTAKE_MAKE_VERSION(0, 2, 0) ...

#include "docintake/version_number.h"  // generated: DOCINTAKE_VERSION_MAJOR/MINOR/PATCH/STRING

#define DOCINTAKE_MAKE_VERSION(major, minor, patch) ((major) * 10000 + (minor) * 100 + (patch))
#define DOCINTAKE_VERSION_NUMBER \
    DOCINTAKE_MAKE_VERSION(DOCINTAKE_VERSION_MAJOR, DOCINTAKE_VERSION_MINOR, DOCINTAKE_VERSION_PATCH)

#ifdef __cplusplus
namespace docintake {
// The library's version, e.g. "0.1.0".
const char* Version();
}  // namespace docintake
#endif
