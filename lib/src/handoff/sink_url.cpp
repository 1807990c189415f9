#include "handoff/sink_url.h"

#include <cctype>
#include <cstdlib>

namespace docintake::handoff {
namespace {

Error Invalid(const char* what) { return Error{ErrorCode::InvalidArgument, std::string("sink URL: ") + what}; }

int HexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool PercentDecode(const std::string& in, std::string& out) {
    out.clear();
    for (std::size_t i = 0; i < in.size(); ++i) {
        if (in[i] != '%') {
            out += in[i];
            continue;
        }
        if (i + 2 >= in.size()) return false;
        const int hi = HexValue(in[i + 1]), lo = HexValue(in[i + 2]);
        if (hi < 0 || lo < 0) return false;
        const char c = static_cast<char>(hi * 16 + lo);
        if (c == '\0') return false;  // would cut a C string short
        out += c;
        i += 2;
    }
    return true;
}

bool HasControlOrSpace(const std::string& s) {
    for (unsigned char c : s)
        if (c <= 0x20 || c == 0x7f) return true;
    return false;
}

}  // namespace

Error ParseSinkUrl(const std::string& url, SinkUrl& out) {
    out = SinkUrl{};
    if (url.empty()) return Invalid("empty");
    if (HasControlOrSpace(url)) return Invalid("contains spaces or control characters");
    const std::size_t colon = url.find("://");
    if (colon == std::string::npos || colon == 0) return Invalid("missing scheme:// prefix");
    for (std::size_t i = 0; i < colon; ++i) {
        const char c = url[i];
        if (!std::isalpha(static_cast<unsigned char>(c)) && !(i > 0 && (std::isdigit(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.')))
            return Invalid("malformed scheme");
        out.scheme += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    std::string rest = url.substr(colon + 3);
    // The fragment and query are no part of any sink's address.
    const std::size_t cut = rest.find_first_of("?#");
    if (cut != std::string::npos) {
        if (out.scheme == "mqtt" || out.scheme == "mqtts" || out.scheme == "file") return Invalid("query or fragment not allowed");
        rest.resize(cut);
    }
    const std::size_t slash = rest.find('/');
    std::string authority = rest.substr(0, slash);
    const std::string raw_path = slash == std::string::npos ? "/" : rest.substr(slash);
    if (!PercentDecode(raw_path, out.path)) return Invalid("bad percent-encoding in the path");

    const std::size_t at = authority.rfind('@');
    if (at != std::string::npos) {
        const std::string userinfo = authority.substr(0, at);
        authority = authority.substr(at + 1);
        const std::size_t sep = userinfo.find(':');
        if (!PercentDecode(userinfo.substr(0, sep), out.username)) return Invalid("bad percent-encoding in the user name");
        if (sep != std::string::npos && !PercentDecode(userinfo.substr(sep + 1), out.password))
            return Invalid("bad percent-encoding in the password");
    }
    std::string port_text;
    if (!authority.empty() && authority[0] == '[') {
        const std::size_t close = authority.find(']');
        if (close == std::string::npos) return Invalid("unclosed '[' in the host");
        out.host = authority.substr(1, close - 1);
        const std::string after = authority.substr(close + 1);
        if (!after.empty()) {
            if (after[0] != ':') return Invalid("malformed host");
            port_text = after.substr(1);
        }
    } else {
        const std::size_t p = authority.rfind(':');
        out.host = authority.substr(0, p);
        if (p != std::string::npos) port_text = authority.substr(p + 1);
    }
    if (!port_text.empty()) {
        if (port_text.size() > 5) return Invalid("port out of range");
        for (char c : port_text)
            if (!std::isdigit(static_cast<unsigned char>(c))) return Invalid("port is not a number");
        out.port = std::atoi(port_text.c_str());
        if (out.port < 1 || out.port > 65535) return Invalid("port out of range");
    }
    return {};
}

bool IsSafeRecordId(const std::string& id) {
    if (id.empty() || id.size() > 128) return false;
    for (unsigned char c : id)
        if (!std::isalnum(c) && c != '-' && c != '_') return false;
    return true;
}

}  // namespace docintake::handoff
