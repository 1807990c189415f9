#pragma once
// The http:// and https:// sink (libcurl).

#include <memory>
#include <string>

#include "docintake/handoff.h"

namespace docintake::handoff {

// `url` must already be known to be http:// or https://; `error` is set when
// curl refuses the URL or an option.
std::unique_ptr<Sink> MakeHttpSink(const std::string& url, const std::string& scheme, const SinkOptions& options,
                                   Error& error);

}  // namespace docintake::handoff
