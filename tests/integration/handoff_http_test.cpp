// The http:// sink against a real cpp-httplib receiver on 127.0.0.1.

#include <doctest/doctest.h>

#include <chrono>
#include <string>

#include "docintake/handoff.h"
#include "support/http_receiver.h"
#include "support/mosquitto_broker.h"

using docintake::DeliveryOutcome;
using docintake_test::HttpReceiver;

namespace {

const std::string kId = "0123456789abcdef0123456789abcdef";
const std::string kJson = R"({"id":"0123456789abcdef0123456789abcdef","schema_version":1})";

std::unique_ptr<docintake::Sink> Sink(const std::string& url, docintake::SinkOptions options = {}) {
    options.connect_timeout_ms = 2000;
    if (options.timeout_ms == docintake::SinkOptions{}.timeout_ms) options.timeout_ms = 3000;
    auto made = docintake::MakeSink(url, options);
    REQUIRE_FALSE(made.error);
    return std::move(made.sink);
}

}  // namespace

TEST_CASE("http sink: 200 and 201 deliver; the POST carries the JSON, its type and the record id as key") {
    HttpReceiver receiver;
    REQUIRE(receiver.ok());
    auto sink = Sink(receiver.url());
    CHECK(sink->kind() == "http");
    for (int status : {200, 201, 204}) {
        CAPTURE(status);
        receiver.Answer({status});
        const DeliveryOutcome outcome = sink->Deliver(kId, kJson);
        CHECK(outcome.kind == DeliveryOutcome::Kind::Delivered);
        CHECK(outcome.reason.empty());
    }
    const auto requests = receiver.requests();
    REQUIRE(requests.size() == 3);
    for (const auto& request : requests) {
        CHECK(request.path == "/intake");
        CHECK(request.idempotency_key == kId);
        CHECK(request.content_type == "application/json");
        CHECK(request.body == kJson);
        CHECK(request.authorization.empty());  // no token configured, none sent
    }
}

TEST_CASE("http sink: 408, 429 and 5xx are retried with the status as the reason, the reply's body never copied") {
    HttpReceiver receiver;
    REQUIRE(receiver.ok());
    auto sink = Sink(receiver.url());
    for (int status : {500, 502, 503, 408, 429}) {
        CAPTURE(status);
        receiver.Answer({status});
        const DeliveryOutcome outcome = sink->Deliver(kId, kJson);
        CHECK(outcome.kind == DeliveryOutcome::Kind::Retry);
        CHECK(outcome.reason == "http " + std::to_string(status));
    }
    CHECK(receiver.count() == 5);
}

TEST_CASE("http sink: other 4xx and 3xx reject the record (redirects are not followed)") {
    HttpReceiver receiver;
    REQUIRE(receiver.ok());
    auto sink = Sink(receiver.url());
    for (int status : {400, 404, 401, 403, 409, 413, 302, 307}) {
        CAPTURE(status);
        receiver.Answer({status});
        const DeliveryOutcome outcome = sink->Deliver(kId, kJson);
        CHECK(outcome.kind == DeliveryOutcome::Kind::Rejected);
        CHECK(outcome.reason == "http " + std::to_string(status));
    }
    const auto requests = receiver.requests();
    REQUIRE(requests.size() == 8);  // one request each: no redirect was followed to /moved
    for (const auto& request : requests) CHECK(request.path == "/intake");
}

TEST_CASE("http sink: a receiver that stalls past the timeout is retried as a timeout, in bounded time") {
    HttpReceiver receiver;
    REQUIRE(receiver.ok());
    receiver.Answer({HttpReceiver::kStall});
    docintake::SinkOptions options;
    options.timeout_ms = 300;
    auto sink = Sink(receiver.url(), options);
    const auto start = std::chrono::steady_clock::now();
    const DeliveryOutcome outcome = sink->Deliver(kId, kJson);
    const auto took = std::chrono::steady_clock::now() - start;
    CHECK(outcome.kind == DeliveryOutcome::Kind::Retry);
    CHECK(outcome.reason == "timeout");
    CHECK(took < std::chrono::seconds(8));  // ended by the client's 300 ms, not by the receiver's 10 s stall
    receiver.Release();

    // The same sink goes on working once the receiver answers again.
    receiver.Answer({200});
    CHECK(sink->Deliver(kId, kJson).kind == DeliveryOutcome::Kind::Delivered);
}

TEST_CASE("http sink: the bearer token goes in Authorization") {
    HttpReceiver receiver;
    REQUIRE(receiver.ok());
    docintake::SinkOptions options;
    options.bearer_token = "kiosk-token-123";
    auto sink = Sink(receiver.url("/v1/intake"), options);
    CHECK(sink->Deliver(kId, kJson).kind == DeliveryOutcome::Kind::Delivered);
    REQUIRE(receiver.count() == 1);
    CHECK(receiver.requests()[0].authorization == "Bearer kiosk-token-123");
    CHECK(receiver.requests()[0].path == "/v1/intake");
}

TEST_CASE("http sink: sending a record again carries the same key; other records their own") {
    HttpReceiver receiver;
    REQUIRE(receiver.ok());
    receiver.Answer({503, 200});
    auto sink = Sink(receiver.url());
    const std::string other = "fedcba9876543210fedcba9876543210";
    CHECK(sink->Deliver(kId, kJson).kind == DeliveryOutcome::Kind::Retry);
    CHECK(sink->Deliver(kId, kJson).kind == DeliveryOutcome::Kind::Delivered);
    CHECK(sink->Deliver(other, "{}").kind == DeliveryOutcome::Kind::Delivered);
    const auto requests = receiver.requests();
    REQUIRE(requests.size() == 3);
    CHECK(requests[0].idempotency_key == kId);
    CHECK(requests[1].idempotency_key == kId);
    CHECK(requests[1].body == requests[0].body);
    CHECK(requests[2].idempotency_key == other);
    // One handle per sink, reused: the three POSTs went over one kept-alive connection.
    CHECK(requests[1].remote_port == requests[0].remote_port);
    CHECK(requests[2].remote_port == requests[0].remote_port);
}

TEST_CASE("http sink: nobody listening is retried as connection refused") {
    const int port = docintake_test::FreeLoopbackPort();
    REQUIRE(port > 0);
    auto sink = Sink("http://127.0.0.1:" + std::to_string(port) + "/intake");
    const DeliveryOutcome outcome = sink->Deliver(kId, kJson);
    CHECK(outcome.kind == DeliveryOutcome::Kind::Retry);
    CHECK(outcome.reason == "connection refused");
}

TEST_CASE("http sink: an id that could split a header is refused without a request") {
    HttpReceiver receiver;
    REQUIRE(receiver.ok());
    auto sink = Sink(receiver.url());
    const DeliveryOutcome outcome = sink->Deliver("abc\r\nX-Evil: 1", kJson);
    CHECK(outcome.kind == DeliveryOutcome::Kind::Rejected);
    CHECK(receiver.count() == 0);
}
