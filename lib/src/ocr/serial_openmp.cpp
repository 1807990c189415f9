#include "ocr/serial_openmp.h"

#include <dlfcn.h>

namespace docintake::ocr {

OpenMpControls OpenMpControls::Find() {
    OpenMpControls c;
    // RTLD_DEFAULT: whichever runtime the process has loaded (libgomp for Debian's
    // Tesseract); both libgomp and LLVM's libomp export these names.
    c.get_max_active_levels = reinterpret_cast<int (*)()>(dlsym(RTLD_DEFAULT, "omp_get_max_active_levels"));
    c.set_max_active_levels = reinterpret_cast<void (*)(int)>(dlsym(RTLD_DEFAULT, "omp_set_max_active_levels"));
    if (!c.found()) c = {};
    return c;
}

SerialOpenMpScope::SerialOpenMpScope(const OpenMpControls& controls) : controls_(controls) {
    if (!controls_.found()) return;
    saved_ = controls_.get_max_active_levels();
    controls_.set_max_active_levels(0);
}

SerialOpenMpScope::~SerialOpenMpScope() {
    if (controls_.found() && saved_ >= 0) controls_.set_max_active_levels(saved_);
}

}  // namespace docintake::ocr
