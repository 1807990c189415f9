#include "languages.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace docintake::kiosk {
namespace fs = std::filesystem;

namespace {
struct KnownLanguage {
    const char* name;
    const char* dir;
};

const std::map<std::string, KnownLanguage>& Known() {
    static const std::map<std::string, KnownLanguage> known = {
        {"en", {"English", "ltr"}},     {"ar", {"العربية", "rtl"}},   {"fa", {"فارسی", "rtl"}},
        {"prs", {"دری", "rtl"}},        {"ps", {"پښتو", "rtl"}},       {"ur", {"اردو", "rtl"}},
        {"ku", {"Kurdî", "ltr"}},       {"ckb", {"کوردی", "rtl"}},     {"uk", {"Українська", "ltr"}},
        {"ru", {"Русский", "ltr"}},     {"fr", {"Français", "ltr"}},   {"es", {"Español", "ltr"}},
        {"de", {"Deutsch", "ltr"}},     {"it", {"Italiano", "ltr"}},   {"tr", {"Türkçe", "ltr"}},
        {"ti", {"ትግርኛ", "ltr"}},        {"am", {"አማርኛ", "ltr"}},       {"so", {"Soomaali", "ltr"}},
        {"el", {"Ελληνικά", "ltr"}},    {"bn", {"বাংলা", "ltr"}},       {"sq", {"Shqip", "ltr"}},
        {"ka", {"ქართული", "ltr"}}, {"kmr", {"Kurmancî", "ltr"}}, {"mk", {"Македонски", "ltr"}},
        {"sh", {"Bosanski / Hrvatski / Srpski", "ltr"}},     {"pt", {"Português", "ltr"}},  {"ha", {"Hausa", "ltr"}},
    };
    return known;
}

bool HasWavFiles(const std::string& dir) {
    std::error_code ec;
    if (dir.empty() || !fs::is_directory(dir, ec)) return false;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
        if (it->path().extension() == ".wav") return true;
    return false;
}
}  // namespace

bool IsSafeName(const std::string& name) {
    if (name.empty() || name.size() > 64 || name.find("..") != std::string::npos) return false;
    for (char c : name)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
              c == '.'))
            return false;
    return true;
}

nlohmann::json LanguagesJson(const std::vector<std::string>& codes, const LanguagePaths& paths) {
    using nlohmann::json;
    json list = json::array();
    for (const std::string& code : codes) {
        if (!IsSafeName(code)) continue;
        json entry{{"code", code}, {"name", code}, {"dir", "ltr"}, {"reviewed", false}};
        const auto known = Known().find(code);
        if (known != Known().end()) {
            entry["name"] = known->second.name;
            entry["dir"] = known->second.dir;
        }
        std::ifstream file(paths.i18n_dir + "/" + code + ".json");
        if (file) {
            std::stringstream text;
            text << file.rdbuf();
            const json catalog = json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
            if (!catalog.is_discarded() && catalog.is_object() && catalog.contains("_meta") &&
                catalog["_meta"].is_object()) {
                const json& meta = catalog["_meta"];
                if (meta.contains("name") && meta["name"].is_string()) entry["name"] = meta["name"];
                if (meta.contains("dir") && meta["dir"].is_string()) entry["dir"] = meta["dir"];
                if (meta.contains("reviewed") && meta["reviewed"].is_boolean()) entry["reviewed"] = meta["reviewed"];
            }
        }
        entry["voice"] = HasWavFiles(paths.voices_dir + "/" + code) || HasWavFiles(paths.audio_dir + "/" + code);
        list.push_back(std::move(entry));
    }
    return list;
}

}  // namespace docintake::kiosk
