#pragma once
// Tesseract ends the process (ASSERT_HOST -> abort) on some damaged models instead
// of failing Init: e.g. a .traineddata whose LSTM bytes are flipped. A model that
// is not our own (model_digest.h) is therefore first loaded by a separate program,
// docintake-model-probe, where dying costs nothing. It is started with
// posix_spawn, never by forking the host: a fork of a host with other threads may
// only call async-signal-safe functions, and loading a model is far from that.

#include <string>

namespace docintake::ocr {

enum class ProbeOutcome {
    Loaded,     // the probe loaded the model
    Refused,    // Tesseract's load returned failure
    Died,       // the probe aborted or crashed: the model must not be loaded here
    Ended,      // the probe exited without a verdict (it could not run, e.g. a library missing)
    NoAnswer,   // the probe could not be started, or gave no answer in time
};

// The probe program: `configured` if set (and then only it), else
// docintake-model-probe next to the running executable (the build tree's bin/),
// else the installed libexec/docintake/ one beside the library's code, else the
// configured install prefix's. Empty when none is an executable file. No
// environment variable is consulted.
std::string FindModelProbe(const std::string& configured);

// Runs the probe at `probe_path` on `model` (the bytes of a .traineddata; the
// probe reads exactly these from its stdin, so what it vets is what the host then
// loads) with an empty environment, stdout and stderr on /dev/null and none of
// the host's other file descriptors. The verdict comes through a pipe, not the
// exit status: a host that reaps every child (SIGCHLD ignored, its own
// waitpid(-1)) cannot take it away. A probe still running after `timeout_ms` is
// killed: NoAnswer.
ProbeOutcome ProbeModel(const std::string& probe_path, const std::string& model, const std::string& model_name,
                        int timeout_ms);

}  // namespace docintake::ocr
