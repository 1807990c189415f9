#pragma once
// The sender's lock: one SendOutbox per store folder at a time, across processes.

#include <string>

namespace docintake::handoff {

// flock(LOCK_EX | LOCK_NB) on <store dir>/send.lock, held while the object
// lives. The kernel drops it when the process dies, however it dies, so a
// killed sender never leaves a stale lock behind.
class SendLock {
public:
    explicit SendLock(const std::string& store_dir);
    ~SendLock();
    SendLock(const SendLock&) = delete;
    SendLock& operator=(const SendLock&) = delete;
    bool held() const { return held_; }

private:
    int fd_ = -1;
    bool held_ = false;
};

}  // namespace docintake::handoff
