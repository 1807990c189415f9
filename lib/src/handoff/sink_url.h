#pragma once
// Splitting a sink URL into its parts. Credentials in the URL (user:password@)
// are kept apart so that nothing that prints a part can leak them.

#include <string>

#include "docintake/error.h"

namespace docintake::handoff {

struct SinkUrl {
    std::string scheme;    // lower case: "http", "mqtts", "file", ...
    std::string username;  // percent-decoded; empty when the URL has none
    std::string password;
    std::string host;      // without IPv6 brackets
    int port = 0;          // 0: the scheme's default
    std::string path;      // percent-decoded, starts with '/' (may be just "/")
};

// Parses scheme://[user[:password]@]host[:port][/path]. The error message names
// what is wrong, never the URL itself.
Error ParseSinkUrl(const std::string& url, SinkUrl& out);

// Record ids become header values, MQTT properties and file names: only
// [0-9A-Za-z_-], 1 to 128 characters, may pass.
bool IsSafeRecordId(const std::string& id);

}  // namespace docintake::handoff
