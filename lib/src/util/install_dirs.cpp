#include "util/install_dirs.h"

#include <dlfcn.h>
#include <unistd.h>

namespace docintake {

std::string CodeFileDir() {
    Dl_info info{};
    // The address of this function lies in the object we were linked into: the
    // shared library when there is one, else the executable.
    if (dladdr(reinterpret_cast<void*>(&CodeFileDir), &info) == 0 || info.dli_fname == nullptr) return {};
    std::string path(info.dli_fname);
    const std::size_t slash = path.find_last_of('/');
    if (slash == std::string::npos) return {};
    path.erase(slash + 1);
    return path;
}

std::string BesideInstalledCode(const std::string& relative) {
    const std::string dir = CodeFileDir();
    return dir.empty() ? std::string() : dir + "../" + relative;
}

namespace {
bool Executable(const std::string& path) { return !path.empty() && access(path.c_str(), X_OK) == 0; }
}  // namespace

std::string FindHelperProgram(const std::string& configured, const std::string& name, const char* compiled_in) {
    if (!configured.empty()) return Executable(configured) ? configured : std::string();
    char self[4096];
    const ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n > 0) {
        std::string dir(self, static_cast<std::size_t>(n));
        dir.erase(dir.find_last_of('/') + 1);
        if (const std::string next_to_us = dir + name; Executable(next_to_us)) return next_to_us;
    }
    if (const std::string beside = BesideInstalledCode("libexec/docintake/" + name); Executable(beside)) return beside;
    if (compiled_in != nullptr && Executable(compiled_in)) return compiled_in;
    return {};
}

}  // namespace docintake
