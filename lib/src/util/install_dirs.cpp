#include "util/install_dirs.h"

#include <dlfcn.h>

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

}  // namespace docintake
