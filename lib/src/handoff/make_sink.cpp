// MakeSink: the URL's scheme picks the sink.

#include <unistd.h>

#include "docintake/handoff.h"
#include "handoff/file_sink.h"
#include "handoff/http_sink.h"
#include "handoff/mqtt_sink.h"
#include "handoff/sink_url.h"

namespace docintake {
namespace {

SinkResult Refuse(std::string message) { return {nullptr, Error{ErrorCode::InvalidArgument, std::move(message)}}; }

// A file named in the options that cannot be read now will not be readable at
// the first delivery either: say so while someone is looking.
Error CheckReadable(const std::string& path, const char* option) {
    if (path.empty() || ::access(path.c_str(), R_OK) == 0) return {};
    return {ErrorCode::InvalidArgument, std::string("sink option ") + option + ": file not readable"};
}

// A token goes into a header line: a line break in it would add headers of its own.
bool HasControlCharacter(const std::string& text) {
    for (unsigned char c : text)
        if (c < 0x20 || c == 0x7f) return true;
    return false;
}

}  // namespace

SinkResult MakeSink(const std::string& url, const SinkOptions& options) {
    handoff::SinkUrl parts;
    if (Error error = handoff::ParseSinkUrl(url, parts)) return {nullptr, error};
    if (options.timeout_ms <= 0 || options.connect_timeout_ms <= 0) return Refuse("sink options: timeouts must be positive");
    if (HasControlCharacter(options.bearer_token)) return Refuse("sink option bearer_token: control characters");
    for (const auto& [path, name] : {std::pair{&options.ca_file, "ca_file"}, std::pair{&options.client_cert, "client_cert"},
                                     std::pair{&options.client_key, "client_key"}})
        if (Error error = CheckReadable(*path, name)) return {nullptr, error};

    SinkResult result;
    if (parts.scheme == "http" || parts.scheme == "https") {
        if (parts.host.empty()) return Refuse("sink URL: no host");
        result.sink = handoff::MakeHttpSink(url, parts.scheme, options, result.error);
    } else if (parts.scheme == "mqtt" || parts.scheme == "mqtts") {
        result.sink = handoff::MakeMqttSink(parts, options, result.error);
    } else if (parts.scheme == "file") {
        if (!parts.host.empty() && parts.host != "localhost") return Refuse("file sink: use file:///absolute/folder (no host)");
        if (!parts.username.empty() || parts.port != 0) return Refuse("file sink: use file:///absolute/folder (no user or port)");
        std::string dir = parts.path;
        while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
        if (dir == "/") return Refuse("file sink: name a folder, not the root");
        result.sink = handoff::MakeFileSink(dir);
    } else {
        return Refuse("sink URL: unsupported scheme (use http, https, mqtt, mqtts or file)");
    }
    if (result.error) result.sink.reset();
    return result;
}

}  // namespace docintake
