// The mqtt:// and mqtts:// sinks against a real Mosquitto broker started by the
// test on 127.0.0.1, checked by a real subscriber.

#include <doctest/doctest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <string>

#include "docintake/handoff.h"
#include "support/mosquitto_broker.h"
#include "support/mqtt_subscriber.h"
#include "support/temp_dir.h"
#include "support/test_pki.h"

using docintake::DeliveryOutcome;
using docintake_test::BrokerConfig;
using docintake_test::MosquittoBroker;
using docintake_test::MqttSubscriber;

namespace {

const std::string kTopic = "docintake/site-042/records";
const std::string kId = "0123456789abcdef0123456789abcdef";
const std::string kJson = R"({"id":"0123456789abcdef0123456789abcdef","schema_version":1})";

std::unique_ptr<docintake::Sink> Sink(const std::string& url, docintake::SinkOptions options = {}) {
    options.connect_timeout_ms = 1000;
    options.timeout_ms = 2000;
    auto made = docintake::MakeSink(url, options);
    REQUIRE_FALSE(made.error);
    return std::move(made.sink);
}

std::string Url(const char* scheme, int port) { return std::string(scheme) + "://127.0.0.1:" + std::to_string(port) + "/" + kTopic; }

}  // namespace

TEST_CASE("mqtt sink: the record arrives with QoS 1 on the URL's topic, keyed by its id") {
    docintake_test::TempDir dir;
    MosquittoBroker broker(dir.path(), {});
    REQUIRE(broker.Start());
    MqttSubscriber subscriber(broker.port(), "docintake/#");
    REQUIRE(subscriber.ok());

    auto sink = Sink(Url("mqtt", broker.port()));
    CHECK(sink->kind() == "mqtt");
    const DeliveryOutcome outcome = sink->Deliver(kId, kJson);
    CHECK(outcome.kind == DeliveryOutcome::Kind::Delivered);
    CHECK(outcome.reason.empty());
    const std::string second = "fedcba9876543210fedcba9876543210";
    CHECK(sink->Deliver(second, "{}").kind == DeliveryOutcome::Kind::Delivered);  // same connection

    REQUIRE(subscriber.WaitFor(2));
    const auto messages = subscriber.messages();
    CHECK(messages[0].topic == kTopic);
    CHECK(messages[0].payload == kJson);
    CHECK(messages[0].idempotency_key == kId);
    CHECK(messages[0].qos == 1);
    CHECK(messages[1].idempotency_key == second);
}

TEST_CASE("mqtt sink: broker down is retried; once it is up the record is delivered") {
    docintake_test::TempDir dir;
    MosquittoBroker broker(dir.path(), {});
    auto sink = Sink(Url("mqtt", broker.port()));
    const DeliveryOutcome down = sink->Deliver(kId, kJson);
    CHECK(down.kind == DeliveryOutcome::Kind::Retry);
    CHECK(down.reason == "connection refused");

    REQUIRE(broker.Start());
    MqttSubscriber subscriber(broker.port(), kTopic);
    REQUIRE(subscriber.ok());
    CHECK(sink->Deliver(kId, kJson).kind == DeliveryOutcome::Kind::Delivered);
    REQUIRE(subscriber.WaitFor(1));
    CHECK(subscriber.messages()[0].idempotency_key == kId);
}

TEST_CASE("mqtt sink: a connection dropped between records is made again on the next delivery") {
    docintake_test::TempDir dir;
    MosquittoBroker broker(dir.path(), {});
    REQUIRE(broker.Start());
    auto sink = Sink(Url("mqtt", broker.port()));
    CHECK(sink->Deliver(kId, kJson).kind == DeliveryOutcome::Kind::Delivered);

    broker.Stop();  // the sink's connection dies with it
    REQUIRE(broker.Start());
    MqttSubscriber subscriber(broker.port(), kTopic);
    REQUIRE(subscriber.ok());
    const std::string next = "fedcba9876543210fedcba9876543210";
    CHECK(sink->Deliver(next, kJson).kind == DeliveryOutcome::Kind::Delivered);
    REQUIRE(subscriber.WaitFor(1));
    CHECK(subscriber.messages()[0].idempotency_key == next);
}

TEST_CASE("mqtt sink: no PUBACK within timeout_ms is retried; the record then goes again under the same key") {
    docintake_test::TempDir dir;
    MosquittoBroker broker(dir.path(), {});
    REQUIRE(broker.Start());
    MqttSubscriber subscriber(broker.port(), kTopic);
    REQUIRE(subscriber.ok());
    auto sink = Sink(Url("mqtt", broker.port()));
    const std::string first = "fedcba9876543210fedcba9876543210";
    REQUIRE(sink->Deliver(first, "{}").kind == DeliveryOutcome::Kind::Delivered);  // connected

    ::kill(broker.pid(), SIGSTOP);  // the broker takes the bytes (socket buffer) but cannot answer
    const DeliveryOutcome stalled = sink->Deliver(kId, kJson);
    ::kill(broker.pid(), SIGCONT);
    CHECK(stalled.kind == DeliveryOutcome::Kind::Retry);
    CHECK(stalled.reason == "timeout");

    CHECK(sink->Deliver(kId, kJson).kind == DeliveryOutcome::Kind::Delivered);
    REQUIRE(subscriber.WaitFor(2));
    subscriber.WaitFor(3, 300);  // the stalled copy may arrive too: at least once
    const auto messages = subscriber.messages();
    CHECK(messages.size() <= 3);
    for (std::size_t i = 1; i < messages.size(); ++i) {
        CHECK(messages[i].idempotency_key == kId);
        CHECK(messages[i].payload == kJson);
    }
}

TEST_CASE("mqtt sink: a server that never answers CONNECT is a timeout within connect_timeout_ms") {
    // A listening socket nobody accepts from: TCP connects, MQTT never answers.
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    REQUIRE(::listen(fd, 4) == 0);
    REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
    docintake::SinkOptions options;
    auto sink = Sink(Url("mqtt", ntohs(addr.sin_port)), options);
    const auto start = std::chrono::steady_clock::now();
    const DeliveryOutcome outcome = sink->Deliver(kId, kJson);
    const auto took = std::chrono::steady_clock::now() - start;
    ::close(fd);
    CHECK(outcome.kind == DeliveryOutcome::Kind::Retry);
    CHECK(outcome.reason == "connect timeout");
    CHECK(took >= std::chrono::milliseconds(900));
    CHECK(took < std::chrono::seconds(10));  // bounded (a generous margin for sanitizer builds)
}

TEST_CASE("mqtts sink: verified TLS with the kiosk's client certificate; refused without it or with the system CAs") {
    docintake_test::TempDir dir;
    const auto pki = docintake_test::MakeTestPki(dir.path());
    REQUIRE(pki.ok);
    BrokerConfig config;
    config.ca_file = pki.ca_cert;
    config.tls_cert = pki.server_cert;
    config.tls_key = pki.server_key;
    config.require_certificate = true;
    MosquittoBroker broker(dir.path(), config);
    REQUIRE(broker.Start());
    MqttSubscriber subscriber(broker.port(), kTopic);  // on the plain listener of the same broker
    REQUIRE(subscriber.ok());

    docintake::SinkOptions options;
    options.ca_file = pki.ca_cert;
    options.client_cert = pki.client_cert;
    options.client_key = pki.client_key;
    auto sink = Sink(Url("mqtts", broker.tls_port()), options);
    CHECK(sink->kind() == "mqtts");
    const DeliveryOutcome outcome = sink->Deliver(kId, kJson);
    CHECK(outcome.kind == DeliveryOutcome::Kind::Delivered);
    CAPTURE(outcome.reason);
    REQUIRE(subscriber.WaitFor(1));
    CHECK(subscriber.messages()[0].payload == kJson);
    CHECK(subscriber.messages()[0].idempotency_key == kId);

    docintake::SinkOptions no_client_cert;
    no_client_cert.ca_file = pki.ca_cert;
    CHECK(Sink(Url("mqtts", broker.tls_port()), no_client_cert)->Deliver(kId, kJson).kind == DeliveryOutcome::Kind::Retry);

    docintake::SinkOptions system_cas;
    system_cas.client_cert = pki.client_cert;
    system_cas.client_key = pki.client_key;
    const DeliveryOutcome unverified = Sink(Url("mqtts", broker.tls_port()), system_cas)->Deliver(kId, kJson);
    CHECK(unverified.kind == DeliveryOutcome::Kind::Retry);
    CHECK(unverified.reason.find("tls") != std::string::npos);

    docintake::SinkOptions other_ca = options;
    other_ca.ca_file = pki.other_ca_cert;
    CHECK(Sink(Url("mqtts", broker.tls_port()), other_ca)->Deliver(kId, kJson).kind == DeliveryOutcome::Kind::Retry);

    // Only the verified delivery arrived.
    CHECK_FALSE(subscriber.WaitFor(2, 300));

    // The right CA, but the broker's certificate is for another name: the host is checked too.
    docintake_test::TempDir other_dir;
    BrokerConfig elsewhere_config;
    elsewhere_config.ca_file = pki.ca_cert;
    elsewhere_config.tls_cert = pki.elsewhere_cert;
    elsewhere_config.tls_key = pki.elsewhere_key;
    MosquittoBroker elsewhere(other_dir.path(), elsewhere_config);
    REQUIRE(elsewhere.Start());
    const DeliveryOutcome wrong_name = Sink(Url("mqtts", elsewhere.tls_port()), options)->Deliver(kId, kJson);
    CHECK(wrong_name.kind == DeliveryOutcome::Kind::Retry);
    CHECK(wrong_name.reason.find("tls") != std::string::npos);
}

TEST_CASE("mqtt sink: user name and password, from the options or the URL; a wrong password is retried") {
    docintake_test::TempDir dir;
    BrokerConfig config;
    config.password_file = dir.file("passwords");
    const std::string make = "/usr/bin/mosquitto_passwd -b -c '" + config.password_file + "' kiosk-042 'pa ss:w@rd' >/dev/null 2>&1";
    REQUIRE(std::system(make.c_str()) == 0);
    MosquittoBroker broker(dir.path(), config);
    REQUIRE(broker.Start());
    MqttSubscriber subscriber(broker.port(), kTopic);  // anonymous, on the plain listener
    REQUIRE(subscriber.ok());

    docintake::SinkOptions options;
    options.username = "kiosk-042";
    options.password = "pa ss:w@rd";
    CHECK(Sink(Url("mqtt", broker.auth_port()), options)->Deliver(kId, kJson).kind == DeliveryOutcome::Kind::Delivered);

    const std::string in_url = "mqtt://kiosk-042:pa%20ss%3Aw%40rd@127.0.0.1:" + std::to_string(broker.auth_port()) + "/" + kTopic;
    CHECK(Sink(in_url)->Deliver(kId, kJson).kind == DeliveryOutcome::Kind::Delivered);

    options.password = "wrong";
    const DeliveryOutcome wrong = Sink(Url("mqtt", broker.auth_port()), options)->Deliver(kId, kJson);
    CHECK(wrong.kind == DeliveryOutcome::Kind::Retry);
    CHECK(wrong.reason.rfind("mqtt connect refused", 0) == 0);
    CHECK(wrong.reason.find("wrong") == std::string::npos);
    CHECK(Sink(Url("mqtt", broker.auth_port()))->Deliver(kId, kJson).kind == DeliveryOutcome::Kind::Retry);

    REQUIRE(subscriber.WaitFor(2));
    CHECK_FALSE(subscriber.WaitFor(3, 300));  // the refused ones never arrived
}
