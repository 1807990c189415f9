// The https:// sink against httplib's SSLServer with a CA made at test time:
// verification is always on; only the CA given in ca_file makes it pass.

#include <doctest/doctest.h>

#include <string>

#include "docintake/handoff.h"
#include "support/http_receiver.h"
#include "support/temp_dir.h"
#include "support/test_pki.h"

using docintake::DeliveryOutcome;
using docintake_test::HttpReceiver;

namespace {

const std::string kId = "0123456789abcdef0123456789abcdef";
const std::string kJson = R"({"id":"0123456789abcdef0123456789abcdef","schema_version":1})";

DeliveryOutcome DeliverOnce(const std::string& url, docintake::SinkOptions options) {
    options.connect_timeout_ms = 2000;
    options.timeout_ms = 3000;
    auto made = docintake::MakeSink(url, options);
    REQUIRE_FALSE(made.error);
    CHECK(made.sink->kind() == "https");
    return made.sink->Deliver(kId, kJson);
}

}  // namespace

TEST_CASE("https sink: delivered when ca_file is the receiver's CA; not with the system's CAs or another CA") {
    docintake_test::TempDir dir;
    const auto pki = docintake_test::MakeTestPki(dir.path());
    REQUIRE(pki.ok);
    HttpReceiver receiver(pki.server_cert, pki.server_key);
    REQUIRE(receiver.ok());

    docintake::SinkOptions trusted;
    trusted.ca_file = pki.ca_cert;
    trusted.bearer_token = "t0ken";
    CHECK(DeliverOnce(receiver.url(), trusted).kind == DeliveryOutcome::Kind::Delivered);
    REQUIRE(receiver.count() == 1);
    CHECK(receiver.requests()[0].idempotency_key == kId);
    CHECK(receiver.requests()[0].authorization == "Bearer t0ken");

    const DeliveryOutcome system_cas = DeliverOnce(receiver.url(), {});
    CHECK(system_cas.kind == DeliveryOutcome::Kind::Retry);
    CHECK(system_cas.reason.rfind("tls: ", 0) == 0);

    docintake::SinkOptions other;
    other.ca_file = pki.other_ca_cert;
    const DeliveryOutcome wrong_ca = DeliverOnce(receiver.url(), other);
    CHECK(wrong_ca.kind == DeliveryOutcome::Kind::Retry);
    CHECK(wrong_ca.reason.rfind("tls: ", 0) == 0);

    CHECK(receiver.count() == 1);  // no record reached the receiver over an unverified link

    // The right CA, but a certificate for another name: the host is checked too.
    HttpReceiver elsewhere(pki.elsewhere_cert, pki.elsewhere_key);
    REQUIRE(elsewhere.ok());
    const DeliveryOutcome wrong_name = DeliverOnce(elsewhere.url(), trusted);
    CHECK(wrong_name.kind == DeliveryOutcome::Kind::Retry);
    CHECK(wrong_name.reason.rfind("tls: ", 0) == 0);
    CHECK(elsewhere.count() == 0);
}

TEST_CASE("https sink: a receiver that demands a client certificate gets the kiosk's") {
    docintake_test::TempDir dir;
    const auto pki = docintake_test::MakeTestPki(dir.path());
    REQUIRE(pki.ok);
    HttpReceiver receiver(pki.server_cert, pki.server_key, pki.ca_cert);
    REQUIRE(receiver.ok());

    docintake::SinkOptions without;
    without.ca_file = pki.ca_cert;
    CHECK(DeliverOnce(receiver.url(), without).kind == DeliveryOutcome::Kind::Retry);
    CHECK(receiver.count() == 0);

    docintake::SinkOptions with = without;
    with.client_cert = pki.client_cert;
    with.client_key = pki.client_key;
    CHECK(DeliverOnce(receiver.url(), with).kind == DeliveryOutcome::Kind::Delivered);
    REQUIRE(receiver.count() == 1);
    CHECK(receiver.requests()[0].had_client_cert);
}
