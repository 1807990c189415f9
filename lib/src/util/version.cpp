#include "docintake/version.h"

namespace docintake {
const char* Version() { return "0.1.0"; }
}  // namespace docintake
