#pragma once
// The reader's side of the sandboxed worker: spawns docintake-barcode-worker,
// sends it frames, reads its answers with a deadline, and kills and forgets a
// worker that crashes, hangs or answers out of protocol. The next frame starts
// a fresh one, so a hostile symbol costs one read.

#include <sys/types.h>

#include <string>
#include <vector>

#include "barcode/engine.h"
#include "docintake/error.h"

namespace docintake::barcode {

// The worker executable: `configured` if set, else $DOCINTAKE_BARCODE_WORKER,
// else docintake-barcode-worker next to the running executable. Empty when none
// of these is an executable file.
std::string FindWorker(const std::string& configured);

class WorkerClient {
public:
    WorkerClient(std::string worker_path, std::size_t memory_mb);
    ~WorkerClient();
    WorkerClient(const WorkerClient&) = delete;
    WorkerClient& operator=(const WorkerClient&) = delete;

    // gray: CV_8UC1. On error the worker is gone and `symbols` is empty.
    Error Decode(const cv::Mat& gray, const EngineOptions& options, int timeout_ms, std::vector<RawSymbol>& symbols);

    bool running() const { return pid_ > 0; }
    pid_t pid() const { return pid_; }

private:
    Error Start();
    void Stop();

    std::string path_;
    std::size_t memory_mb_;
    pid_t pid_ = -1;
    int fd_ = -1;
    int frames_ = 0;
};

}  // namespace docintake::barcode
