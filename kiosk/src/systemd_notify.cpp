#include "systemd_notify.h"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstddef>
#include <cstdlib>
#include <cstring>

namespace docintake::kiosk {

bool SdNotify(const std::string& message) {
    const char* path = std::getenv("NOTIFY_SOCKET");
    if (!path || (path[0] != '/' && path[0] != '@')) return false;
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    const std::size_t length = std::strlen(path);
    if (length >= sizeof address.sun_path) return false;
    std::memcpy(address.sun_path, path, length);
    if (path[0] == '@') address.sun_path[0] = '\0';  // abstract socket
    const int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return false;
    const auto size = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + length);
    const bool sent = sendto(fd, message.data(), message.size(), MSG_NOSIGNAL,
                             reinterpret_cast<const sockaddr*>(&address), size) >= 0;
    close(fd);
    return sent;
}

std::uint64_t WatchdogMicros() {
    const char* usec = std::getenv("WATCHDOG_USEC");
    if (!usec) return 0;
    const char* pid = std::getenv("WATCHDOG_PID");
    if (pid && std::strtol(pid, nullptr, 10) != getpid()) return 0;
    return std::strtoull(usec, nullptr, 10);
}

}  // namespace docintake::kiosk
