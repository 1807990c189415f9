#pragma once
// Each subcommand of the docintake CLI lives in its own file and adds itself here.
// Exit codes: 0 success, 1 input read but not valid, 2 bad input or usage.
// A subcommand ends with a non-zero code by throwing CLI::RuntimeError(code).

#include <CLI/CLI.hpp>

namespace docintake::cli {

// Adds `parse`: MRZ text (arguments or stdin) to one JSON object.
void AddParseCommand(CLI::App& app);
// Adds `read`: the MRZ of image files, one JSON object per image.
void AddReadCommand(CLI::App& app);
// Adds `scan`: one agreed MRZ from a video, image folder or camera.
void AddScanCommand(CLI::App& app);
// Adds `decode-barcode`: one symbol's payload bytes to one JSON object.
void AddDecodeBarcodeCommand(CLI::App& app);
// Adds `outbox list|send|purge|resend`: the record store's outbox (no personal data).
void AddOutboxCommand(CLI::App& app);
// Adds `record show|audit`: one stored record by id, and the audit log.
void AddRecordCommand(CLI::App& app);
// Adds `calibrate`: per-frame measures for technicians, sweeps, device profile.
void AddCalibrateCommand(CLI::App& app);
// Adds `selftest`: read the printed test card for N frames; a pass/fail verdict.
void AddSelfTestCommand(CLI::App& app);

}  // namespace docintake::cli
