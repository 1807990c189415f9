#pragma once
// A real HTTP(S) receiver on 127.0.0.1 for handoff tests: cpp-httplib on its own
// thread, port picked by the kernel. It records what each POST carried and
// answers with a scripted status, or stalls (never answers in time).

#include <httplib.h>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace docintake_test {

struct ReceivedRequest {
    std::string path;
    std::string idempotency_key;
    std::string authorization;
    std::string content_type;
    std::string body;
    bool had_client_cert = false;
    int remote_port = 0;  // the same for requests over one kept-alive connection
};

class HttpReceiver {
public:
    // A status of kStall holds the request without answering until the receiver
    // is released or destroyed (past any client timeout a test uses).
    static constexpr int kStall = -1;

    HttpReceiver() : server_(std::make_unique<httplib::Server>()) { Start(); }
    // HTTPS with this certificate; with client_ca, clients must show a certificate it issued.
    HttpReceiver(const std::string& cert, const std::string& key, const std::string& client_ca = {})
        : server_(std::make_unique<httplib::SSLServer>(cert.c_str(), key.c_str(),
                                                        client_ca.empty() ? nullptr : client_ca.c_str())),
          tls_(true) {
        Start();
    }
    ~HttpReceiver() {
        Release();
        server_->stop();
        if (thread_.joinable()) thread_.join();
    }
    HttpReceiver(const HttpReceiver&) = delete;
    HttpReceiver& operator=(const HttpReceiver&) = delete;

    bool ok() const { return port_ > 0; }
    int port() const { return port_; }
    std::string url(const std::string& path = "/intake") const {
        return std::string(tls_ ? "https" : "http") + "://127.0.0.1:" + std::to_string(port_) + path;
    }

    // Each request takes the first status left; the last one repeats.
    void Answer(std::vector<int> statuses) {
        std::lock_guard<std::mutex> lock(mutex_);
        script_ = std::move(statuses);
    }
    // Lets stalled requests go (they answer 200, long after their client gave up).
    void Release() {
        std::lock_guard<std::mutex> lock(mutex_);
        released_ = true;
        changed_.notify_all();
    }

    std::vector<ReceivedRequest> requests() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return requests_;
    }
    std::size_t count() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return requests_.size();
    }
    bool WaitForRequests(std::size_t n, int timeout_ms = 5000) {
        std::unique_lock<std::mutex> lock(mutex_);
        return changed_.wait_for(lock, std::chrono::milliseconds(timeout_ms), [&] { return requests_.size() >= n; });
    }

private:
    void Start() {
        server_->set_keep_alive_timeout(1);
        server_->Post(R"(/.*)", [this](const httplib::Request& request, httplib::Response& response) {
            int status = 200;
            {
                std::unique_lock<std::mutex> lock(mutex_);
                ReceivedRequest seen{request.path, request.get_header_value("Idempotency-Key"),
                                     request.get_header_value("Authorization"), request.get_header_value("Content-Type"),
                                     request.body, false, request.remote_port};
#ifdef CPPHTTPLIB_OPENSSL_SUPPORT
                seen.had_client_cert = request.ssl && SSL_get0_peer_certificate(request.ssl) != nullptr;
#endif
                requests_.push_back(std::move(seen));
                changed_.notify_all();
                if (!script_.empty()) {
                    status = script_.front();
                    if (script_.size() > 1) script_.erase(script_.begin());
                }
                if (status == kStall) {
                    changed_.wait_for(lock, std::chrono::seconds(10), [&] { return released_; });
                    status = 200;
                }
            }
            response.status = status;
            if (status >= 300 && status < 400) response.set_header("Location", "/moved");
            // A body the sink must neither keep nor show.
            response.set_content(R"({"echo":"not for logs"})", "application/json");
        });
        port_ = server_->bind_to_any_port("127.0.0.1");
        if (port_ <= 0) return;
        thread_ = std::thread([this] { server_->listen_after_bind(); });
        // stop() does nothing to a server not yet running: wait, so that the
        // destructor cannot leave the thread blocked in accept().
        const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
        while (!server_->is_running() && std::chrono::steady_clock::now() < until)
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }

    std::unique_ptr<httplib::Server> server_;
    bool tls_ = false;
    int port_ = -1;
    std::thread thread_;
    mutable std::mutex mutex_;
    std::condition_variable changed_;
    std::vector<int> script_;
    bool released_ = false;
    std::vector<ReceivedRequest> requests_;
};

}  // namespace docintake_test
