#pragma once
// Tesseract ends the process (ASSERT_HOST -> abort) on some damaged models instead
// of failing Init: e.g. a .traineddata whose LSTM bytes are flipped. A model is
// therefore first loaded in a short-lived child process, where dying costs nothing.

#include <functional>

namespace docintake::ocr {

enum class ProbeOutcome {
    Loaded,     // the child loaded the model
    Refused,    // the child's load returned failure
    Died,       // the child aborted or crashed: the model must not be loaded here
    // No answer: no child could be made (fork refused), or it gave no answer in
    // time. A fork of a host with other threads can stall on a lock one of them
    // held; that says nothing about the model, so the caller decides.
    NotProbed,
};

// Runs `load` in a forked child with its stdout and stderr on /dev/null (Tesseract
// prints why a load failed, and the host's output is not ours to write to) and
// the default action for crash signals (not the host's handlers). The child
// leaves with _exit: no atexit handlers, no flushing of the host's buffers.
ProbeOutcome ProbeInChild(const std::function<bool()>& load, int timeout_ms);

}  // namespace docintake::ocr
