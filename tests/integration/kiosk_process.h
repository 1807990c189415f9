#pragma once
// Runs the real docintake-kiosk binary for the kiosk_* integration tests: a
// free loopback port, a temp store and config, stdout/stderr to files, and an
// httplib client to drive it. SIGTERM on destruction if still running.

#include <doctest/doctest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "support/temp_dir.h"

namespace kiosk_test {

using nlohmann::json;

// tests/data/../../kiosk/data: the source tree, from a definition every test has.
// (lexically: tests/data itself need not exist).
inline const std::string kSampleVideo =
    (std::filesystem::path(DOCINTAKE_TEST_DATA_DIR) / "../../kiosk/data/sample.avi").lexically_normal().string();

// A port nobody listens on now: bind port 0, read it back, close.
inline int FreePort() {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    socklen_t size = sizeof address;
    REQUIRE(getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) == 0);
    close(fd);
    return ntohs(address.sin_port);
}

inline std::string ReadText(const std::string& path) {
    std::ifstream file(path);
    std::stringstream text;
    text << file.rdbuf();
    return text.str();
}

// Polls `condition` every 100 ms until it holds or `seconds` pass.
inline bool WaitFor(double seconds, const std::function<bool()>& condition) {
    const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (std::chrono::steady_clock::now() < end) {
        if (condition()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return condition();
}

class KioskProcess {
public:
    // `source`: what --source gets; `config`: the config file's text.
    KioskProcess(const std::string& source, const std::string& config) : port_(FreePort()) {
        std::ofstream(dir_.file("kiosk.conf")) << config;
        const std::string bin = std::string(DOCINTAKE_BIN_DIR) + "/docintake-kiosk";
        std::vector<std::string> args = {bin, "--source", source, "--store", store_dir(), "--port",
                                         std::to_string(port_), "--config", dir_.file("kiosk.conf")};
        std::fflush(stdout);  // or the child's freopen writes our buffered output a second time
        std::fflush(stderr);
        pid_ = fork();
        REQUIRE(pid_ >= 0);
        if (pid_ == 0) {
            freopen(dir_.file("stdout").c_str(), "w", stdout);
            freopen(dir_.file("stderr").c_str(), "w", stderr);
            std::vector<char*> argv;
            for (auto& a : args) argv.push_back(a.data());
            argv.push_back(nullptr);
            execv(bin.c_str(), argv.data());
            _exit(127);
        }
        client_ = std::make_unique<httplib::Client>("127.0.0.1", port_);
        client_->set_read_timeout(10, 0);
        client_->set_connection_timeout(2, 0);
        const bool up = WaitFor(20, [&] { return static_cast<bool>(client_->Get("/api/state")); });
        if (!up) FAIL("the kiosk did not answer; its log:\n" << log());
    }
    ~KioskProcess() {
        if (pid_ > 0) {
            kill(pid_, SIGKILL);
            waitpid(pid_, nullptr, 0);
        }
    }
    KioskProcess(const KioskProcess&) = delete;
    KioskProcess& operator=(const KioskProcess&) = delete;

    httplib::Client& http() { return *client_; }
    std::string store_dir() const { return dir_.file("store"); }
    const docintake_test::TempDir& dir() const { return dir_; }
    std::string log() const { return ReadText(dir_.file("stderr")); }

    json State() {
        auto response = client_->Get("/api/state");
        REQUIRE(response);
        REQUIRE(response->status == 200);
        return json::parse(response->body);
    }
    // POST /api/event; returns the status and the body parsed.
    std::pair<int, json> Event(const json& event) {
        auto response = client_->Post("/api/event", event.dump(), "application/json");
        REQUIRE(response);
        return {response->status, json::parse(response->body, nullptr, false)};
    }
    // SIGTERM; the exit code, or -1 when it did not exit within `seconds`.
    int Terminate(double seconds = 20) {
        kill(pid_, SIGTERM);
        int status = 0;
        const bool exited = WaitFor(seconds, [&] { return waitpid(pid_, &status, WNOHANG) == pid_; });
        if (!exited) return -1;
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }

private:
    docintake_test::TempDir dir_;
    int port_;
    pid_t pid_ = -1;
    std::unique_ptr<httplib::Client> client_;
};

}  // namespace kiosk_test
