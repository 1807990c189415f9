// MakeSink's URL checks and BackoffDelayMs: no network.

#include <doctest/doctest.h>

#include <string>

#include "docintake/handoff.h"
#include "support/temp_dir.h"

using docintake::ErrorCode;
using docintake::MakeSink;
using docintake::SinkOptions;

TEST_CASE("MakeSink takes http, https, mqtt, mqtts and file URLs") {
    docintake_test::TempDir dir;
    struct Case {
        std::string url;
        std::string kind;
    };
    for (const Case& c : {Case{"http://127.0.0.1:8080/intake", "http"}, Case{"https://cms.example/intake?site=42", "https"},
                          Case{"HTTPS://cms.example", "https"}, Case{"mqtt://127.0.0.1:1883/docintake/site-042/records", "mqtt"},
                          Case{"mqtts://broker.example/docintake/site-042/records", "mqtts"},
                          Case{"mqtt://[::1]:1883/a", "mqtt"}, Case{"file://" + dir.path(), "file"},
                          Case{"file://localhost" + dir.path() + "/", "file"}}) {
        CAPTURE(c.url);
        const auto made = MakeSink(c.url);
        CHECK_FALSE(made.error);
        REQUIRE(made.sink);
        CHECK(made.sink->kind() == c.kind);
    }
}

TEST_CASE("MakeSink refuses other URLs with one line that never repeats a credential") {
    for (const std::string url :
         {"", "ftp://user:s3cret@host/x", "s3cret", "http//user:s3cret@host", "mqtt://user:s3cret@127.0.0.1:1883",
          "mqtt://user:s3cret@127.0.0.1:1883/", "mqtt://user:s3cret@127.0.0.1/a/#", "mqtt://user:s3cret@127.0.0.1/a/+/b",
          "mqtts://user:s3cret@127.0.0.1:99999/t", "mqtt://user:s3cret@/t", "http://user:s3cret@127.0.0.1:port/x",
          "http://user:s3cret@/x", "file://s3cret/tmp", "file://user:s3cret@localhost/tmp", "file:///",
          "file:///tmp/a%zz", "mqtt://127.0.0.1/t?s3cret", "http://127.0.0.1/a b", "http://127.0.0.1/a\nb"}) {
        CAPTURE(url);
        const auto made = MakeSink(url);
        CHECK(made.error.code == ErrorCode::InvalidArgument);
        CHECK_FALSE(made.sink);
        CHECK_FALSE(made.error.message.empty());
        CHECK(made.error.message.find("s3cret") == std::string::npos);
        CHECK(made.error.message.find('\n') == std::string::npos);
    }
}

TEST_CASE("MakeSink refuses option files it cannot read, and timeouts that are not positive") {
    SinkOptions options;
    options.ca_file = "/nonexistent/ca.pem";
    auto made = MakeSink("https://127.0.0.1/x", options);
    CHECK(made.error.code == ErrorCode::InvalidArgument);
    CHECK(made.error.message.find("ca_file") != std::string::npos);
    options = {};
    options.client_key = "/nonexistent/key.pem";
    CHECK(MakeSink("mqtts://127.0.0.1/t", options).error.code == ErrorCode::InvalidArgument);
    options = {};
    options.bearer_token = "abc\r\nX-Injected: 1";
    made = MakeSink("https://127.0.0.1/x", options);
    CHECK(made.error.code == ErrorCode::InvalidArgument);
    CHECK(made.error.message.find("abc") == std::string::npos);
    options = {};
    options.timeout_ms = 0;
    CHECK(MakeSink("http://127.0.0.1/x", options).error.code == ErrorCode::InvalidArgument);
}

TEST_CASE("BackoffDelayMs doubles from the base up to the maximum, with jitter around it") {
    docintake::SendOptions options;
    options.base_delay_ms = 1000;
    options.max_delay_ms = 60000;
    options.jitter = 0;
    CHECK(docintake::BackoffDelayMs(1, options, 0.3) == 1000);
    CHECK(docintake::BackoffDelayMs(2, options, 0.3) == 2000);
    CHECK(docintake::BackoffDelayMs(3, options, 0.3) == 4000);
    CHECK(docintake::BackoffDelayMs(6, options, 0.3) == 32000);
    CHECK(docintake::BackoffDelayMs(7, options, 0.3) == 60000);
    CHECK(docintake::BackoffDelayMs(1000000, options, 0.3) == 60000);  // no overflow
    CHECK(docintake::BackoffDelayMs(0, options, 0.3) == 1000);          // treated as the first
    options.jitter = 0.5;
    CHECK(docintake::BackoffDelayMs(3, options, 0.0) == 2000);
    CHECK(docintake::BackoffDelayMs(3, options, 0.5) == 4000);
    CHECK(docintake::BackoffDelayMs(3, options, 0.999999) == doctest::Approx(6000).epsilon(0.001));
    CHECK(docintake::BackoffDelayMs(7, options, 0.0) == 30000);
}
