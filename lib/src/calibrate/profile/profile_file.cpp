// Loading and saving the device profile (pure file I/O, no OpenCV).
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

#include "docintake/calibrate.h"

namespace docintake {

Error LoadDeviceProfile(const std::string& path, DeviceProfile& out) {
    out = DeviceProfile{};
    std::ifstream in(path, std::ios::binary);
    if (!in) return {ErrorCode::IoError, "cannot open the device profile file"};
    std::string text;
    char buf[4096];
    while (in.read(buf, sizeof buf) || in.gcount() > 0) {
        text.append(buf, static_cast<std::size_t>(in.gcount()));
        if (text.size() > (1u << 20)) return {ErrorCode::MalformedPayload, "the device profile is over 1 MiB"};
    }
    if (in.bad()) return {ErrorCode::IoError, "cannot read the device profile file"};
    return ParseDeviceProfile(text, out);
}

Error SaveDeviceProfile(const std::string& path, const DeviceProfile& profile) {
    // Written whole to a temporary file next to it, then renamed: a reader
    // never sees half a profile, and a crash leaves the old one.
    const std::string json = DeviceProfileToJson(profile);
    const std::string tmp = path + ".tmp";
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return {errno == EACCES ? ErrorCode::PermissionDenied : ErrorCode::IoError, "cannot create the device profile file"};
    std::size_t done = 0;
    while (done < json.size()) {
        const ssize_t n = ::write(fd, json.data() + done, json.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            ::close(fd);
            ::unlink(tmp.c_str());
            return {ErrorCode::IoError, "cannot write the device profile file"};
        }
        done += static_cast<std::size_t>(n);
    }
    const bool synced = ::fsync(fd) == 0;
    if (::close(fd) != 0 || !synced || ::rename(tmp.c_str(), path.c_str()) != 0) {
        ::unlink(tmp.c_str());
        return {ErrorCode::IoError, "cannot write the device profile file"};
    }
    return {};
}

}  // namespace docintake
