// docintake parse LINE1 LINE2 [LINE3] | docintake parse < mrz.txt
#include <cstdio>
#include <iostream>
#include <iterator>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <docintake/mrz.h>

#include "commands.h"
#include "json/mrz_json.h"

namespace docintake::cli {
namespace {

struct ParseArgs {
    std::vector<std::string> lines;
    std::string reference_date;
};

int RunParse(const ParseArgs& args) {
    MrzParseOptions options;
    if (!args.reference_date.empty()) {
        const std::string& d = args.reference_date;
        bool ok = d.size() == 10 && d[4] == '-' && d[7] == '-';
        for (std::size_t i = 0; ok && i < d.size(); ++i)
            if (i != 4 && i != 7 && (d[i] < '0' || d[i] > '9')) ok = false;
        if (!ok) {
            std::fprintf(stderr, "docintake parse: error: --today wants YYYY-MM-DD\n");
            return 2;
        }
        options.reference_date = std::stoi(args.reference_date.substr(0, 4)) * 10000 +
                                 std::stoi(args.reference_date.substr(5, 2)) * 100 +
                                 std::stoi(args.reference_date.substr(8, 2));
    }
    MrzParseResult result;
    if (args.lines.empty()) {
        // Read at most a little more than any MRZ; the parser rejects the rest.
        std::string text(4096, '\0');
        std::cin.read(text.data(), static_cast<std::streamsize>(text.size()));
        text.resize(static_cast<std::size_t>(std::cin.gcount()));
        result = ParseMrz(text, options);
    } else {
        result = ParseMrz(args.lines, options);
    }
    if (result.error) {
        std::fprintf(stderr, "docintake parse: error: %s: %s\n", ToString(result.error.code),
                     result.error.message.c_str());
        return 2;
    }
    std::cout << ToJson(result.mrz).dump() << "\n";
    return result.mrz.valid() ? 0 : 1;
}

}  // namespace

void AddParseCommand(CLI::App& app) {
    auto args = std::make_shared<ParseArgs>();
    CLI::App* cmd = app.add_subcommand(
        "parse", "Parse and check MRZ text; prints one JSON object (exit 0 valid, 1 invalid, 2 not an MRZ)");
    cmd->add_option("lines", args->lines, "MRZ lines (1 to 3); read from stdin when absent");
    cmd->add_option("--today", args->reference_date,
                    "Reference date YYYY-MM-DD for birth-date centuries and expiry (default: today, UTC)");
    cmd->callback([args] {
        const int code = RunParse(*args);
        if (code != 0) throw CLI::RuntimeError(code);
    });
}

}  // namespace docintake::cli
