// The worker's own confinement, applied before it reads the first frame:
// resource limits, no file descriptors beyond stdin/stdout/stderr, no new
// privileges, and (x86-64, aarch64) a seccomp filter that leaves only memory
// management, reading and writing the open descriptors, and exiting.
// Whatever a hostile symbol achieves inside ZXing, it can then only
// answer nonsense on stdout, which the reader checks, or die.

#include "barcode/worker/sandbox.h"

#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <vector>

// AddressSanitizer reserves terabytes of address space for its shadow memory,
// so an address-space limit would stop a sanitizer build's worker from starting.
#if defined(__SANITIZE_ADDRESS__)
#define DOCINTAKE_WORKER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define DOCINTAKE_WORKER_ASAN 1
#endif
#endif

namespace docintake::barcode::worker {
namespace {

bool Limit(int resource, rlim_t soft, rlim_t hard) {
    const rlimit r{soft, hard};
    return setrlimit(resource, &r) == 0;
}

// The filter checks the architecture a call comes from; other architectures get the limits only.
#if defined(__x86_64__)
#define DOCINTAKE_SECCOMP_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define DOCINTAKE_SECCOMP_ARCH AUDIT_ARCH_AARCH64
#endif

#if defined(DOCINTAKE_SECCOMP_ARCH)
bool InstallSeccomp() {
    // Denied calls fail with EPERM rather than killing the worker, so that a
    // library probing for a feature degrades instead of taking the read with it.
    static const int kAllowed[] = {
        SYS_read,         SYS_write,        SYS_readv,          SYS_writev,      SYS_close,
        SYS_exit,         SYS_exit_group,   SYS_brk,            SYS_mmap,        SYS_munmap,
        SYS_mremap,       SYS_mprotect,     SYS_madvise,        SYS_futex,       SYS_rt_sigreturn,
        SYS_rt_sigprocmask, SYS_rt_sigaction, SYS_nanosleep,    SYS_clock_nanosleep, SYS_clock_gettime,
        SYS_gettimeofday, SYS_getpid,       SYS_gettid,         SYS_tgkill,      SYS_fstat,
        SYS_newfstatat,   SYS_lseek,        SYS_sched_yield,    SYS_getrandom,   SYS_sched_getaffinity,
        SYS_sigaltstack,  // AddressSanitizer asks for it when an exception is thrown
    };
    std::vector<sock_filter> prog;
    // Wrong architecture (e.g. an i386 syscall from x86-64 code, arm32 from aarch64): kill.
    prog.push_back(BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, arch)));
    prog.push_back(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, DOCINTAKE_SECCOMP_ARCH, 1, 0));
    prog.push_back(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS));
    prog.push_back(BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, nr)));
#if defined(__x86_64__)
    // x32 syscall numbers have bit 30 set: deny them all.
    prog.push_back(BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x40000000u, 0, 1));
    prog.push_back(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM));
#endif
    for (int nr : kAllowed) {
        prog.push_back(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, static_cast<unsigned>(nr), 0, 1));
        prog.push_back(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
    }
    prog.push_back(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM));
    const sock_fprog fprog{static_cast<unsigned short>(prog.size()), prog.data()};
    return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fprog) == 0;
}
#endif

}  // namespace

bool RestrictResources(std::size_t memory_mb) {
    bool ok = true;
    // stdin/stdout are the request socket, stderr is /dev/null: everything else goes.
#ifdef SYS_close_range
    if (syscall(SYS_close_range, 3u, ~0u, 0u) != 0)
#endif
        for (int fd = 3; fd < 1024; ++fd) close(fd);
    const rlim_t bytes = static_cast<rlim_t>(memory_mb) << 20;
#ifndef DOCINTAKE_WORKER_ASAN
    ok &= Limit(RLIMIT_AS, bytes, bytes);
#else
    (void)bytes;
#endif
    ok &= Limit(RLIMIT_CORE, 0, 0);           // a crash must not write the frame to disk
    ok &= Limit(RLIMIT_CPU, 300, 310);        // backstop; the reader's per-frame timeout comes first
    ok &= Limit(RLIMIT_NOFILE, 4, 4);
    ok &= Limit(RLIMIT_FSIZE, 0, 0);
    ok &= Limit(RLIMIT_NPROC, 0, 0);          // no fork
    ok &= prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == 0;
    ok &= prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0;
    return ok;
}

bool LockDown() {
#if defined(DOCINTAKE_SECCOMP_ARCH)
    return InstallSeccomp();
#else
    return true;  // resource limits only on other architectures
#endif
}

}  // namespace docintake::barcode::worker
