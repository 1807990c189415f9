#include "http_server.h"

#include <httplib.h>

namespace docintake::kiosk {

KioskServer::KioskServer(const KioskConfig& config, ServerPaths paths, KioskApp& app, FrameHub& hub,
                         StaffAuth& staff, SelfTestRunner& selftest)
    : config_(config), paths_(std::move(paths)), app_(app), hub_(hub), staff_(staff), selftest_(selftest),
      server_(std::make_unique<httplib::Server>()) {
    const int threads = config_.http_threads;
    server_->new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
    server_->set_keep_alive_max_count(1000);
    server_->set_payload_max_length(64 * 1024);  // the largest request is an edit of one field
    if (!config_.allow_remote) {
        // Only pages the kiosk itself serves may talk to it: a page from elsewhere
        // whose name resolves to 127.0.0.1 still sends its own Host.
        server_->set_pre_routing_handler([this](const httplib::Request& request, httplib::Response& response) {
            const std::string host = request.get_header_value("Host");
            const std::string name = host.substr(0, host.rfind(':'));
            if (host.empty() || name == "127.0.0.1" || name == "localhost" || name == "[::1]")
                return httplib::Server::HandlerResponse::Unhandled;
            response.status = 403;
            response.set_content(R"({"error":"forbidden host"})", "application/json");
            return httplib::Server::HandlerResponse::Handled;
        });
    }
    AddApiRoutes();
    AddStaffRoutes();
    AddMediaRoutes();
}

KioskServer::~KioskServer() { Stop(); }

bool KioskServer::Bind(const std::string& address, int port, std::string& error) {
    if (!IsLoopbackAddress(address) && !config_.allow_remote) {
        error = "listen_address is not a loopback address (set allow_remote = true to allow it)";
        return false;
    }
    if (port == 0) {
        port_ = server_->bind_to_any_port(address);
        if (port_ <= 0) error = "cannot bind to " + address;
        return port_ > 0;
    }
    if (!server_->bind_to_port(address, port)) {
        error = "cannot bind to " + address + ":" + std::to_string(port) + " (in use?)";
        return false;
    }
    port_ = port;
    return true;
}

void KioskServer::Listen() { server_->listen_after_bind(); }

void KioskServer::Stop() {
    if (stopping_.exchange(true)) return;
    hub_.WakeAll();
    server_->stop();
}

}  // namespace docintake::kiosk
