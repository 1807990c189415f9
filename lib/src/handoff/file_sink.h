#pragma once
// The file:///DIR sink: one <record id>.json per record, written atomically.

#include <memory>
#include <string>

#include "docintake/handoff.h"

namespace docintake::handoff {

// `dir` is an absolute path; it need not exist yet (a USB stick may be plugged in later).
std::unique_ptr<Sink> MakeFileSink(const std::string& dir);

}  // namespace docintake::handoff
