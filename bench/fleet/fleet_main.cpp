// docintake-fleet: the parts of the handoff fleet benchmark (bench/fleet/run.sh).
//   prepare --store DIR --records M         a kiosk's store with M pending records
//   send --store DIR --url URL [--start-at-ms T]
//                                           SendOutbox once; prints a JSON line
//   count --port P --expect K [--timeout-s S]
//                                           MQTT 5 subscriber on 127.0.0.1 counting arrivals
//   http-receiver                           answers 200 to every POST on 127.0.0.1; prints its port
// Loopback only; the records are synthetic (a specimen's data).

#include <httplib.h>
#include <mosquitto.h>
#include <mqtt_protocol.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <chrono>
#include <pthread.h>
#include <csignal>
#include <cstdio>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "docintake/handoff.h"
#include "docintake/record.h"
#include "docintake/store.h"

namespace {

std::int64_t NowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

docintake::IntakeRecord SpecimenRecord() {
    docintake::IntakeRecord record;
    record.id = docintake::NewRecordId();
    record.intake_date = "2026-12-06";
    record.document_format = "TD3";
    for (const auto& [name, value] : std::vector<std::pair<std::string, std::string>>{
             {"document_code", "P"}, {"issuing_state", "UTO"}, {"surname", "ERIKSSON"}, {"given_names", "ANNA MARIA"},
             {"document_number", "L898902C3"}, {"nationality", "UTO"}, {"birth_date", "1974-08-12"}, {"sex", "F"},
             {"expiry_date", "2032-04-15"}}) {
        docintake::RecordField field;
        field.value = value;
        field.source = "mrz";
        field.checked = true;
        field.confidence = 0.97;
        record.fields.emplace_back(name, field);
    }
    return record;
}

std::unique_ptr<docintake::RecordStore> OpenStore(const std::string& dir, bool create) {
    docintake::StoreOptions options;
    options.dir = dir;
    options.create = create;
    auto opened = docintake::RecordStore::Open(options);
    if (opened.error) {
        std::fprintf(stderr, "store: %s\n", opened.error.message.c_str());
        return nullptr;
    }
    return std::move(opened.store);
}

int Prepare(const std::string& dir, int records) {
    auto store = OpenStore(dir, true);
    if (!store) return 2;
    for (int i = 0; i < records; ++i) {
        if (docintake::Error error = store->Add(SpecimenRecord())) {
            std::fprintf(stderr, "add: %s\n", error.message.c_str());
            return 2;
        }
    }
    return 0;
}

// Forwards to the real sink and adds up the time spent in it, to tell the
// sink's share of a run from the store's (reads and synced outcome writes).
class TimedSink final : public docintake::Sink {
public:
    explicit TimedSink(docintake::Sink& inner) : inner_(inner) {}
    docintake::DeliveryOutcome Deliver(const std::string& id, const std::string& json) override {
        const auto start = std::chrono::steady_clock::now();
        docintake::DeliveryOutcome outcome = inner_.Deliver(id, json);
        seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        return outcome;
    }
    std::string kind() const override { return inner_.kind(); }
    double seconds() const { return seconds_; }

private:
    docintake::Sink& inner_;
    double seconds_ = 0;
};

int Send(const std::string& dir, const std::string& url, std::int64_t start_at_ms, int kiosk) {
    auto store = OpenStore(dir, false);
    if (!store) return 2;
    docintake::SinkOptions sink_options;
    sink_options.timeout_ms = 10000;
    auto made = docintake::MakeSink(url, sink_options);
    if (made.error) {
        std::fprintf(stderr, "sink: %s\n", made.error.message.c_str());
        return 2;
    }
    while (NowMs() < start_at_ms) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    const auto start = std::chrono::steady_clock::now();
    const auto started_ms = NowMs();
    TimedSink timed(*made.sink);
    const docintake::SendReport report = docintake::SendOutbox(*store, timed);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("{\"kiosk\":%d,\"attempted\":%d,\"delivered\":%d,\"remaining\":%d,\"busy\":%s,\"start_ms\":%lld,"
                "\"end_ms\":%lld,\"seconds\":%.4f,\"sink_seconds\":%.4f}\n",
                kiosk, report.attempted, report.delivered, report.remaining, report.busy ? "true" : "false",
                static_cast<long long>(started_ms), static_cast<long long>(NowMs()), seconds, timed.seconds());
    return report.remaining == 0 ? 0 : 1;
}

struct Counter {
    std::mutex mutex;
    std::set<std::string> keys;
    long received = 0;
    std::int64_t first_ms = 0, last_ms = 0;
    std::atomic<bool> subscribed{false};
};

int Count(int port, long expect, int timeout_s) {
    mosquitto_lib_init();
    Counter counter;
    mosquitto* mosq = mosquitto_new(nullptr, true, &counter);
    mosquitto_int_option(mosq, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V5);
    mosquitto_subscribe_callback_set(mosq, [](mosquitto*, void* self, int, int, const int*) {
        static_cast<Counter*>(self)->subscribed = true;
    });
    mosquitto_message_v5_callback_set(mosq, [](mosquitto*, void* self, const mosquitto_message*, const mosquitto_property* props) {
        auto* c = static_cast<Counter*>(self);
        char* name = nullptr;
        char* value = nullptr;
        std::string key;
        if (mosquitto_property_read_string_pair(props, MQTT_PROP_USER_PROPERTY, &name, &value, false)) {
            key = value;
            std::free(name);
            std::free(value);
        }
        std::lock_guard<std::mutex> lock(c->mutex);
        const std::int64_t now = NowMs();
        if (c->received++ == 0) c->first_ms = now;
        c->last_ms = now;
        c->keys.insert(key);
    });
    if (mosquitto_connect(mosq, "127.0.0.1", port, 60) != MOSQ_ERR_SUCCESS || mosquitto_loop_start(mosq) != MOSQ_ERR_SUCCESS ||
        mosquitto_subscribe(mosq, nullptr, "docintake/+/records", 1) != MOSQ_ERR_SUCCESS) {
        std::fprintf(stderr, "count: cannot subscribe\n");
        return 2;
    }
    while (!counter.subscribed) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    std::printf("ready\n");
    std::fflush(stdout);
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
    for (;;) {
        {
            std::lock_guard<std::mutex> lock(counter.mutex);
            if (counter.received >= expect) break;
        }
        if (std::chrono::steady_clock::now() > until) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    mosquitto_disconnect(mosq);
    mosquitto_loop_stop(mosq, false);
    std::lock_guard<std::mutex> lock(counter.mutex);
    std::printf("{\"received\":%ld,\"unique\":%zu,\"first_ms\":%lld,\"last_ms\":%lld}\n", counter.received,
                counter.keys.size(), static_cast<long long>(counter.first_ms), static_cast<long long>(counter.last_ms));
    mosquitto_destroy(mosq);
    mosquitto_lib_cleanup();
    return 0;
}

int HttpReceive() {
    // SIGTERM is taken by sigwait below, not by a handler: blocked before any thread starts.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGTERM);
    sigaddset(&stop_signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    httplib::Server server;
    std::atomic<long> received{0};
    server.Post(R"(/.*)", [&](const httplib::Request&, httplib::Response& response) {
        ++received;
        response.status = 201;
    });
    const int port = server.bind_to_any_port("127.0.0.1");
    if (port <= 0) return 2;
    std::thread listener([&] { server.listen_after_bind(); });
    std::printf("%d\n", port);
    std::fflush(stdout);
    int signal_number = 0;
    sigwait(&stop_signals, &signal_number);
    while (!server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    server.stop();
    listener.join();
    std::fprintf(stderr, "received %ld\n", received.load());
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"docintake handoff fleet benchmark parts"};
    app.require_subcommand(1);
    std::string store, url;
    int records = 200, kiosk = 0, port = 0, timeout_s = 120;
    long expect = 0;
    long long start_at_ms = 0;
    auto* prepare = app.add_subcommand("prepare", "a store with pending records");
    prepare->add_option("--store", store)->required();
    prepare->add_option("--records", records);
    auto* send = app.add_subcommand("send", "SendOutbox once");
    send->add_option("--store", store)->required();
    send->add_option("--url", url)->required();
    send->add_option("--start-at-ms", start_at_ms);
    send->add_option("--kiosk", kiosk);
    auto* count = app.add_subcommand("count", "count arrivals on docintake/+/records");
    count->add_option("--port", port)->required();
    count->add_option("--expect", expect)->required();
    count->add_option("--timeout-s", timeout_s);
    auto* receive = app.add_subcommand("http-receiver", "answer 201 to every POST");
    CLI11_PARSE(app, argc, argv);
    if (*prepare) return Prepare(store, records);
    if (*send) return Send(store, url, start_at_ms, kiosk);
    if (*count) return Count(port, expect, timeout_s);
    if (*receive) return HttpReceive();
    return 2;
}
