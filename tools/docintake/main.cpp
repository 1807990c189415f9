// docintake: read identity documents' MRZ and barcodes from the command line.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <exception>

#include <docintake/version.h>

#include "commands.h"

int main(int argc, char** argv) {
    // Debian's Tesseract uses OpenMP, whose threads fight over small CPUs (560 ms
    // instead of 43 ms per line measured on 2 cores). libgomp reads the limit only
    // when the process starts, so set it and start again; go on if that fails.
    if (!std::getenv("OMP_THREAD_LIMIT") && setenv("OMP_THREAD_LIMIT", "1", 1) == 0) execv("/proc/self/exe", argv);
    CLI::App app{"docintake: read and check ICAO 9303 MRZs and document barcodes"};
    app.set_version_flag("--version", docintake::Version());
    app.require_subcommand(1);
    docintake::cli::AddParseCommand(app);
    docintake::cli::AddReadCommand(app);
    docintake::cli::AddScanCommand(app);
    docintake::cli::AddDecodeBarcodeCommand(app);
    docintake::cli::AddOutboxCommand(app);
    docintake::cli::AddRecordCommand(app);
    docintake::cli::AddCalibrateCommand(app);
    docintake::cli::AddSelfTestCommand(app);
    try {
        app.parse(argc, argv);
    } catch (const CLI::RuntimeError& e) {
        return e.get_exit_code();  // a subcommand's own exit code; it printed its message
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);  // usage errors: CLI11 prints them
        return code == 0 ? 0 : 2;
    } catch (const std::exception& e) {
        // Subcommands report bad input themselves; this is a last line of defence.
        std::fprintf(stderr, "docintake: error: %s\n", e.what());
        return 2;
    }
    return 0;
}
