#include "config.h"

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>

namespace docintake::kiosk {
namespace {

std::string Trim(const std::string& s) {
    const auto begin = s.find_first_not_of(" \t\r");
    if (begin == std::string::npos) return {};
    const auto end = s.find_last_not_of(" \t\r");
    return s.substr(begin, end - begin + 1);
}

bool ParseInt(const std::string& text, int min, int max, int& out) {
    if (text.empty()) return false;
    errno = 0;
    char* end = nullptr;
    const long v = std::strtol(text.c_str(), &end, 10);
    if (errno != 0 || *end != '\0' || v < min || v > max) return false;
    out = static_cast<int>(v);
    return true;
}

bool ParseDouble(const std::string& text, double min, double max, double& out) {
    if (text.empty()) return false;
    errno = 0;
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (errno != 0 || *end != '\0' || !(v >= min && v <= max)) return false;
    out = v;
    return true;
}

bool ParseBool(const std::string& text, bool& out) {
    if (text == "true" || text == "yes" || text == "1" || text == "on") return out = true, true;
    if (text == "false" || text == "no" || text == "0" || text == "off") return out = false, true;
    return false;
}

bool ParseList(const std::string& text, std::vector<std::string>& out) {
    std::vector<std::string> items;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ',')) {
        item = Trim(item);
        if (item.empty()) continue;
        for (char c : item)
            if (!((c >= 'a' && c <= 'z') || c == '-' || (c >= 'A' && c <= 'Z'))) return false;
        items.push_back(item);
    }
    if (items.empty()) return false;
    out = std::move(items);
    return true;
}

using Setter = std::function<bool(KioskConfig&, const std::string&)>;

std::map<std::string, Setter> Setters() {
    auto integer = [](int KioskConfig::*field, int min, int max) -> Setter {
        return [=](KioskConfig& c, const std::string& v) { return ParseInt(v, min, max, c.*field); };
    };
    auto text = [](std::string KioskConfig::*field) -> Setter {
        return [=](KioskConfig& c, const std::string& v) { return c.*field = v, true; };
    };
    auto flag = [](bool KioskConfig::*field) -> Setter {
        return [=](KioskConfig& c, const std::string& v) { return ParseBool(v, c.*field); };
    };
    return {
        {"listen_address", text(&KioskConfig::listen_address)},
        {"allow_remote", flag(&KioskConfig::allow_remote)},
        {"http_threads", integer(&KioskConfig::http_threads, 4, 256)},
        {"inactivity_seconds", integer(&KioskConfig::inactivity_seconds, 5, 24 * 3600)},
        {"done_seconds", integer(&KioskConfig::done_seconds, 1, 3600)},
        {"languages", [](KioskConfig& c, const std::string& v) { return ParseList(v, c.languages); }},
        {"staff_pin_hash", text(&KioskConfig::staff_pin_hash)},
        {"lockout_failures", integer(&KioskConfig::lockout_failures, 1, 1000)},
        {"lockout_seconds", integer(&KioskConfig::lockout_seconds, 1, 24 * 3600)},
        {"staff_token_seconds", integer(&KioskConfig::staff_token_seconds, 10, 24 * 3600)},
        {"handoff_url", text(&KioskConfig::handoff_url)},
        {"handoff_bearer_token", text(&KioskConfig::handoff_bearer_token)},
        {"handoff_ca_file", text(&KioskConfig::handoff_ca_file)},
        {"send_interval_seconds", integer(&KioskConfig::send_interval_seconds, 1, 24 * 3600)},
        {"purge_interval_seconds", integer(&KioskConfig::purge_interval_seconds, 1, 7 * 24 * 3600)},
        {"retention_delivered_hours", integer(&KioskConfig::retention_delivered_hours, 0, 24 * 3650)},
        {"retention_undelivered_hours", integer(&KioskConfig::retention_undelivered_hours, 0, 24 * 3650)},
        {"store_key_file", text(&KioskConfig::store_key_file)},
        {"source_fps", [](KioskConfig& c, const std::string& v) { return ParseDouble(v, 0.5, 120, c.source_fps); }},
        {"preview_width", integer(&KioskConfig::preview_width, 64, 640)},
        {"preview_fps", integer(&KioskConfig::preview_fps, 1, 30)},
        {"read_barcodes", flag(&KioskConfig::read_barcodes)},
        {"model_dir", text(&KioskConfig::model_dir)},
        {"device_profile", text(&KioskConfig::device_profile)},
        {"selftest_frames", integer(&KioskConfig::selftest_frames, 3, 600)},
        {"report_dir", text(&KioskConfig::report_dir)},
        {"web_root", text(&KioskConfig::web_root)},
        {"i18n_dir", text(&KioskConfig::i18n_dir)},
        {"voices_dir", text(&KioskConfig::voices_dir)},
        {"audio_dir", text(&KioskConfig::audio_dir)},
    };
}

}  // namespace

ConfigLoadResult ParseConfig(const std::string& text, KioskConfig base) {
    ConfigLoadResult result{std::move(base), {}};
    const auto setters = Setters();
    std::stringstream in(text);
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
        ++number;
        line = Trim(line);
        if (line.empty() || line[0] == '#') continue;
        const auto eq = line.find('=');
        const std::string where = "config line " + std::to_string(number);
        if (eq == std::string::npos) {
            result.error = {ErrorCode::InvalidArgument, where + ": expected key = value"};
            return result;
        }
        const std::string key = Trim(line.substr(0, eq));
        const std::string value = Trim(line.substr(eq + 1));
        const auto setter = setters.find(key);
        if (setter == setters.end()) {
            result.error = {ErrorCode::InvalidArgument, where + ": unknown key '" + key + "'"};
            return result;
        }
        // The value is not echoed: a PIN hash or a token must not reach the logs.
        if (!setter->second(result.config, value)) {
            result.error = {ErrorCode::InvalidArgument, where + ": bad value for '" + key + "'"};
            return result;
        }
    }
    return result;
}

ConfigLoadResult LoadConfig(const std::string& path) {
    if (path.empty()) return {};
    std::ifstream file(path);
    if (!file) return {{}, {ErrorCode::IoError, "cannot read the config file"}};
    std::stringstream text;
    text << file.rdbuf();
    return ParseConfig(text.str());
}

bool IsLoopbackAddress(const std::string& address) {
    return address == "localhost" || address == "::1" || address.rfind("127.", 0) == 0;
}

}  // namespace docintake::kiosk
