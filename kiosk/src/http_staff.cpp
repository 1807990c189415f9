// Staff routes: PIN login, status, resend, purge, logout. No personal data.
#include <httplib.h>

#include <nlohmann/json.hpp>

#include "clock.h"
#include "http_server.h"
#include "log.h"

namespace docintake::kiosk {
using nlohmann::json;

namespace {
void Reply(httplib::Response& response, int status, const json& body) {
    response.status = status;
    response.set_header("Cache-Control", "no-store");
    response.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), "application/json");
}

std::string BearerToken(const httplib::Request& request) {
    const std::string header = request.get_header_value("Authorization");
    const std::string prefix = "Bearer ";
    return header.rfind(prefix, 0) == 0 ? header.substr(prefix.size()) : std::string();
}
}  // namespace

void KioskServer::AddStaffRoutes() {
    server_->Post("/api/staff/login", [this](const httplib::Request& request, httplib::Response& response) {
        const json body = json::parse(request.body, nullptr, /*allow_exceptions=*/false);
        if (body.is_discarded() || !body.is_object() || !body.contains("pin") || !body["pin"].is_string())
            return Reply(response, 400, {{"error", "expected {\"pin\": \"...\"}"}});
        const LoginResult result = staff_.Login(body["pin"].get<std::string>(), MonotonicSeconds());
        switch (result.status) {
            case 200:
                Log("staff: login");
                return Reply(response, 200, {{"token", result.token}});
            case 423:
                Log("staff: login locked out");
                response.set_header("Retry-After", std::to_string(result.retry_after_s));
                return Reply(response, 423, {{"error", "locked"}, {"retry_after_s", result.retry_after_s}});
            case 503:
                return Reply(response, 503, {{"error", "staff mode is not configured"}});
            default:
                Log("staff: wrong PIN");
                return Reply(response, 401, {{"error", "wrong pin"}});
        }
    });
    const auto authorized = [this](const httplib::Request& request, httplib::Response& response) {
        if (staff_.Check(BearerToken(request), MonotonicSeconds())) return true;
        Reply(response, 401, {{"error", "not logged in"}});
        return false;
    };
    server_->Get("/api/staff/status", [this, authorized](const httplib::Request& request, httplib::Response& response) {
        if (authorized(request, response)) Reply(response, 200, app_.StaffStatus());
    });
    server_->Post("/api/staff/resend", [this, authorized](const httplib::Request& request, httplib::Response& response) {
        if (!authorized(request, response)) return;
        const HttpReply reply = app_.StaffResend();
        Reply(response, reply.status, json::parse(reply.body));
    });
    server_->Post("/api/staff/purge", [this, authorized](const httplib::Request& request, httplib::Response& response) {
        if (!authorized(request, response)) return;
        const HttpReply reply = app_.StaffPurge();
        Reply(response, reply.status, json::parse(reply.body));
    });
    // The self-test with the printed test card (docs/calibration.md): started here,
    // polled for its progress and verdict.
    server_->Post("/api/staff/selftest", [this, authorized](const httplib::Request& request, httplib::Response& response) {
        if (!authorized(request, response)) return;
        if (!selftest_.Start()) return Reply(response, 409, {{"error", "a self-test is running"}});
        Log("staff: self-test started");
        Reply(response, 202, selftest_.Status());
    });
    server_->Get("/api/staff/selftest", [this, authorized](const httplib::Request& request, httplib::Response& response) {
        if (authorized(request, response)) Reply(response, 200, selftest_.Status());
    });
    server_->Post("/api/staff/logout", [this](const httplib::Request& request, httplib::Response& response) {
        staff_.Logout(BearerToken(request));
        Reply(response, 200, {{"ok", true}});
    });
}

}  // namespace docintake::kiosk
