#include "outbox_worker.h"

#include <chrono>

#include "clock.h"
#include "docintake/handoff.h"
#include "log.h"

namespace docintake::kiosk {

OutboxWorker::OutboxWorker(const KioskConfig& config, StoreOptions store_options)
    : config_(config), store_options_(std::move(store_options)) {}

OutboxWorker::~OutboxWorker() { Stop(); }

void OutboxWorker::Start() { thread_ = std::thread([this] { Run(); }); }

void OutboxWorker::Stop() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stop_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void OutboxWorker::Run() {
    StoreOpenResult opened = RecordStore::Open(store_options_);
    if (opened.error) {
        Log("outbox: cannot open the store (%s); no handoff or purge", ToString(opened.error.code));
        return;
    }
    RecordStore& store = *opened.store;
    std::unique_ptr<Sink> sink;
    if (!config_.handoff_url.empty()) {
        SinkOptions options;
        options.bearer_token = config_.handoff_bearer_token;
        options.ca_file = config_.handoff_ca_file;
        SinkResult made = MakeSink(config_.handoff_url, options);
        if (made.error) Log("outbox: handoff_url not usable (%s); records wait in the outbox", made.error.message.c_str());
        sink = std::move(made.sink);
    } else {
        Log("outbox: no handoff_url; records wait in the outbox");
    }
    double last_purge_s = -1e18;
    std::unique_lock<std::mutex> lock(mutex_);
    while (!stop_) {
        lock.unlock();
        const double now = MonotonicSeconds();
        if (now - last_purge_s >= config_.purge_interval_seconds) {
            last_purge_s = now;
            const PurgeReport purged = store.Purge();
            if (purged.delivered_purged || purged.undelivered_purged)
                Log("retention: purged %d delivered and %d undelivered records", purged.delivered_purged,
                    purged.undelivered_purged);
        }
        if (sink) {
            SendOptions options;
            options.deadline_ms = 0;
            options.wait_for_backoff = false;
            options.on_attempt = [](const std::string& id, const DeliveryOutcome& outcome) {
                if (outcome.kind == DeliveryOutcome::Kind::Delivered) Log("outbox: record %s delivered", id.c_str());
                else Log("outbox: record %s not delivered (%s)", id.c_str(), outcome.reason.c_str());
            };
            SendOutbox(store, *sink, options);
        }
        lock.lock();
        wake_.wait_for(lock, std::chrono::seconds(config_.send_interval_seconds), [&] { return stop_; });
    }
}

}  // namespace docintake::kiosk
