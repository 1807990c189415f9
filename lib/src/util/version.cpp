#include "docintake/version.h"

namespace docintake {
const char* Version() { return DOCINTAKE_VERSION_STRING; }
}  // namespace docintake
