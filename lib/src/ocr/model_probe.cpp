#include "ocr/model_probe.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <climits>
#include <vector>

#include "ocr/probe/protocol.h"
#include "util/fd.h"
#include "util/install_dirs.h"

namespace docintake::ocr {
namespace {

namespace protocol = probe_protocol;
using Clock = std::chrono::steady_clock;

constexpr const char* kProbeName = "docintake-model-probe";
// Our descriptors are moved above the ones the probe is given (0-3), so that
// no dup2 of the spawn can overwrite one it still has to copy.
constexpr int kFirstPrivateFd = 10;

// Moves `fd` to kFirstPrivateFd or above (close-on-exec); false on failure.
bool Raise(UniqueFd& fd) {
    if (fd.get() >= kFirstPrivateFd) return true;
    const int high = fcntl(fd.get(), F_DUPFD_CLOEXEC, kFirstPrivateFd);
    if (high < 0) return false;
    fd.reset(high);
    return true;
}

// The model in an anonymous in-memory file, positioned at its start: the probe's
// stdin. (A pipe would need the host to feed it while waiting for the verdict.)
int ModelFile(const std::string& model) {
    const int fd = memfd_create("docintake-model", MFD_CLOEXEC);
    if (fd < 0) return -1;
    if (!WriteAll(fd, model.data(), model.size()) || lseek(fd, 0, SEEK_SET) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

int RemainingMs(Clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    return left <= 0 ? 0 : static_cast<int>(left < INT_MAX ? left : INT_MAX);
}

// The probe's wait status; -1 when it is lost (a host that ignores SIGCHLD or
// reaps every child itself).
int Reap(pid_t pid) {
    int status = 0;
    pid_t r;
    while ((r = waitpid(pid, &status, 0)) < 0 && errno == EINTR) {
    }
    return r == pid ? status : -1;
}

}  // namespace

std::string FindModelProbe(const std::string& configured) {
#ifdef DOCINTAKE_INSTALLED_MODEL_PROBE
    return FindHelperProgram(configured, kProbeName, DOCINTAKE_INSTALLED_MODEL_PROBE);
#else
    return FindHelperProgram(configured, kProbeName, nullptr);
#endif
}

ProbeOutcome ProbeModel(const std::string& probe_path, const std::string& model, const std::string& model_name,
                        int timeout_ms) {
    UniqueFd model_fd(ModelFile(model));
    if (model_fd.get() < 0 || !Raise(model_fd)) return ProbeOutcome::NoAnswer;
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) return ProbeOutcome::NoAnswer;
    UniqueFd verdict_in(fds[0]), verdict_out(fds[1]);
    if (!Raise(verdict_out)) return ProbeOutcome::NoAnswer;

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, model_fd.get(), STDIN_FILENO);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, verdict_out.get(), protocol::kVerdictFd);
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
    // Nothing of the host's beyond these: camera handles, files, sockets.
    posix_spawn_file_actions_addclosefrom_np(&actions, protocol::kVerdictFd + 1);
#endif
    // The probe gets the default action for every signal the host may have caught
    // or ignored (a crash must end it, not run the host's handlers), and no mask.
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    sigset_t none, defaults;
    sigemptyset(&none);
    sigfillset(&defaults);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setsigdefault(&attr, &defaults);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

    std::string path = probe_path, name = model_name;
    char* argv[] = {path.data(), name.data(), nullptr};
    char* envp[] = {nullptr};  // an empty environment: nothing of the host's chooses what it does
    pid_t pid = -1;
    const int rc = posix_spawn(&pid, path.c_str(), &actions, &attr, argv, envp);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    verdict_out.reset();  // the probe holds the only writing end now: its death closes the pipe
    model_fd.reset();
    if (rc != 0) return ProbeOutcome::NoAnswer;

    const Clock::time_point deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
    char answer = 0;
    bool answered = false, timed_out = false;
    for (;;) {
        pollfd p{verdict_in.get(), POLLIN, 0};
        const int r = poll(&p, 1, RemainingMs(deadline));
        if (r < 0 && errno == EINTR) continue;
        if (r > 0) {
            ssize_t n;
            while ((n = read(verdict_in.get(), &answer, 1)) < 0 && errno == EINTR) {
            }
            answered = n == 1;  // 0: the pipe closed unanswered, the probe died
        } else {
            timed_out = true;
        }
        break;
    }
    if (!answered) kill(pid, SIGKILL);  // a probe that closed the pipe may still run
    const int status = Reap(pid);
    if (timed_out) return ProbeOutcome::NoAnswer;
    // Unanswered and ended by itself (e.g. exit status 127: it could not start):
    // that says nothing about the model. Killed by a signal, or no status to tell: Died.
    if (!answered) return status != -1 && WIFEXITED(status) ? ProbeOutcome::Ended : ProbeOutcome::Died;
    return answer == protocol::kLoaded ? ProbeOutcome::Loaded : ProbeOutcome::Refused;
}

}  // namespace docintake::ocr
