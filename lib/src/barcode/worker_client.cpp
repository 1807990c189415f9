#include "barcode/worker_client.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "barcode/worker_protocol.h"
#include "util/install_dirs.h"

namespace docintake::barcode {
namespace {

using Clock = std::chrono::steady_clock;

// A worker is replaced after this many frames, before its CPU-time limit or any
// slow leak in the decoder could matter.
constexpr int kRecycleFrames = 2000;

int RemainingMs(Clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    return left <= 0 ? 0 : static_cast<int>(left < INT_MAX ? left : INT_MAX);
}

// Waits for the socket to be ready in `events`; false on timeout or error.
bool WaitFor(int fd, short events, Clock::time_point deadline) {
    for (;;) {
        pollfd p{fd, events, 0};
        const int r = poll(&p, 1, RemainingMs(deadline));
        if (r > 0) return (p.revents & events) != 0 || (p.revents & POLLHUP) != 0;
        if (r == 0) return false;
        if (errno != EINTR) return false;
    }
}

enum class Io { Ok, Timeout, Closed };

Io SendAll(int fd, const std::uint8_t* data, std::size_t size, Clock::time_point deadline) {
    while (size > 0) {
        if (!WaitFor(fd, POLLOUT, deadline)) return RemainingMs(deadline) == 0 ? Io::Timeout : Io::Closed;
        const ssize_t n = send(fd, data, size, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n < 0) {
            if (errno == EAGAIN || errno == EINTR) continue;
            return Io::Closed;
        }
        data += n;
        size -= static_cast<std::size_t>(n);
    }
    return Io::Ok;
}

Io RecvAll(int fd, std::uint8_t* data, std::size_t size, Clock::time_point deadline) {
    while (size > 0) {
        if (!WaitFor(fd, POLLIN, deadline)) return RemainingMs(deadline) == 0 ? Io::Timeout : Io::Closed;
        const ssize_t n = recv(fd, data, size, MSG_DONTWAIT);
        if (n == 0) return Io::Closed;
        if (n < 0) {
            if (errno == EAGAIN || errno == EINTR) continue;
            return Io::Closed;
        }
        data += n;
        size -= static_cast<std::size_t>(n);
    }
    return Io::Ok;
}

Error Failed(const std::string& what) { return {ErrorCode::DecoderFailed, "barcode worker " + what}; }

}  // namespace

std::string FindWorker(const std::string& configured) {
#ifdef DOCINTAKE_INSTALLED_WORKER
    return FindHelperProgram(configured, "docintake-barcode-worker", DOCINTAKE_INSTALLED_WORKER);
#else
    return FindHelperProgram(configured, "docintake-barcode-worker", nullptr);
#endif
}

WorkerClient::WorkerClient(std::string worker_path, std::size_t memory_mb, bool shared_frames)
    : path_(std::move(worker_path)), memory_mb_(memory_mb), shared_frames_(shared_frames) {}

WorkerClient::~WorkerClient() { Stop(); }

namespace {

// A memfd of `bytes`, mapped writable here; sealed so that its size is fixed
// and no one (the worker) can map it writable later. -1 where memfds or seals
// are missing: pixels then go through the socket.
int MakeFrameBuffer(std::size_t bytes, std::uint8_t** map) {
#if defined(MFD_CLOEXEC) && defined(MFD_ALLOW_SEALING)
    const int fd = memfd_create("docintake-frame", MFD_CLOEXEC | MFD_ALLOW_SEALING);
    if (fd < 0) return -1;
    void* p = MAP_FAILED;
    if (ftruncate(fd, static_cast<off_t>(bytes)) == 0)
        p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (p == MAP_FAILED) {
        close(fd);
        return -1;
    }
    int seals = F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL;
#ifdef F_SEAL_FUTURE_WRITE
    seals |= F_SEAL_FUTURE_WRITE;
#endif
    // Unsealed, the worker could map the buffer writable: then the socket it is.
    if (fcntl(fd, F_ADD_SEALS, seals) != 0) {
        munmap(p, bytes);
        close(fd);
        return -1;
    }
    *map = static_cast<std::uint8_t*>(p);
    return fd;
#else
    (void)bytes;
    (void)map;
    return -1;
#endif
}

}  // namespace

Error WorkerClient::Start(std::size_t frame_bytes) {
    if (frame_bytes > 0) {
        // Whole MiB, so that a camera's frames of one size keep one buffer, but
        // never more than the worker accepts to map (protocol::kMaxPixels).
        const std::size_t mib = (frame_bytes + (1u << 20) - 1) & ~((std::size_t{1} << 20) - 1);
        const std::size_t bytes = std::min(mib, std::max(frame_bytes, protocol::kMaxPixels));
        frame_fd_ = MakeFrameBuffer(bytes, &frame_map_);
        frame_capacity_ = frame_fd_ >= 0 ? bytes : 0;
    }
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
        Stop();  // the frame buffer goes too; the next Start makes a new one
        return Failed("could not get a socket");
    }
    // Frames are ~2 MB: a larger buffer saves the worker a few wake-ups per frame.
    const int buffer = 1 << 20;
    setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &buffer, sizeof buffer);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, sv[1], 0);
    posix_spawn_file_actions_adddup2(&actions, sv[1], 1);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    if (frame_fd_ >= 0) posix_spawn_file_actions_adddup2(&actions, frame_fd_, protocol::kFrameBufferFd);
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
    // Nothing of ours beyond the socket: camera handles, files, other sockets.
    posix_spawn_file_actions_addclosefrom_np(&actions, protocol::kFrameBufferFd + 1);
#endif
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    sigset_t none, defaults;
    sigemptyset(&none);
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGPIPE);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setsigdefault(&attr, &defaults);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

    std::string memory = "--memory-mb=" + std::to_string(memory_mb_);
    std::string frame = "--frame-bytes=" + std::to_string(frame_capacity_);
    std::string fault = "--fault=" + fault_;
    std::vector<char*> argv = {const_cast<char*>(path_.c_str()), memory.data()};
    if (frame_fd_ >= 0) argv.push_back(frame.data());
    if (!fault_.empty()) argv.push_back(fault.data());
    argv.push_back(nullptr);
    char* envp[] = {nullptr};  // an empty environment: the worker needs none

    pid_t pid = -1;
    const int rc = posix_spawn(&pid, path_.c_str(), &actions, &attr, argv.data(), envp);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    close(sv[1]);
    if (rc != 0) {
        close(sv[0]);
        Stop();
        return Failed("could not be started");
    }
    pid_ = pid;
    fd_ = sv[0];
    frames_ = 0;
    return {};
}

void WorkerClient::Stop() {
    if (fd_ >= 0) close(fd_);
    fd_ = -1;
    if (pid_ > 0) {
        kill(pid_, SIGKILL);
        int status = 0;
        while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
        }
    }
    pid_ = -1;
    if (frame_map_) munmap(frame_map_, frame_capacity_);
    if (frame_fd_ >= 0) close(frame_fd_);
    frame_map_ = nullptr;
    frame_fd_ = -1;
    frame_capacity_ = 0;
}

Error WorkerClient::Decode(const cv::Mat& gray, const EngineOptions& options, int timeout_ms,
                           std::vector<RawSymbol>& symbols) {
    symbols.clear();
    if (gray.empty() || gray.type() != CV_8UC1 || !gray.isContinuous())
        return {ErrorCode::InvalidImage, "barcode worker: frame must be continuous 8-bit grey"};
    if (static_cast<std::uint32_t>(gray.cols) > protocol::kMaxSide ||
        static_cast<std::uint32_t>(gray.rows) > protocol::kMaxSide ||
        gray.total() > protocol::kMaxPixels)
        return {ErrorCode::InvalidImage, "barcode worker: frame too large"};
    // A larger frame than the buffer holds (another camera mode): a new worker with a larger one.
    if (frames_ >= kRecycleFrames || (running() && frame_fd_ >= 0 && gray.total() > frame_capacity_)) Stop();
    if (!running())
        if (Error e = Start(shared_frames_ ? gray.total() : 0)) return e;
    ++frames_;

    const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms > 0 ? timeout_ms : 1);
    protocol::RequestHeader h;
    h.width = static_cast<std::uint32_t>(gray.cols);
    h.height = static_cast<std::uint32_t>(gray.rows);
    h.formats = options.formats & kAllFormats;
    h.flags = options.full_frame_fallback ? protocol::kFlagFullFrameFallback : 0;
    const bool shared = frame_fd_ >= 0 && gray.total() <= frame_capacity_;
    if (shared) {
        std::memcpy(frame_map_, gray.data, gray.total());
        h.flags |= protocol::kFlagSharedPixels;
    }
    h.max_symbols = static_cast<std::uint32_t>(
        std::min<int>(std::max(options.max_symbols, 0), static_cast<int>(protocol::kMaxSymbols)));
    const std::vector<std::uint8_t> header = protocol::EncodeRequestHeader(h);

    auto fail = [&](Io io, const char* stage) {
        Stop();
        return Failed(io == Io::Timeout ? std::string("timed out (") + std::to_string(timeout_ms) + " ms) " + stage
                                        : std::string("died or closed its pipe ") + stage);
    };
    Io io = SendAll(fd_, header.data(), header.size(), deadline);
    if (io == Io::Ok && !shared) io = SendAll(fd_, gray.data, gray.total(), deadline);
    if (io != Io::Ok) return fail(io, "while receiving the frame");

    std::uint8_t prefix[4];
    if ((io = RecvAll(fd_, prefix, 4, deadline)) != Io::Ok) return fail(io, "while decoding");
    const std::uint32_t length = protocol::ReadU32(prefix);
    if (length < 12 || length > protocol::kMaxResponseBytes) {
        Stop();
        return Failed("answered out of protocol (length)");
    }
    std::vector<std::uint8_t> body(length);
    if ((io = RecvAll(fd_, body.data(), body.size(), deadline)) != Io::Ok) return fail(io, "while answering");
    if (!protocol::ParseResponseBody(body.data(), body.size(), gray.cols, gray.rows, symbols)) {
        symbols.clear();
        Stop();
        return Failed("answered out of protocol");
    }
    return {};
}

}  // namespace docintake::barcode
