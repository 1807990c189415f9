#pragma once
#include <chrono>
#include <cstdint>

namespace docintake::kiosk {

// Seconds on the monotonic clock (countdowns, frame times).
inline double MonotonicSeconds() {
    using namespace std::chrono;
    return duration<double>(steady_clock::now().time_since_epoch()).count();
}

// Unix milliseconds (what logs and staff status report).
inline std::int64_t UnixMillis() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace docintake::kiosk
