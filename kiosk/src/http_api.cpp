// The flow's routes: state, events and the event stream.
#include <httplib.h>

#include "http_server.h"

namespace docintake::kiosk {

namespace {
void Json(httplib::Response& response, const HttpReply& reply) {
    response.status = reply.status;
    // The state carries the record being reviewed: never cached.
    response.set_header("Cache-Control", "no-store");
    response.set_content(reply.body, "application/json");
}
}  // namespace

void KioskServer::AddApiRoutes() {
    server_->Get("/api/state", [this](const httplib::Request&, httplib::Response& response) {
        Json(response, {200, app_.StateJson()});
    });
    server_->Post("/api/event", [this](const httplib::Request& request, httplib::Response& response) {
        Json(response, app_.HandleEvent(request.body));
    });
    server_->Get("/api/events", [this](const httplib::Request&, httplib::Response& response) {
        response.set_header("Cache-Control", "no-store");
        response.set_header("X-Accel-Buffering", "no");
        response.set_chunked_content_provider(
            "text/event-stream", [this, version = std::uint64_t{0}](size_t, httplib::DataSink& sink) mutable {
                if (stopping_) return false;
                // Returns at once with the current state, then on each change or after 1 s.
                const std::string message = "event: state\ndata: " + app_.WaitState(version, 1000) + "\n\n";
                if (stopping_ || !sink.write(message.data(), message.size())) return false;
                return true;
            });
    });
}

}  // namespace docintake::kiosk
