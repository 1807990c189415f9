// Handoff through the C API (docintake/c.h, the shared libdocintake_c): records
// stored with dit_store_add_mrz are sent to a real HTTP receiver on 127.0.0.1
// (cpp-httplib in this process), which says what it got, and to a real mosquitto
// broker started on a loopback port.
#include <doctest/doctest.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <future>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "docintake/c.h"
#include "support/http_receiver.h"
#include "support/mosquitto_broker.h"
#include "support/mqtt_subscriber.h"
#include "support/temp_dir.h"

namespace {

using docintake_test::HttpReceiver;

const char* kTd3 =
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
    "L898902C36UTO7408122F1204159ZE184226B<<<<<10\n";
const char* kTd1 =
    "I<UTOD231458907<<<<<<<<<<<<<<<\n"
    "7408122F1204159UTO<<<<<<<<<<<6\n"
    "ERIKSSON<<ANNA<MARIA<<<<<<<<<<\n";
constexpr const char* kToken = "s3cret-token-for-the-cms";

struct Store {
    dit_store* store = nullptr;
    explicit Store(const std::string& dir) { REQUIRE(dit_store_open(dir.c_str(), 1, nullptr, &store) == DIT_OK); }
    ~Store() { dit_store_free(store); }
    std::string Add(const char* mrz) {
        char id[33] = {};
        REQUIRE(dit_store_add_mrz(store, mrz, "en", id) == DIT_OK);
        return id;
    }
};

dit_handoff_options Options() {
    dit_handoff_options options;
    dit_handoff_options_init(&options);
    options.bearer_token = kToken;
    options.connect_timeout_ms = 2000;
    options.timeout_ms = 3000;
    return options;
}

}  // namespace

TEST_CASE("options: defaults are the C++ ones; uninitialised options and bad URLs are refused") {
    dit_handoff_options options;
    std::memset(&options, 0x5a, sizeof options);
    dit_handoff_options_init(&options);
    CHECK(options.struct_size == sizeof options);
    CHECK(options.bearer_token == nullptr);
    CHECK(options.connect_timeout_ms == 5000);
    CHECK(options.timeout_ms == 15000);
    CHECK(options.deadline_ms == 0);
    CHECK(options.wait_for_backoff == 1);
    CHECK(options.base_delay_ms == 1000);
    CHECK(options.max_delay_ms == 900000);
    dit_handoff_options_init(nullptr);

    docintake_test::TempDir dir;
    Store store(dir.file("store"));
    dit_handoff_report report;
    dit_handoff_options garbage;
    std::memset(&garbage, 0, sizeof garbage);
    CHECK(dit_handoff_send(store.store, "file:///tmp", &garbage, &report) == DIT_ERROR_INVALID_ARGUMENT);
    options.timeout_ms = 0;
    CHECK(dit_handoff_send(store.store, "file:///tmp", &options, &report) == DIT_ERROR_INVALID_ARGUMENT);
    CHECK(dit_handoff_send(store.store, "gopher://127.0.0.1/intake", nullptr, &report) == DIT_ERROR_INVALID_ARGUMENT);
    CHECK(dit_handoff_send(store.store, "not a url", nullptr, &report) == DIT_ERROR_INVALID_ARGUMENT);
    CHECK(dit_handoff_send(store.store, nullptr, nullptr, &report) == DIT_ERROR_INVALID_ARGUMENT);
    CHECK(dit_handoff_send(nullptr, "file:///tmp", nullptr, &report) == DIT_ERROR_INVALID_ARGUMENT);
    CHECK(dit_handoff_send(store.store, "file:///tmp", nullptr, nullptr) == DIT_ERROR_INVALID_ARGUMENT);
    dit_handoff_options missing_ca = Options();
    missing_ca.ca_file = "/nonexistent/ca.pem";
    CHECK(dit_handoff_send(store.store, "https://127.0.0.1:1/x", &missing_ca, &report) == DIT_ERROR_INVALID_ARGUMENT);
}

TEST_CASE("http: each record is delivered once with its id as key; a second send delivers nothing twice") {
    HttpReceiver receiver;
    REQUIRE(receiver.ok());
    docintake_test::TempDir dir;
    Store store(dir.file("store"));
    const std::set<std::string> ids{store.Add(kTd3), store.Add(kTd1)};

    const dit_handoff_options options = Options();
    dit_handoff_report report;
    REQUIRE(dit_handoff_send(store.store, receiver.url().c_str(), &options, &report) == DIT_OK);
    CHECK(report.attempted == 2);
    CHECK(report.delivered == 2);
    CHECK(report.failed == 0);
    CHECK(report.remaining == 0);
    CHECK(report.outbox_pending == 0);
    CHECK(report.outbox_delivered == 2);
    CHECK(report.outbox_failed == 0);
    CHECK(std::string(report.last_error).empty());

    const auto requests = receiver.requests();
    REQUIRE(requests.size() == 2);
    std::set<std::string> keys;
    for (const auto& request : requests) {
        keys.insert(request.idempotency_key);
        CHECK(request.path == "/intake");
        CHECK(request.authorization == std::string("Bearer ") + kToken);
        CHECK(request.content_type.find("application/json") == 0);
        const auto record = nlohmann::json::parse(request.body);
        CHECK(record.at("id") == request.idempotency_key);  // the body is the stored record
        CHECK(record.at("consent").at("language") == "en");
    }
    CHECK(keys == ids);

    // Nothing pending: a second send attempts nothing and the receiver hears nothing.
    REQUIRE(dit_handoff_send(store.store, receiver.url().c_str(), &options, &report) == DIT_OK);
    CHECK(report.attempted == 0);
    CHECK(report.delivered == 0);
    CHECK(report.outbox_delivered == 2);
    CHECK(receiver.count() == 2);

    char* json = nullptr;
    REQUIRE(dit_store_outbox_json(store.store, &json) == DIT_OK);
    const auto outbox = nlohmann::json::parse(json);
    dit_string_free(json);
    REQUIRE(outbox.size() == 2);
    for (const auto& entry : outbox) {
        CHECK(entry.at("state") == "delivered");
        CHECK(entry.at("attempts").get<int>() >= 1);
        CHECK(ids.count(entry.at("id").get<std::string>()) == 1);
    }
}

TEST_CASE("http 503 then 200: retried within the deadline under the same key, delivered once") {
    HttpReceiver receiver;
    REQUIRE(receiver.ok());
    receiver.Answer({503, 200});
    docintake_test::TempDir dir;
    Store store(dir.file("store"));
    const std::string id = store.Add(kTd3);

    dit_handoff_options options = Options();
    options.deadline_ms = 5000;  // the backoff (rounded up to the next second) ends well before
    options.base_delay_ms = 0;
    dit_handoff_report report;
    REQUIRE(dit_handoff_send(store.store, receiver.url().c_str(), &options, &report) == DIT_OK);
    CHECK(report.attempted == 2);
    CHECK(report.delivered == 1);
    CHECK(report.remaining == 0);
    CHECK(report.outbox_delivered == 1);
    const auto requests = receiver.requests();
    REQUIRE(requests.size() == 2);
    CHECK(requests[0].idempotency_key == id);
    CHECK(requests[1].idempotency_key == id);
}

TEST_CASE("a refusal and an unreachable receiver are in the report, without the secrets") {
    docintake_test::TempDir dir;
    Store store(dir.file("store"));
    store.Add(kTd3);
    dit_handoff_report report;
    {
        HttpReceiver receiver;
        REQUIRE(receiver.ok());
        receiver.Answer({400});
        const dit_handoff_options options = Options();
        REQUIRE(dit_handoff_send(store.store, receiver.url().c_str(), &options, &report) == DIT_OK);
        CHECK(report.attempted == 1);
        CHECK(report.failed == 1);
        CHECK(report.delivered == 0);
        CHECK(report.outbox_failed == 1);
        CHECK(std::string(report.last_error) == "http 400");
        CHECK(receiver.count() == 1);
    }
    // A port nobody listens on, a password in the URL and a token: the reason
    // names the failure only.
    store.Add(kTd1);
    std::string url;
    {
        HttpReceiver gone;  // a port the kernel gave out, free again once it is closed
        REQUIRE(gone.ok());
        url = "http://cms:pa55word-in-url@127.0.0.1:" + std::to_string(gone.port()) + "/intake";
    }
    const dit_handoff_options options = Options();
    REQUIRE(dit_handoff_send(store.store, url.c_str(), &options, &report) == DIT_OK);
    CHECK(report.attempted == 1);
    CHECK(report.delivered == 0);
    CHECK(report.remaining == 1);
    CHECK(report.outbox_pending == 1);
    const std::string reason = report.last_error;
    CHECK(!reason.empty());
    CHECK(reason.find("pa55word") == std::string::npos);
    CHECK(reason.find(kToken) == std::string::npos);
    char* json = nullptr;
    REQUIRE(dit_store_outbox_json(store.store, &json) == DIT_OK);
    const std::string outbox = json;
    dit_string_free(json);
    CHECK(outbox.find("pa55word") == std::string::npos);
    CHECK(outbox.find(kToken) == std::string::npos);
    CHECK(outbox.find("ERIKSSON") == std::string::npos);
}

TEST_CASE("a second sender on the same store folder is told the store is busy") {
    HttpReceiver receiver;
    REQUIRE(receiver.ok());
    receiver.Answer({HttpReceiver::kStall});
    docintake_test::TempDir dir;
    Store first(dir.file("store"));
    first.Add(kTd3);
    Store second(dir.file("store"));  // another handle, as another process would have

    const dit_handoff_options options = Options();
    auto sending = std::async(std::launch::async, [&] {
        dit_handoff_report report;
        return dit_handoff_send(first.store, receiver.url().c_str(), &options, &report);
    });
    REQUIRE(receiver.WaitForRequests(1));  // the first sender holds the lock, its request stalls
    dit_handoff_report report;
    CHECK(dit_handoff_send(second.store, receiver.url().c_str(), &options, &report) == DIT_ERROR_BUSY);
    CHECK(report.attempted == 0);
    CHECK(report.remaining == 1);
    CHECK(std::string(dit_error_string(DIT_ERROR_BUSY)).find("another sender") != std::string::npos);
    receiver.Release();
    CHECK(sending.get() == DIT_OK);
    CHECK(receiver.count() == 1);
}

TEST_CASE("file:// sink: one JSON file per record, named by its id") {
    docintake_test::TempDir dir;
    Store store(dir.file("store"));
    const std::string id = store.Add(kTd3);
    const std::string out = dir.file("cms-inbox");
    std::filesystem::create_directory(out);
    dit_handoff_report report;
    REQUIRE(dit_handoff_send(store.store, ("file://" + out).c_str(), nullptr, &report) == DIT_OK);
    CHECK(report.delivered == 1);
    std::ifstream file(out + "/" + id + ".json");
    REQUIRE(file.good());
    const auto record = nlohmann::json::parse(file);
    CHECK(record.at("id") == id);
}

TEST_CASE("mqtt:// sink: the record is published to the URL's topic, keyed by its id, once") {
    docintake_test::TempDir dir;
    docintake_test::MosquittoBroker broker(dir.path(), {});
    REQUIRE(broker.Start());
    docintake_test::MqttSubscriber subscriber(broker.port(), "docintake/#");
    REQUIRE(subscriber.ok());
    Store store(dir.file("store"));
    const std::string id = store.Add(kTd3);

    const std::string url = "mqtt://127.0.0.1:" + std::to_string(broker.port()) + "/docintake/site-042/records";
    dit_handoff_report report;
    REQUIRE(dit_handoff_send(store.store, url.c_str(), nullptr, &report) == DIT_OK);
    CHECK(report.delivered == 1);
    REQUIRE(subscriber.WaitFor(1));
    REQUIRE(dit_handoff_send(store.store, url.c_str(), nullptr, &report) == DIT_OK);
    CHECK(report.attempted == 0);

    const auto messages = subscriber.messages();
    REQUIRE(messages.size() == 1);
    CHECK(messages[0].topic == "docintake/site-042/records");
    CHECK(messages[0].idempotency_key == id);
    CHECK(messages[0].qos == 1);
    CHECK(nlohmann::json::parse(messages[0].payload).at("id") == id);
}
