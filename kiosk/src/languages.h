#pragma once
// GET /api/languages: the configured languages, each with its own name in its
// own script, writing direction, whether a native speaker reviewed the catalog,
// and whether spoken prompts exist. Taken from each catalog's "_meta" member
// (kiosk/i18n/<code>.json), with a built-in table for names when it has none.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace docintake::kiosk {

struct LanguagePaths {
    std::string i18n_dir;    // kiosk/i18n
    std::string voices_dir;  // kiosk/voices (recorded)
    std::string audio_dir;   // <build>/kiosk/audio (generated)
};

nlohmann::json LanguagesJson(const std::vector<std::string>& codes, const LanguagePaths& paths);

// Whether a language code or prompt key is safe to put in a path: [a-z0-9_.-], no "..".
bool IsSafeName(const std::string& name);

}  // namespace docintake::kiosk
