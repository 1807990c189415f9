#include "handoff/file_sink.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "handoff/sink_url.h"

namespace docintake::handoff {
namespace {

DeliveryOutcome Retry(const char* what, int error_number) {
    // strerror's text is fixed per errno: no path, no content.
    return {DeliveryOutcome::Kind::Retry, std::string(what) + ": " + std::strerror(error_number)};
}

class Fd {
public:
    explicit Fd(int fd) : fd_(fd) {}
    ~Fd() {
        if (fd_ >= 0) ::close(fd_);
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return fd_; }
    int Close() {
        const int result = ::close(fd_);
        fd_ = -1;
        return result;
    }

private:
    int fd_;
};

// True when `path` holds exactly `content` (an earlier delivery of the same record).
bool HoldsSame(int dir_fd, const std::string& name, const std::string& content) {
    Fd fd(::openat(dir_fd, name.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
    if (fd.get() < 0) return false;
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode) || static_cast<std::size_t>(st.st_size) != content.size())
        return false;
    std::string held(content.size(), '\0');
    std::size_t got = 0;
    while (got < held.size()) {
        const ssize_t n = ::read(fd.get(), held.data() + got, held.size() - got);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        got += static_cast<std::size_t>(n);
    }
    return held == content;
}

bool WriteAll(int fd, const std::string& content) {
    std::size_t done = 0;
    while (done < content.size()) {
        const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        done += static_cast<std::size_t>(n);
    }
    return true;
}

class FileSink final : public Sink {
public:
    explicit FileSink(std::string dir) : dir_(std::move(dir)) {}

    DeliveryOutcome Deliver(const std::string& record_id, const std::string& record_json) override {
        if (!IsSafeRecordId(record_id)) return {DeliveryOutcome::Kind::Rejected, "invalid record id"};
        Fd dir(::open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
        if (dir.get() < 0) return Retry("folder not available", errno);
        const std::string target = record_id + ".json";
        const std::string temp = "." + record_id + ".json.tmp";
        // Names are resolved against the folder opened above: if the stick is
        // swapped meanwhile, nothing lands on whatever is mounted in its place.
        if (HoldsSame(dir.get(), target, record_json)) return {DeliveryOutcome::Kind::Delivered, {}};

        // 0600: the file is a person's record.
        Fd out(::openat(dir.get(), temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600));
        if (out.get() < 0) return Retry("cannot create file", errno);
        if (!WriteAll(out.get(), record_json)) return Abandon(dir.get(), temp, "write failed", errno);
        if (::fsync(out.get()) != 0) return Abandon(dir.get(), temp, "fsync failed", errno);
        if (out.Close() != 0) return Abandon(dir.get(), temp, "close failed", errno);
        if (::renameat(dir.get(), temp.c_str(), dir.get(), target.c_str()) != 0)
            return Abandon(dir.get(), temp, "rename failed", errno);
        // The rename itself is durable only once the folder is synced.
        if (::fsync(dir.get()) != 0) return Retry("folder fsync failed", errno);
        return {DeliveryOutcome::Kind::Delivered, {}};
    }

    std::string kind() const override { return "file"; }

private:
    static DeliveryOutcome Abandon(int dir_fd, const std::string& temp, const char* what, int error_number) {
        ::unlinkat(dir_fd, temp.c_str(), 0);
        return Retry(what, error_number);
    }

    std::string dir_;
};

}  // namespace

std::unique_ptr<Sink> MakeFileSink(const std::string& dir) { return std::make_unique<FileSink>(dir); }

}  // namespace docintake::handoff
