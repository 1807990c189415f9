#pragma once
// Options shared by `docintake read` and `docintake scan`.

#include <cstdio>
#include <string>

#include <CLI/CLI.hpp>

#include <docintake/read_mrz.h>

#include "environment.h"

namespace docintake::cli {

struct ReaderArgs {
    std::string model_dir;
    std::string model = "mrz";
    std::string today;
};

inline void AddReaderOptions(CLI::App* cmd, ReaderArgs& args) {
    cmd->add_option("--model-dir", args.model_dir,
                    "Folder with <model>.traineddata (default: $DOCINTAKE_MODEL_DIR, then the models folder)");
    cmd->add_option("--model", args.model, "OCR model name: mrz (ours, default) or eng (stock, for comparison)");
    cmd->add_option("--today", args.today,
                    "Reference date YYYY-MM-DD for birth-date centuries and expiry (default: today, UTC)");
}

// Fills reader options; false (after printing why) when --today is malformed.
inline bool ToReaderOptions(const ReaderArgs& args, const char* command, MrzReaderOptions& options) {
    options.model_dir = args.model_dir.empty() ? ModelDirFromEnvironment() : args.model_dir;
    options.model_name = args.model;
    if (args.today.empty()) return true;
    const std::string& d = args.today;
    bool ok = d.size() == 10 && d[4] == '-' && d[7] == '-';
    for (std::size_t i = 0; ok && i < d.size(); ++i)
        if (i != 4 && i != 7 && (d[i] < '0' || d[i] > '9')) ok = false;
    if (!ok) {
        std::fprintf(stderr, "docintake %s: error: --today wants YYYY-MM-DD\n", command);
        return false;
    }
    options.parse.reference_date = std::stoi(d.substr(0, 4)) * 10000 + std::stoi(d.substr(5, 2)) * 100 + std::stoi(d.substr(8, 2));
    return true;
}

}  // namespace docintake::cli
