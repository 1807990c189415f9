#pragma once
// Each subcommand of the docintake CLI lives in its own file and adds itself here.
// Exit codes: 0 success, 1 input read but not valid, 2 bad input or usage.
// A subcommand ends with a non-zero code by throwing CLI::RuntimeError(code).

#include <CLI/CLI.hpp>

namespace docintake::cli {

// Adds `parse`: MRZ text (arguments or stdin) to one JSON object.
void AddParseCommand(CLI::App& app);

}  // namespace docintake::cli
