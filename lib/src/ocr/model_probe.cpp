#include "ocr/model_probe.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

namespace docintake::ocr {
namespace {

constexpr char kLoadedByte = 'L';
constexpr char kRefusedByte = 'R';

void ReapChild(pid_t pid) {
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
}

}  // namespace

ProbeOutcome ProbeInChild(const std::function<bool()>& load, int timeout_ms) {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) return ProbeOutcome::NotProbed;
    const pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return ProbeOutcome::NotProbed;
    }
    if (pid == 0) {
        close(fds[0]);
        // The child's output and crashes are nobody's business: Tesseract's messages
        // go nowhere, and a dying load ends the child quietly instead of running
        // the host's crash handlers (they would report a crash the host never had).
        const int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
        if (null >= 0) {
            dup2(null, STDOUT_FILENO);
            dup2(null, STDERR_FILENO);
        }
        for (const int sig : {SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP, SIGSYS})
            signal(sig, SIG_DFL);
        char answer = kRefusedByte;
        try {
            if (load()) answer = kLoadedByte;
        } catch (...) {
        }
        while (write(fds[1], &answer, 1) < 0 && errno == EINTR) {
        }
        _exit(0);
    }
    close(fds[1]);
    // The answer comes through the pipe, not the exit status: a host that reaps
    // all children (SIGCHLD ignored, or its own waitpid(-1)) cannot take it away.
    char answer = 0;
    bool answered = false;
    bool timed_out = false;
    for (;;) {
        pollfd p{fds[0], POLLIN, 0};
        const int r = poll(&p, 1, timeout_ms);
        if (r < 0 && errno == EINTR) continue;
        if (r > 0) {
            ssize_t n;
            while ((n = read(fds[0], &answer, 1)) < 0 && errno == EINTR) {
            }
            answered = n == 1;  // 0: the pipe closed unanswered, the child died
        } else {
            timed_out = true;
        }
        break;
    }
    close(fds[0]);
    if (!answered) kill(pid, SIGKILL);
    ReapChild(pid);
    if (timed_out) return ProbeOutcome::NotProbed;
    if (!answered) return ProbeOutcome::Died;
    return answer == kLoadedByte ? ProbeOutcome::Loaded : ProbeOutcome::Refused;
}

}  // namespace docintake::ocr
