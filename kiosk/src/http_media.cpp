// The camera preview, languages, catalogs, spoken prompts and the static UI.
#include <httplib.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "http_server.h"

namespace docintake::kiosk {

namespace {
bool ReadFile(const std::string& path, std::string& out) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) return false;
    std::ifstream file(path, std::ios::binary);
    if (!file) return false;
    std::stringstream content;
    content << file.rdbuf();
    out = content.str();
    return true;
}

void NotFound(httplib::Response& response) {
    response.status = 404;
    response.set_content(R"({"error":"not found"})", "application/json");
}
}  // namespace

void KioskServer::AddMediaRoutes() {
    server_->Get("/preview.jpg", [this](const httplib::Request&, httplib::Response& response) {
        std::uint64_t seq = 0;
        const auto jpeg = hub_.WaitPreview(seq, 0);
        if (!jpeg || !hub_.status().ok) {
            response.status = 503;
            response.set_content(R"({"error":"no camera frame"})", "application/json");
            return;
        }
        response.set_header("Cache-Control", "no-store");
        response.set_content(reinterpret_cast<const char*>(jpeg->data()), jpeg->size(), "image/jpeg");
    });
    server_->Get("/preview.mjpg", [this](const httplib::Request&, httplib::Response& response) {
        response.set_header("Cache-Control", "no-store");
        response.set_chunked_content_provider(
            "multipart/x-mixed-replace; boundary=frame",
            [this, seq = std::uint64_t{0}](size_t, httplib::DataSink& sink) mutable {
                if (stopping_) return false;
                const auto jpeg = hub_.WaitPreview(seq, 1000);
                if (!jpeg) return !stopping_.load();  // no new frame (camera lost): keep the stream open
                const std::string head = "--frame\r\nContent-Type: image/jpeg\r\nContent-Length: " +
                                         std::to_string(jpeg->size()) + "\r\n\r\n";
                return sink.write(head.data(), head.size()) &&
                       sink.write(reinterpret_cast<const char*>(jpeg->data()), jpeg->size()) &&
                       sink.write("\r\n", 2) && !stopping_;
            });
    });
    server_->Get("/api/languages", [this](const httplib::Request&, httplib::Response& response) {
        const auto languages = LanguagesJson(config_.languages, paths_.languages);
        response.set_content(languages.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                             "application/json");
    });
    server_->Get(R"(/i18n/([A-Za-z0-9_-]+)\.json)", [this](const httplib::Request& request, httplib::Response& response) {
        const std::string code = request.matches[1];
        std::string content;
        if (!IsSafeName(code) || !ReadFile(paths_.languages.i18n_dir + "/" + code + ".json", content))
            return NotFound(response);
        response.set_content(content, "application/json");
    });
    server_->Get(R"(/audio/([A-Za-z0-9_-]+)/([A-Za-z0-9_.-]+)\.wav)",
                 [this](const httplib::Request& request, httplib::Response& response) {
                     const std::string code = request.matches[1];
                     const std::string key = request.matches[2];
                     if (!IsSafeName(code) || !IsSafeName(key)) return NotFound(response);
                     const std::string name = "/" + code + "/" + key + ".wav";
                     std::string content;
                     // A recorded voice wins over the generated one.
                     if (!ReadFile(paths_.languages.voices_dir + name, content) &&
                         !ReadFile(paths_.languages.audio_dir + name, content))
                         return NotFound(response);
                     response.set_content(content, "audio/wav");
                 });
    server_->set_file_extension_and_mimetype_mapping("mjs", "text/javascript");
    server_->set_file_extension_and_mimetype_mapping("wav", "audio/wav");
    server_->set_file_extension_and_mimetype_mapping("webmanifest", "application/manifest+json");
    if (!paths_.web_root.empty()) server_->set_mount_point("/", paths_.web_root);
}

}  // namespace docintake::kiosk
