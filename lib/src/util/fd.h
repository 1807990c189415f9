#pragma once
// An owned POSIX file descriptor and a write that finishes: the small pieces the
// store's key file and the model probe's pipes both need.

#include <cerrno>
#include <cstddef>

#include <unistd.h>

namespace docintake {

// A file descriptor closed when it goes out of scope (or is replaced); -1: none.
class UniqueFd {
public:
    explicit UniqueFd(int fd = -1) : fd_(fd) {}
    ~UniqueFd() { reset(); }
    UniqueFd(const UniqueFd&) = delete;
    UniqueFd& operator=(const UniqueFd&) = delete;
    int get() const { return fd_; }
    void reset(int fd = -1) {
        if (fd_ >= 0) close(fd_);
        fd_ = fd;
    }

private:
    int fd_;
};

// Writes all `size` bytes, going on after short writes and EINTR; false on error.
inline bool WriteAll(int fd, const void* data, std::size_t size) {
    const char* bytes = static_cast<const char*>(data);
    while (size > 0) {
        const ssize_t n = write(fd, bytes, size);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        bytes += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

}  // namespace docintake
