#include "kiosk_app.h"

#include <chrono>
#include <cmath>

#include "clock.h"
#include "log.h"
#include "state_json.h"

namespace docintake::kiosk {
using nlohmann::json;

namespace {

double Rounded(double v, double scale) { return std::round(v * scale) / scale; }

// The library's capture-quality measures (docs/calibration.md), as the staff screen shows them.
json QualityJson(const FrameMeasures& m) {
    return {{"sharpness", Rounded(m.sharpness, 1000)},
            {"mean_level", Rounded(m.mean_level, 10)},
            {"clipped_fraction", Rounded(m.clipped_fraction(), 1000)},
            {"glare_fraction", Rounded(m.glare_fraction, 1000)},
            {"noise_sigma", Rounded(m.noise_sigma, 100)},
            {"motion", m.motion ? json(Rounded(*m.motion, 100)) : json(nullptr)}};
}

FlowSettings SettingsOf(const KioskConfig& config) {
    FlowSettings s;
    s.inactivity_seconds = config.inactivity_seconds;
    s.done_seconds = config.done_seconds;
    s.languages = config.languages;
    return s;
}

// Never throws: bytes that are not UTF-8 (none should reach here) become U+FFFD.
std::string Dump(const json& value) { return value.dump(-1, ' ', false, json::error_handler_t::replace); }

std::string ErrorBody(const std::string& message) { return Dump(json{{"error", message}}); }
}  // namespace

KioskApp::KioskApp(const KioskConfig& config, RecordStore* store, FrameHub& hub, bool calibrated)
    : config_(config),
      store_(store),
      hub_(hub),
      calibrated_(calibrated),
      flow_(SettingsOf(config), FlowTime{MonotonicSeconds(), UnixMillis() / 1000}) {}

FlowTime KioskApp::Now() const { return {MonotonicSeconds(), UnixMillis() / 1000}; }

void KioskApp::NoteChange() {
    if (flow_.screen() != seen_screen_) {
        Log("state %s -> %s", ToString(seen_screen_), ToString(flow_.screen()));
        seen_screen_ = flow_.screen();
    }
    if (flow_.version() != seen_flow_version_) {
        seen_flow_version_ = flow_.version();
        ++version_;
        changed_.notify_all();
    }
}

json KioskApp::StateLocked() {
    StateExtras extras;
    extras.camera_ok = camera_ok_;
    extras.calibrated = calibrated_;
    return StateToJson(flow_, Now(), extras);
}

std::string KioskApp::StateJson() {
    std::lock_guard<std::mutex> lock(mutex_);
    return Dump(StateLocked());
}

std::string KioskApp::WaitState(std::uint64_t& version, int timeout_ms) {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait_for(lock, std::chrono::milliseconds(timeout_ms), [&] { return version_ != version || shutdown_; });
    version = version_;
    return Dump(StateLocked());
}

HttpReply KioskApp::HandleEvent(const std::string& body) {
    const json request = json::parse(body, nullptr, /*allow_exceptions=*/false);
    if (request.is_discarded() || !request.is_object() || !request.contains("event") || !request["event"].is_string())
        return {400, ErrorBody("expected {\"event\": name, \"value\": ...}")};
    const auto kind = EventKindFromString(request["event"].get<std::string>());
    if (!kind) return {400, ErrorBody("unknown event")};
    FlowEvent event;
    event.kind = *kind;
    const json value = request.value("value", json(nullptr));
    if (*kind == EventKind::Language) {
        if (!value.is_string()) return {400, ErrorBody("language needs a language code")};
        event.value = value.get<std::string>();
    } else if (*kind == EventKind::Edit) {
        if (!value.is_object() || !value.contains("field") || !value["field"].is_string() ||
            !value.contains("value") || !value["value"].is_string())
            return {400, ErrorBody("edit needs {\"field\": name, \"value\": text}")};
        event.field = value["field"].get<std::string>();
        event.value = value["value"].get<std::string>();
    }

    std::lock_guard<std::mutex> lock(mutex_);
    const FlowTime now = Now();
    if (*kind == EventKind::Confirm && flow_.screen() == Screen::Review && flow_.record()) {
        if (!store_) return {500, ErrorBody("no record store")};
        const IntakeRecord& record = *flow_.record();
        Error stored;
        {
            std::lock_guard<std::mutex> store_lock(store_mutex_);
            stored = store_->Add(record);
        }
        if (stored) {
            Log("confirm: the store refused record %s (%s)", record.id.c_str(), ToString(stored.code));
            WipeString(event.value);
            return {500, ErrorBody("the record could not be stored; please ask staff")};
        }
        Log("record %s confirmed and stored in the outbox", record.id.c_str());
    }
    const Error error = flow_.Handle(event, now);
    WipeString(event.value);
    if (!error && *kind == EventKind::Edit && flow_.record()) {
        // An accepted field name is one of the record's, not personal; the value is never logged.
        Log("record %s: field %s edited by the person", flow_.record()->id.c_str(), event.field.c_str());
    }
    if (!error && (*kind == EventKind::Help || *kind == EventKind::Protection)) {
        (*kind == EventKind::Help ? help_requests_ : protection_requests_) += 1;
        last_request_at_ = now.unix_s;
        Log("%s requested", ToString(*kind));
    }
    NoteChange();
    if (error) return {400, ErrorBody(error.message)};
    // A touch changes no screen, but the countdown shown should restart now.
    if (*kind == EventKind::Touch) {
        ++version_;
        changed_.notify_all();
    }
    return {200, Dump(StateLocked())};
}

std::uint64_t KioskApp::ScanEpoch() {
    std::lock_guard<std::mutex> lock(mutex_);
    return flow_.screen() == Screen::Scan ? flow_.scan_epoch() : 0;
}

void KioskApp::UpdateScan(std::uint64_t epoch, const ScanStatus& status) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (flow_.screen() != Screen::Scan || flow_.scan_epoch() != epoch) return;
    flow_.UpdateScan(status);
    NoteChange();
}

bool KioskApp::DocumentRead(std::uint64_t epoch, IntakeRecord record, double seen_to_read_ms) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (flow_.screen() != Screen::Scan || flow_.scan_epoch() != epoch) {
        WipeRecord(record);
        return false;
    }
    const std::string id = record.id;
    flow_.DocumentRead(std::move(record), Now());
    last_read_ms_ = seen_to_read_ms;
    Log("document read: record %s, review entered %.0f ms after the document was first seen", id.c_str(),
        seen_to_read_ms);
    NoteChange();
    return true;
}

void KioskApp::SetReaderFeedback(const std::string& feedback) {
    std::lock_guard<std::mutex> lock(mutex_);
    reader_feedback_ = feedback;
}

void KioskApp::SetFrameMeasures(const FrameMeasures& measures) {
    std::lock_guard<std::mutex> lock(mutex_);
    quality_ = measures;
}

void KioskApp::Tick() {
    const bool camera_ok = hub_.status().ok;
    std::lock_guard<std::mutex> lock(mutex_);
    const Screen before = flow_.screen();
    if (flow_.Tick(Now()) && before != Screen::Done) Log("inactivity: session wiped");
    NoteChange();
    if (camera_ok != camera_ok_) {
        camera_ok_ = camera_ok;
        ++version_;
    }
    // The countdown moves every second: wake the event streams anyway.
    changed_.notify_all();
}

void KioskApp::Shutdown() {
    std::lock_guard<std::mutex> lock(mutex_);
    shutdown_ = true;
    changed_.notify_all();
}

json KioskApp::StaffStatus() {
    const CameraStatus camera = hub_.status();
    json status;
    status["camera"] = {{"source", camera.kind},
                        {"fps", std::round(camera.fps * 10) / 10},
                        {"frames", camera.frames},
                        {"status", camera.ok ? "ok" : "lost"}};
    {
        std::lock_guard<std::mutex> lock(mutex_);
        status["reader"] = {{"feedback", reader_feedback_},
                            {"last_read_ms", last_read_ms_ < 0 ? json(nullptr) : json(std::lround(last_read_ms_))},
                            {"quality", QualityJson(quality_)}};
        status["requests"] = {{"help", help_requests_},
                              {"protection", protection_requests_},
                              {"last_at", last_request_at_ ? json(FormatRfc3339(last_request_at_)) : json(nullptr)}};
        status["calibrated"] = calibrated_;
    }
    json outbox = nullptr;
    if (store_) {
        std::lock_guard<std::mutex> lock(store_mutex_);
        const OutboxCounts counts = store_->Counts();
        outbox = {{"pending", counts.pending},
                  {"delivered", counts.delivered},
                  {"failed", counts.failed},
                  {"last_delivery_at", counts.last_delivery_at ? json(FormatRfc3339(counts.last_delivery_at)) : json(nullptr)},
                  {"last_error", counts.last_error.empty() ? json(nullptr) : json(counts.last_error)}};
    }
    status["outbox"] = outbox;
    status["retention"] = {{"delivered_hours", config_.retention_delivered_hours},
                           {"undelivered_hours", config_.retention_undelivered_hours}};
    return status;
}

HttpReply KioskApp::StaffResend() {
    if (!store_) return {500, ErrorBody("no record store")};
    std::lock_guard<std::mutex> lock(store_mutex_);
    const int resent = store_->ResendAllFailed(UnixMillis() / 1000);
    Log("staff: %d failed records back to pending", resent);
    return {200, Dump(json{{"resent", resent}})};
}

HttpReply KioskApp::StaffPurge() {
    if (!store_) return {500, ErrorBody("no record store")};
    std::lock_guard<std::mutex> lock(store_mutex_);
    const PurgeReport report = store_->Purge();
    Log("staff: purge removed %d delivered and %d undelivered records", report.delivered_purged,
        report.undelivered_purged);
    return {200, Dump(json{{"delivered_purged", report.delivered_purged},
                           {"undelivered_purged", report.undelivered_purged}})};
}

}  // namespace docintake::kiosk
