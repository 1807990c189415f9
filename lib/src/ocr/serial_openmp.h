#pragma once
// Keeps Tesseract's OpenMP regions on the calling thread, for one scope, without
// touching the process: no setenv, nothing that other threads see.
//
// Tesseract 5's LSTM opens `omp parallel ... num_threads(4)` regions per time
// step (src/lstm/lstm.cpp, fullyconnected.cpp); the num_threads clause overrides
// omp_set_num_threads, and OMP_THREAD_LIMIT is read once, when the OpenMP runtime
// loads. The max-active-levels ICV is per thread (libgomp since GCC 11, LLVM's
// libomp): at 0 every region the thread opens runs on that thread alone.
// Measured with Debian 12's libgomp: docs/embedding.md ("Threads").

namespace docintake::ocr {

// The OpenMP runtime Tesseract loaded, looked up at run time: the library does
// not link one itself, and a Tesseract built without OpenMP has nothing to limit.
struct OpenMpControls {
    int (*get_max_active_levels)() = nullptr;
    void (*set_max_active_levels)(int) = nullptr;

    static OpenMpControls Find();
    bool found() const { return get_max_active_levels && set_max_active_levels; }
};

// While alive, OpenMP regions opened on this thread run on this thread only;
// the thread's previous setting comes back when it ends.
class SerialOpenMpScope {
public:
    explicit SerialOpenMpScope(const OpenMpControls& controls);
    ~SerialOpenMpScope();
    SerialOpenMpScope(const SerialOpenMpScope&) = delete;
    SerialOpenMpScope& operator=(const SerialOpenMpScope&) = delete;

private:
    const OpenMpControls& controls_;
    int saved_ = -1;
};

}  // namespace docintake::ocr
