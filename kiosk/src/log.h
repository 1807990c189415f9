#pragma once
// One line per event on stderr (the journal keeps it). Callers pass only events,
// states, counts and record ids: never a name, document number or date read from
// a document.

#include <cstdarg>

namespace docintake::kiosk {

void Log(const char* format, ...) __attribute__((format(printf, 1, 2)));

}  // namespace docintake::kiosk
