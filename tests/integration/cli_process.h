#pragma once
// Runs the docintake CLI as a child process, as a user or a supervisor would: its
// own process group, stdout and stderr captured, optionally SIGKILLed at a moment
// chosen by the test. Only for tests.

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

extern char** environ;

namespace docintake_test {

// A loopback port nothing listens on (bound, then closed), or -1.
inline int ClosedLoopbackPort() {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return -1;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    int port = -1;
    if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
        getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
        port = ntohs(addr.sin_port);
    close(fd);
    return port;
}

inline std::string ReadFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

inline std::string CliPath() { return std::string(DOCINTAKE_BIN_DIR) + "/docintake"; }

struct CliResult {
    int exit_code = -1;   // when it exited by itself
    int term_signal = 0;  // when a signal ended it
    bool killed = false;  // we sent SIGKILL before it exited
    std::string out;
    std::string err;

    std::vector<std::string> OutLines() const {
        std::vector<std::string> lines;
        std::istringstream in(out);
        for (std::string line; std::getline(in, line);)
            if (!line.empty()) lines.push_back(line);
        return lines;
    }
};

// The environment for the child: ours, with OMP_THREAD_LIMIT=1 (so the CLI does
// not start itself again), the model folder, no store key unless the test gives
// one, then the test's own entries: "NAME=value" sets, "NAME" removes.
inline std::vector<std::string> CliEnvironment(const std::vector<std::string>& extra) {
    std::map<std::string, std::string> env;
    for (char** e = environ; *e; ++e) {
        const std::string entry(*e);
        const std::size_t eq = entry.find('=');
        if (eq != std::string::npos) env[entry.substr(0, eq)] = entry.substr(eq + 1);
    }
    env["OMP_THREAD_LIMIT"] = "1";
    if (env["DOCINTAKE_MODEL_DIR"].empty()) env["DOCINTAKE_MODEL_DIR"] = DOCINTAKE_MODEL_DIR;
    for (const char* secret : {"DOCINTAKE_STORE_KEY", "DOCINTAKE_HANDOFF_TOKEN", "DOCINTAKE_MQTT_PASSWORD"})
        env.erase(secret);
    for (const std::string& entry : extra) {
        const std::size_t eq = entry.find('=');
        if (eq == std::string::npos)
            env.erase(entry);
        else
            env[entry.substr(0, eq)] = entry.substr(eq + 1);
    }
    std::vector<std::string> out;
    for (const auto& [name, value] : env) out.push_back(name + "=" + value);
    return out;
}

// Starts `docintake args...`; reads its output until it exits or `kill_after_ms`
// passes (negative: never), then SIGKILLs its process group and reaps it.
inline CliResult RunCli(const std::vector<std::string>& args, const std::vector<std::string>& extra_env = {},
                        int kill_after_ms = -1) {
    CliResult result;
    // Everything the child needs is prepared before fork: the parent has threads
    // (a test receiver), and the child may only call async-signal-safe functions.
    const std::string path = CliPath();
    std::vector<std::string> argv_strings{path};
    argv_strings.insert(argv_strings.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (std::string& s : argv_strings) argv.push_back(s.data());
    argv.push_back(nullptr);
    std::vector<std::string> env_strings = CliEnvironment(extra_env);
    std::vector<char*> envp;
    for (std::string& s : env_strings) envp.push_back(s.data());
    envp.push_back(nullptr);

    int out_pipe[2];
    int err_pipe[2];
    if (pipe2(out_pipe, O_CLOEXEC) != 0) return result;
    if (pipe2(err_pipe, O_CLOEXEC) != 0) {
        close(out_pipe[0]);
        close(out_pipe[1]);
        return result;
    }
    const pid_t pid = fork();
    if (pid == 0) {
        setpgid(0, 0);
        dup2(out_pipe[1], 1);
        dup2(err_pipe[1], 2);
        execve(path.c_str(), argv.data(), envp.data());
        _exit(127);
    }
    close(out_pipe[1]);
    close(err_pipe[1]);
    if (pid < 0) {
        close(out_pipe[0]);
        close(err_pipe[0]);
        return result;
    }
    setpgid(pid, pid);  // also here, so that the kill below cannot miss the group

    using Clock = std::chrono::steady_clock;
    const Clock::time_point kill_at = Clock::now() + std::chrono::milliseconds(kill_after_ms);
    pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
    std::string* sinks[2] = {&result.out, &result.err};
    int open_fds = 2;
    while (open_fds > 0) {
        int timeout = -1;
        if (kill_after_ms >= 0 && !result.killed) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(kill_at - Clock::now()).count();
            if (left <= 0) {
                kill(-pid, SIGKILL);
                kill(pid, SIGKILL);
                result.killed = true;
            } else {
                timeout = static_cast<int>(left);
            }
        }
        const int ready = poll(fds, 2, timeout);
        if (ready < 0 && errno != EINTR) break;
        for (int i = 0; i < 2; ++i) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            char buf[4096];
            const ssize_t n = read(fds[i].fd, buf, sizeof buf);
            if (n > 0) {
                sinks[i]->append(buf, static_cast<std::size_t>(n));
            } else if (n == 0 || errno != EINTR) {
                close(fds[i].fd);
                fds[i].fd = -1;
                --open_fds;
            }
        }
    }
    for (pollfd& p : fds)
        if (p.fd >= 0) close(p.fd);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (WIFEXITED(status)) {
        result.exit_code = WEXITSTATUS(status);
        // Exited before our kill landed: it finished by itself.
        if (result.killed) result.killed = false;
    } else if (WIFSIGNALED(status)) {
        result.term_signal = WTERMSIG(status);
    }
    return result;
}

}  // namespace docintake_test
