#pragma once
// The kiosk's web server (docs/kiosk-api.md): the API, the event stream, the
// camera preview, and the web UI's static files. Loopback only unless the config
// allows otherwise; requests for another Host are refused (DNS rebinding).

#include <atomic>
#include <memory>
#include <string>

#include "config.h"
#include "frame_hub.h"
#include "selftest_runner.h"
#include "kiosk_app.h"
#include "languages.h"
#include "staff_auth.h"

namespace httplib {
class Server;
}

namespace docintake::kiosk {

struct ServerPaths {
    std::string web_root;
    LanguagePaths languages;
};

class KioskServer {
public:
    KioskServer(const KioskConfig& config, ServerPaths paths, KioskApp& app, FrameHub& hub, StaffAuth& staff,
                SelfTestRunner& selftest);
    ~KioskServer();
    // Binds the listening socket; false with a reason when it cannot.
    bool Bind(const std::string& address, int port, std::string& error);
    int port() const { return port_; }
    // Serves until Stop (from any thread).
    void Listen();
    void Stop();

private:
    void AddApiRoutes();    // http_api.cpp
    void AddStaffRoutes();  // http_staff.cpp
    void AddMediaRoutes();  // http_media.cpp

    const KioskConfig& config_;
    ServerPaths paths_;
    KioskApp& app_;
    FrameHub& hub_;
    StaffAuth& staff_;
    SelfTestRunner& selftest_;
    std::unique_ptr<httplib::Server> server_;
    std::atomic<bool> stopping_{false};
    int port_ = 0;
};

}  // namespace docintake::kiosk
