// The kiosk's web UI listens on loopback only unless configured otherwise: the
// real docintake-kiosk refuses a non-loopback listen_address (README, Privacy).
#include <doctest/doctest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "support/temp_dir.h"

namespace {

struct Run {
    int exit_code = -1;
    std::string err;
};

// Runs the kiosk with `config` as its config file; it must end by itself within 20 s.
Run RunKiosk(const std::string& config) {
    docintake_test::TempDir dir;
    std::ofstream(dir.file("kiosk.conf")) << config;
    const std::string bin = std::string(DOCINTAKE_BIN_DIR) + "/docintake-kiosk";
    std::vector<std::string> args = {bin,     "--source", dir.file("no-camera.avi"), "--store", dir.file("store"),
                                     "--port", "0",       "--config",                dir.file("kiosk.conf")};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    const std::string err_path = dir.file("stderr");
    std::fflush(stdout);
    std::fflush(stderr);
    const pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        if (!freopen(err_path.c_str(), "w", stderr) || !freopen("/dev/null", "w", stdout)) _exit(126);
        execv(bin.c_str(), argv.data());
        _exit(127);
    }
    Run run;
    int status = 0;
    for (int waited_ms = 0; waited_ms < 20000; waited_ms += 50) {
        if (waitpid(pid, &status, WNOHANG) == pid) {
            run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            break;
        }
        usleep(50 * 1000);
    }
    if (run.exit_code < 0) {
        kill(pid, SIGKILL);
        waitpid(pid, nullptr, 0);
    }
    std::ifstream in(err_path);
    run.err.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    return run;
}

}  // namespace

TEST_CASE("a listen_address that is not loopback is refused unless allow_remote says so") {
    // Documentation addresses (RFC 5737, RFC 3849), not this machine's: were the
    // refusal missing, binding would fail with another message, and nothing would
    // ever listen beyond loopback.
    for (const char* address : {"192.0.2.1", "2001:db8::1"}) {
        CAPTURE(address);
        const Run run = RunKiosk(std::string("listen_address = ") + address + "\n");
        CHECK(run.exit_code == 2);
        CHECK(run.err.find("not a loopback address") != std::string::npos);
    }
}
