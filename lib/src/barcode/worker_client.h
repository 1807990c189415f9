#pragma once
// The reader's side of the sandboxed worker: spawns docintake-barcode-worker,
// sends it frames, reads its answers with a deadline, and kills and forgets a
// worker that crashes, hangs or answers out of protocol. The next frame starts
// a fresh one, so a hostile symbol costs one read.

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

#include "barcode/engine.h"
#include "docintake/error.h"

namespace docintake::barcode {

// The worker executable: `configured` if set, else docintake-barcode-worker next
// to the running executable, else the installed libexec/docintake/ one. Empty when
// none of these is an executable file. No environment variable is consulted.
std::string FindWorker(const std::string& configured);

class WorkerClient {
public:
    // shared_frames: frames go through a shared buffer (off: through the
    // socket, as where memfds are missing).
    WorkerClient(std::string worker_path, std::size_t memory_mb, bool shared_frames = true);
    ~WorkerClient();
    WorkerClient(const WorkerClient&) = delete;
    WorkerClient& operator=(const WorkerClient&) = delete;

    // gray: CV_8UC1. On error the worker is gone and `symbols` is empty.
    Error Decode(const cv::Mat& gray, const EngineOptions& options, int timeout_ms, std::vector<RawSymbol>& symbols);

    bool running() const { return pid_ > 0; }
    pid_t pid() const { return pid_; }
    bool shares_frames() const { return frame_fd_ >= 0; }

    // Tests only (tests/unit/barcode_sandbox_test.cpp): workers started from now
    // on misbehave on their first frame: "abort", "hang", "garbage" or "alloc";
    // empty: none. Not reachable through the public API or the environment.
    void SetFaultForTests(std::string mode) { fault_ = std::move(mode); }

private:
    // frame_bytes: size of the shared frame buffer to set up (0: pixels go
    // through the socket).
    Error Start(std::size_t frame_bytes);
    void Stop();

    std::string path_;
    std::string fault_;
    std::size_t memory_mb_;
    bool shared_frames_;
    pid_t pid_ = -1;
    int fd_ = -1;
    int frames_ = 0;
    int frame_fd_ = -1;                    // memfd shared with the worker
    std::uint8_t* frame_map_ = nullptr;    // our writable mapping of it
    std::size_t frame_capacity_ = 0;
};

}  // namespace docintake::barcode
