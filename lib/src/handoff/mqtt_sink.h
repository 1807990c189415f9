#pragma once
// The mqtt:// and mqtts:// sink (libmosquitto, MQTT 5, QoS 1).

#include <memory>
#include <string>

#include "docintake/handoff.h"
#include "handoff/sink_url.h"

namespace docintake::handoff {

// `url` is parsed already (scheme mqtt or mqtts); `error` is set for a path that
// is no topic one may publish to.
std::unique_ptr<Sink> MakeMqttSink(const SinkUrl& url, const SinkOptions& options, Error& error);

}  // namespace docintake::handoff
