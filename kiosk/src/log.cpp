#include "log.h"

#include <cstdio>
#include <ctime>

namespace docintake::kiosk {

void Log(const char* format, ...) {
    char line[512];
    va_list args;
    va_start(args, format);
    std::vsnprintf(line, sizeof line, format, args);
    va_end(args);
    timespec ts{};
    clock_gettime(CLOCK_REALTIME, &ts);
    std::tm tm{};
    gmtime_r(&ts.tv_sec, &tm);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%H:%M:%S", &tm);
    // One fprintf per line so lines from several threads do not interleave.
    std::fprintf(stderr, "docintake-kiosk %s.%03ld %s\n", stamp, ts.tv_nsec / 1000000, line);
}

}  // namespace docintake::kiosk
