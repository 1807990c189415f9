#pragma once
// Handing records off to the centre's case-management system: at-least-once
// delivery from the store's outbox, with the record id as the idempotency key,
// so a receiver that drops duplicates sees each record exactly once.
//
//   auto sink = docintake::MakeSink("https://cms.example/intake", sink_options);
//   if (sink.error) die(sink.error.message);
//   auto report = docintake::SendOutbox(store, *sink.sink, send_options);
//   // report.remaining > 0: try again later; nothing is lost.
//
// Sinks, chosen by the URL's scheme:
//   http:// https://   POST of the record JSON, Idempotency-Key: <record id>;
//                      2xx delivered; 408, 429, 5xx, timeouts and connection
//                      errors retried; any other status fails the record.
//                      Bearer token or client certificate; TLS verification on.
//   mqtt:// mqtts://   publish with QoS 1 to the URL's path as topic (e.g.
//                      mqtts://broker:8883/docintake/site-042/records), delivered on
//                      the broker's PUBACK; the record id is in the payload and in
//                      the MQTT 5 user property "idempotency-key".
//   file:///DIR        <DIR>/<record id>.json written beside, synced, then renamed
//                      into place: a reader of DIR never sees half a record.
//
// A delivery is marked done in the store only after the sink said so; a crash in
// between sends the record again under the same key.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "docintake/error.h"
#include "docintake/store.h"

namespace docintake {

struct SinkOptions {
    std::string bearer_token;  // http(s): "Authorization: Bearer <token>"
    std::string client_cert;   // PEM file: http(s) and mqtts client certificate
    std::string client_key;    // PEM file of its private key
    std::string ca_file;       // trust these CAs instead of the system's (verification stays on)
    std::string username;      // mqtt(s) username and password
    std::string password;
    std::string client_id;     // mqtt(s); empty: "docintake-<random>"
    int connect_timeout_ms = 5000;
    int timeout_ms = 15000;    // whole attempt, connect included
};

struct DeliveryOutcome {
    enum class Kind { Delivered, Retry, Rejected };
    Kind kind = Kind::Retry;
    // Why not delivered: "http 503", "timeout", "connection refused", "http 400" ...
    // No personal data: a receiver's response body is never copied here.
    std::string reason;
};

// Where records go. One Deliver call is one attempt for one record.
class Sink {
public:
    virtual ~Sink() = default;
    virtual DeliveryOutcome Deliver(const std::string& record_id, const std::string& record_json) = 0;
    // "http", "https", "mqtt", "mqtts" or "file": for the audit log.
    virtual std::string kind() const = 0;
};

struct SinkResult {
    std::unique_ptr<Sink> sink;
    Error error;  // InvalidArgument for a URL no sink takes
};
SinkResult MakeSink(const std::string& url, const SinkOptions& options = {});

struct SendOptions {
    // Backoff after the n-th failed attempt: min(max_delay, base_delay * 2^(n-1)),
    // times a random factor in [1 - jitter, 1 + jitter].
    int base_delay_ms = 1000;
    int max_delay_ms = 15 * 60 * 1000;
    double jitter = 0.5;
    // SendOutbox returns when nothing is due, or when this long has passed (0: make
    // one pass over what is due now and return).
    int deadline_ms = 0;
    // Wait for records whose backoff ends before the deadline (true), or only
    // send what is due now (false).
    bool wait_for_backoff = true;
    // Called after each attempt (id, outcome); for progress output. No personal data passes.
    std::function<void(const std::string&, const DeliveryOutcome&)> on_attempt;
};

struct SendReport {
    int attempted = 0;
    int delivered = 0;
    int failed = 0;     // permanently refused in this run
    int remaining = 0;  // still pending at the end
    // Another sender holds this store's send lock (<store dir>/send.lock), or the
    // lock file could not be created: nothing was attempted.
    bool busy = false;
};

// Delivers due pending records from the store through the sink.
SendReport SendOutbox(RecordStore& store, Sink& sink, const SendOptions& options = {});

// The delay before the next attempt after `attempts` failed ones, in ms, with
// jitter drawn from `random01` (a value in [0, 1)).
std::int64_t BackoffDelayMs(int attempts, const SendOptions& options, double random01);

}  // namespace docintake
