// RFC 8785 canonical JSON for VDS-NC signature checks.
#include "barcode/payload/vdsnc_canonical.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <utility>
#include <vector>

namespace docintake::vds {
namespace {

// UTF-16 code units of a UTF-8 string (the parser has already checked it).
std::u16string Utf16(const std::string& s) {
    std::u16string out;
    for (std::size_t i = 0; i < s.size();) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        std::uint32_t cp = c;
        std::size_t n = 0;
        if (c >= 0xF0) cp = c & 0x07u, n = 3;
        else if (c >= 0xE0) cp = c & 0x0Fu, n = 2;
        else if (c >= 0xC0) cp = c & 0x1Fu, n = 1;
        for (std::size_t k = 1; k <= n && i + k < s.size(); ++k)
            cp = cp << 6 | (static_cast<unsigned char>(s[i + k]) & 0x3Fu);
        i += n + 1;
        if (cp >= 0x10000) {
            cp -= 0x10000;
            out.push_back(static_cast<char16_t>(0xD800 + (cp >> 10)));
            out.push_back(static_cast<char16_t>(0xDC00 + (cp & 0x3FF)));
        } else {
            out.push_back(static_cast<char16_t>(cp));
        }
    }
    return out;
}

void AppendString(const std::string& s, std::string& out) {
    static const char kHex[] = "0123456789abcdef";
    out.push_back('"');
    for (char ch : s) {
        const unsigned char c = static_cast<unsigned char>(ch);
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (c < 0x20) {
                    out += "\\u00";
                    out.push_back(kHex[c >> 4]);
                    out.push_back(kHex[c & 15]);
                } else {
                    out.push_back(ch);
                }
        }
    }
    out.push_back('"');
}

// ECMAScript Number::toString: the shortest digits that read back the same
// double, in plain notation from 1e-6 to below 1e21, exponent notation outside.
bool AppendNumber(double v, std::string& out) {
    if (!std::isfinite(v)) return false;
    if (v == 0) {
        out += "0";
        return true;
    }
    if (v < 0) {
        out.push_back('-');
        v = -v;
    }
    char buf[40];
    int precision = 1;
    for (; precision <= 17; ++precision) {
        std::snprintf(buf, sizeof buf, "%.*e", precision - 1, v);
        if (std::strtod(buf, nullptr) == v) break;
    }
    // buf is "d.ddde[+-]xx": split into digits and exponent.
    std::string digits;
    const char* p = buf;
    for (; *p && *p != 'e'; ++p)
        if (*p != '.') digits.push_back(*p);
    const int exponent = std::atoi(p + 1);
    while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
    const int k = static_cast<int>(digits.size());
    const int n = exponent + 1;  // position of the decimal point
    if (k <= n && n <= 21) {
        out += digits + std::string(static_cast<std::size_t>(n - k), '0');
    } else if (0 < n && n <= 21) {
        out += digits.substr(0, static_cast<std::size_t>(n)) + "." + digits.substr(static_cast<std::size_t>(n));
    } else if (-6 < n && n <= 0) {
        out += "0." + std::string(static_cast<std::size_t>(-n), '0') + digits;
    } else {
        out += digits.substr(0, 1);
        if (k > 1) out += "." + digits.substr(1);
        out += (n - 1 >= 0 ? "e+" : "e-") + std::to_string(std::abs(n - 1));
    }
    return true;
}

bool Append(const nlohmann::json& v, std::string& out, int depth) {
    if (depth < 0) return false;
    switch (v.type()) {
        case nlohmann::json::value_t::null: out += "null"; return true;
        case nlohmann::json::value_t::boolean: out += v.get<bool>() ? "true" : "false"; return true;
        case nlohmann::json::value_t::number_integer: out += std::to_string(v.get<std::int64_t>()); return true;
        case nlohmann::json::value_t::number_unsigned: out += std::to_string(v.get<std::uint64_t>()); return true;
        case nlohmann::json::value_t::number_float: return AppendNumber(v.get<double>(), out);
        case nlohmann::json::value_t::string: AppendString(v.get_ref<const std::string&>(), out); return true;
        case nlohmann::json::value_t::array: {
            out.push_back('[');
            bool first = true;
            for (const auto& item : v) {
                if (!first) out.push_back(',');
                first = false;
                if (!Append(item, out, depth - 1)) return false;
            }
            out.push_back(']');
            return true;
        }
        case nlohmann::json::value_t::object: {
            std::vector<std::pair<std::u16string, const std::string*>> keys;
            for (auto it = v.begin(); it != v.end(); ++it) keys.emplace_back(Utf16(it.key()), &it.key());
            std::sort(keys.begin(), keys.end());
            out.push_back('{');
            bool first = true;
            for (const auto& key : keys) {
                if (!first) out.push_back(',');
                first = false;
                AppendString(*key.second, out);
                out.push_back(':');
                if (!Append(v.at(*key.second), out, depth - 1)) return false;
            }
            out.push_back('}');
            return true;
        }
        default: return false;  // binary and discarded values are not JSON text
    }
}

}  // namespace

bool CanonicalJson(const nlohmann::json& value, std::string& out, int max_depth) {
    out.clear();
    return Append(value, out, max_depth);
}

}  // namespace docintake::vds
