// docintake-barcode-worker: decodes frames sent by BarcodeReader on stdin and
// answers on stdout (protocol in barcode/worker_protocol.h), confined by
// barcode/worker/sandbox.h. Started and killed by the reader; not for people.
//
//   --memory-mb=N   address-space limit (default 512)
//   --frame-bytes=N descriptor 3 is a frame buffer of N bytes (worker_protocol.h)
//   --probe         apply the sandbox, then print what it allows and exit (tests)
//
//   --fault=MODE    (tests only) abort | hang | garbage | alloc: misbehave on the
//                   first frame, so that tests can show the reader survives it. Only
//                   WorkerClient::SetFaultForTests passes it; no environment
//                   variable is read (the worker is started with an empty one).

#include <fcntl.h>
#include <malloc.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <opencv2/core.hpp>
#include <string>
#include <vector>

#include "barcode/engine.h"
#include "barcode/worker/sandbox.h"
#include "barcode/worker_protocol.h"

namespace {

using namespace docintake::barcode;
using docintake::barcode::worker::LockDown;
using docintake::barcode::worker::RestrictResources;

bool ReadExact(std::uint8_t* p, std::size_t n) {
    while (n > 0) {
        const ssize_t r = read(0, p, n);
        if (r == 0) return false;
        if (r < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        p += r;
        n -= static_cast<std::size_t>(r);
    }
    return true;
}

bool WriteAll(const std::uint8_t* p, std::size_t n) {
    while (n > 0) {
        const ssize_t w = write(1, p, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        p += w;
        n -= static_cast<std::size_t>(w);
    }
    return true;
}

void Misbehave(const std::string& fault) {
    if (fault == "abort") std::abort();
    if (fault == "hang")
        for (;;) sleep(1);
    if (fault == "garbage") {
        const std::uint8_t lie[] = {0xff, 0xff, 0xff, 0x7f, 'n', 'o', 'p', 'e'};
        WriteAll(lie, sizeof lie);
        for (;;) sleep(1);
    }
    if (fault == "alloc") {
        // 1 GiB: more than the address-space limit allows.
        void* p = std::malloc(std::size_t{1} << 30);
        if (!p) std::_Exit(3);
        std::memset(p, 1, std::size_t{1} << 30);
        std::free(p);
    }
}

struct ProbeReport {
    int open_fds = 0;
    rlimit as{}, core{};
};

// After RestrictResources: what is left open and which limits hold.
ProbeReport ProbeLimits() {
    ProbeReport r;
    for (int i = 0; i < 64; ++i)
        if (fcntl(i, F_GETFD) != -1) ++r.open_fds;
    getrlimit(RLIMIT_AS, &r.as);
    getrlimit(RLIMIT_CORE, &r.core);
    return r;
}

// After LockDown: can a file still be opened?
int Probe(const ProbeReport& r) {
    const int fd = open("/etc/hostname", O_RDONLY);
    char line[160];
    const int n = std::snprintf(line, sizeof line, "open=%s fds=%d as_mb=%llu core=%llu\n",
                                fd >= 0 ? "allowed" : "denied", r.open_fds,
                                static_cast<unsigned long long>(r.as.rlim_cur >> 20),
                                static_cast<unsigned long long>(r.core.rlim_cur));
    WriteAll(reinterpret_cast<const std::uint8_t*>(line), static_cast<std::size_t>(n));
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    std::size_t memory_mb = 512, frame_bytes = 0;
    bool probe = false;
    std::string fault;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg.rfind("--memory-mb=", 0) == 0) memory_mb = std::strtoul(arg.c_str() + 12, nullptr, 10);
        else if (arg.rfind("--frame-bytes=", 0) == 0) frame_bytes = std::strtoul(arg.c_str() + 14, nullptr, 10);
        else if (arg.rfind("--fault=", 0) == 0) fault = arg.substr(8);
        else if (arg == "--probe") probe = true;
        else return 2;
    }
    if (memory_mb < 64) memory_mb = 64;
    // Keep freed memory: every frame allocates the same large crops and bit
    // matrices, and memory handed back to the kernel comes back as thousands of
    // page faults per frame (a third of the decode time on 1080p frames).
    // The address-space limit still bounds the total.
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, static_cast<int>(std::min<std::size_t>(memory_mb / 2, 1024)) << 20);

    // Mapped read-only before the descriptor is closed with the others.
    const std::uint8_t* frame_buffer = nullptr;
    if (frame_bytes > 0 && frame_bytes <= protocol::kMaxPixels) {
        void* p = mmap(nullptr, frame_bytes, PROT_READ, MAP_SHARED, protocol::kFrameBufferFd, 0);
        if (p == MAP_FAILED) return 7;
        frame_buffer = static_cast<const std::uint8_t*>(p);
    }
    if (!RestrictResources(memory_mb)) return 4;
    const ProbeReport limits = probe ? ProbeLimits() : ProbeReport{};
    // Single-threaded, and warmed up before the filter: OpenCV and ZXing set up
    // lazily (CPU features, allocators) with calls the filter would refuse.
    cv::setNumThreads(0);
    {
        cv::Mat warm(64, 64, CV_8UC1, cv::Scalar(255));
        DecodeSymbols(warm, EngineOptions{});
    }
    if (!LockDown()) return 5;
    if (probe) return Probe(limits);

    std::vector<std::uint8_t> pixels;
    for (;;) {
        std::uint8_t raw[protocol::kRequestHeaderBytes];
        if (!ReadExact(raw, sizeof raw)) return 0;  // the reader closed the pipe: done
        protocol::RequestHeader h;
        if (!protocol::ParseRequestHeader(raw, sizeof raw, h)) return 6;
        const std::size_t size = static_cast<std::size_t>(h.width) * h.height;
        const std::uint8_t* data = frame_buffer;
        if (h.flags & protocol::kFlagSharedPixels) {
            if (!frame_buffer || size > frame_bytes) return 6;
        } else {
            pixels.resize(size);
            if (!ReadExact(pixels.data(), pixels.size())) return 0;
            data = pixels.data();
        }
        if (!fault.empty()) Misbehave(fault);

        // Read-only: nothing in DecodeSymbols writes to its input.
        const cv::Mat gray(static_cast<int>(h.height), static_cast<int>(h.width), CV_8UC1,
                           const_cast<std::uint8_t*>(data));
        EngineOptions options;
        options.formats = h.formats;
        options.full_frame_fallback = (h.flags & protocol::kFlagFullFrameFallback) != 0;
        options.max_symbols = static_cast<int>(h.max_symbols);
        std::vector<RawSymbol> symbols;
        try {
            symbols = DecodeSymbols(gray, options);
        } catch (...) {
            symbols.clear();  // e.g. std::bad_alloc at the memory limit: an empty answer
        }
        const std::vector<std::uint8_t> response = protocol::EncodeResponse(symbols);
        if (!WriteAll(response.data(), response.size())) return 0;
    }
}
