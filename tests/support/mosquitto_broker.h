#pragma once
// A real Mosquitto broker for tests: /usr/sbin/mosquitto started with a config
// written to a temp folder, listening on 127.0.0.1 only, stopped at scope end.

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <string>
#include <thread>

extern char** environ;

namespace docintake_test {

// A port nothing listens on right now (the kernel's pick, then released).
inline int FreeLoopbackPort() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return -1;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    int port = -1;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
        port = ntohs(addr.sin_port);
    ::close(fd);
    return port;
}

inline bool AcceptsConnections(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return false;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<uint16_t>(port));
    const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    ::close(fd);
    return ok;
}

struct BrokerConfig {
    int port = 0;      // plain listener, anonymous allowed; 0: pick one
    int tls_port = 0;  // TLS listener when tls_cert is set; 0: pick one
    std::string ca_file, tls_cert, tls_key;
    bool require_certificate = false;  // TLS clients must show a certificate ca_file issued
    int auth_port = 0;                 // listener with password_file, no anonymous clients, when it is set
    std::string password_file;         // made with mosquitto_passwd
};

class MosquittoBroker {
public:
    MosquittoBroker(const std::string& dir, BrokerConfig config) : dir_(dir), config_(std::move(config)) {
        if (config_.port == 0) config_.port = FreeLoopbackPort();
        if (!config_.tls_cert.empty() && config_.tls_port == 0) config_.tls_port = FreeLoopbackPort();
        if (!config_.password_file.empty() && config_.auth_port == 0) config_.auth_port = FreeLoopbackPort();
    }
    ~MosquittoBroker() { Stop(); }
    MosquittoBroker(const MosquittoBroker&) = delete;
    MosquittoBroker& operator=(const MosquittoBroker&) = delete;

    int port() const { return config_.port; }
    int tls_port() const { return config_.tls_port; }
    int auth_port() const { return config_.auth_port; }
    pid_t pid() const { return pid_; }

    // Starts the broker and waits (up to 5 s) until its listeners accept connections.
    bool Start() {
        if (pid_ > 0) return true;
        const std::string conf = dir_ + "/mosquitto.conf";
        {
            std::ofstream out(conf);
            out << "per_listener_settings true\npersistence false\nlog_dest file " << dir_ << "/mosquitto.log\n"
                << "user root\n"  // tests may run as root: stay so, to read the temp folder's files
                << "listener " << config_.port << " 127.0.0.1\nallow_anonymous true\n";
            if (!config_.tls_cert.empty()) {
                out << "listener " << config_.tls_port << " 127.0.0.1\nallow_anonymous true\n"
                    << "cafile " << config_.ca_file << "\ncertfile " << config_.tls_cert << "\nkeyfile " << config_.tls_key << "\n"
                    << "require_certificate " << (config_.require_certificate ? "true" : "false") << "\n";
            }
            if (!config_.password_file.empty())
                out << "listener " << config_.auth_port << " 127.0.0.1\nallow_anonymous false\npassword_file "
                    << config_.password_file << "\n";
        }
        const char* argv[] = {"mosquitto", "-c", conf.c_str(), nullptr};
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
        posix_spawn_file_actions_addopen(&actions, 2, (dir_ + "/mosquitto.stderr").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        const int rc = posix_spawn(&pid_, "/usr/sbin/mosquitto", &actions, nullptr, const_cast<char* const*>(argv), environ);
        posix_spawn_file_actions_destroy(&actions);
        if (rc != 0) {
            pid_ = -1;
            return false;
        }
        const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
        while (std::chrono::steady_clock::now() < until) {
            int status = 0;
            if (::waitpid(pid_, &status, WNOHANG) == pid_) {
                pid_ = -1;
                return false;
            }
            if (AcceptsConnections(config_.port) && (config_.tls_cert.empty() || AcceptsConnections(config_.tls_port)) &&
                (config_.password_file.empty() || AcceptsConnections(config_.auth_port)))
                return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        Stop();
        return false;
    }

    void Stop() {
        if (pid_ <= 0) return;
        ::kill(pid_, SIGTERM);
        const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(3);
        int status = 0;
        while (::waitpid(pid_, &status, WNOHANG) == 0) {
            if (std::chrono::steady_clock::now() > until) {
                ::kill(pid_, SIGKILL);
                ::waitpid(pid_, &status, 0);
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        pid_ = -1;
    }

private:
    std::string dir_;
    BrokerConfig config_;
    pid_t pid_ = -1;
};

}  // namespace docintake_test
