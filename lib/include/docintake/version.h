#pragma once

namespace docintake {
// The library's version, e.g. "0.1.0".
const char* Version();
}  // namespace docintake
