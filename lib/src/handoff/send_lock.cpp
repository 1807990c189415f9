#include "handoff/send_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>

namespace docintake::handoff {

SendLock::SendLock(const std::string& store_dir) {
    const std::string path = store_dir + "/send.lock";
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd_ < 0) return;
    // A lock belongs to this open file description: a second SendLock in the
    // same process is refused too, as it should be.
    int rc;
    do rc = ::flock(fd_, LOCK_EX | LOCK_NB);
    while (rc != 0 && errno == EINTR);
    held_ = rc == 0;
}

SendLock::~SendLock() {
    if (fd_ >= 0) ::close(fd_);  // closing releases the lock
}

}  // namespace docintake::handoff
