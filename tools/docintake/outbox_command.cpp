// docintake outbox list|send|purge|resend: the store's outbox, as ids, states and
// times only. Nothing here prints personal data.
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include <docintake/handoff.h>
#include <docintake/store.h>

#include "commands.h"
#include "store_args.h"

namespace docintake::cli {
namespace {

// Secrets come only from the environment: a command line is visible to every
// user of the machine through `ps`.
constexpr const char* kTokenVariable = "DOCINTAKE_HANDOFF_TOKEN";
constexpr const char* kMqttPasswordVariable = "DOCINTAKE_MQTT_PASSWORD";

nlohmann::json TimeOrNull(std::int64_t unix_seconds) {
    return unix_seconds > 0 ? nlohmann::json(Rfc3339(unix_seconds)) : nlohmann::json(nullptr);
}

nlohmann::json EntryJson(const OutboxEntry& entry) {
    nlohmann::json j;
    j["id"] = entry.id;
    j["state"] = ToString(entry.state);
    j["attempts"] = entry.attempts;
    j["created_at"] = TimeOrNull(entry.created_at);
    j["delivered_at"] = entry.state == OutboxState::Delivered ? TimeOrNull(entry.delivered_at) : nullptr;
    j["next_attempt_at"] = entry.state == OutboxState::Pending ? TimeOrNull(entry.next_attempt_at) : nullptr;
    j["last_error"] = entry.last_error.empty() ? nlohmann::json(nullptr) : nlohmann::json(entry.last_error);
    return j;
}

int RunList(const StoreArgs& store_args) {
    auto store = OpenStore(store_args, "outbox list", /*create=*/false);
    if (!store) return 2;
    for (const OutboxEntry& entry : store->List()) std::cout << EntryJson(entry).dump() << "\n";
    std::cout << std::flush;
    return 0;
}

struct SendArgs {
    StoreArgs store;
    std::string to;
    double deadline_seconds = 60;
    int timeout_ms = 15000;
    std::string ca_file;
    std::string client_cert;
    std::string client_key;
    std::string mqtt_user;
    bool now = false;
};

const char* OutcomeName(DeliveryOutcome::Kind kind) {
    switch (kind) {
        case DeliveryOutcome::Kind::Delivered: return "delivered";
        case DeliveryOutcome::Kind::Retry: return "retry";
        case DeliveryOutcome::Kind::Rejected: return "rejected";
    }
    return "unknown";
}

int RunSend(const SendArgs& args) {
    // A receiver that closes its end must give an error, not end the process.
    std::signal(SIGPIPE, SIG_IGN);
    StoreOptions store_options;
    if (!ToStoreOptions(args.store, "outbox send", /*create=*/false, store_options)) return 2;
    SinkOptions sink_options;
    if (const char* token = std::getenv(kTokenVariable)) sink_options.bearer_token = token;
    if (const char* password = std::getenv(kMqttPasswordVariable)) sink_options.password = password;
    sink_options.username = args.mqtt_user;
    sink_options.ca_file = args.ca_file;
    sink_options.client_cert = args.client_cert;
    sink_options.client_key = args.client_key;
    sink_options.timeout_ms = args.timeout_ms;
    if (sink_options.connect_timeout_ms > args.timeout_ms) sink_options.connect_timeout_ms = args.timeout_ms;
    // The URL is checked before the store is opened: a typo costs nothing.
    SinkResult sink = MakeSink(args.to, sink_options);
    if (sink.error || !sink.sink) {
        PrintError("outbox send", sink.error ? sink.error : Error{ErrorCode::InvalidArgument, "no sink for --to"});
        return 2;
    }
    auto store = OpenStore(store_options, "outbox send");
    if (!store) return 2;

    if (args.now) {
        // The operator knows the receiver is back: records waiting out a backoff go now.
        const std::int64_t now = UnixNow();
        for (const OutboxEntry& entry : store->List())
            if (entry.state == OutboxState::Pending && entry.next_attempt_at > now) {
                const Error error = store->Resend(entry.id, now);
                // Delivered or purged meanwhile by another sender: nothing to hurry.
                if (error && error.code != ErrorCode::Conflict && error.code != ErrorCode::NotFound) {
                    PrintError("outbox send", error);
                    return 2;
                }
            }
    }
    SendOptions send_options;
    send_options.deadline_ms = static_cast<int>(args.deadline_seconds * 1000);
    send_options.on_attempt = [](const std::string& id, const DeliveryOutcome& outcome) {
        // Ids and the sink's reason only: reasons never copy a receiver's body.
        if (outcome.kind == DeliveryOutcome::Kind::Delivered)
            std::fprintf(stderr, "docintake outbox send: %s delivered\n", id.c_str());
        else
            std::fprintf(stderr, "docintake outbox send: %s %s: %s\n", id.c_str(), OutcomeName(outcome.kind),
                         outcome.reason.c_str());
    };
    const SendReport report = SendOutbox(*store, *sink.sink, send_options);
    if (report.busy)
        std::fprintf(stderr, "docintake outbox send: busy: another sender holds this store's send lock; "
                             "nothing was attempted\n");
    const OutboxCounts counts = store->Counts();
    nlohmann::json summary{{"attempted", report.attempted}, {"delivered", report.delivered},
                           {"failed", report.failed},       {"pending", counts.pending},
                           {"failed_total", counts.failed}, {"delivered_total", counts.delivered},
                           {"busy", report.busy}};
    std::cout << summary.dump() << "\n" << std::flush;
    if (counts.pending + counts.failed == 0) return 0;
    std::fprintf(stderr, "docintake outbox send: %d pending and %d failed records remain undelivered%s%s\n",
                 counts.pending, counts.failed, counts.last_error.empty() ? "" : "; last error: ",
                 counts.last_error.c_str());
    return 1;
}

struct PurgeArgs {
    StoreArgs store;
    double delivered_hours = 72;
    double undelivered_hours = 720;
};

int RunPurge(const PurgeArgs& args) {
    StoreOptions options;
    if (!ToStoreOptions(args.store, "outbox purge", /*create=*/false, options)) return 2;
    options.delivered_retention_seconds = static_cast<std::int64_t>(args.delivered_hours * 3600);
    options.undelivered_retention_seconds = static_cast<std::int64_t>(args.undelivered_hours * 3600);
    auto store = OpenStore(options, "outbox purge");
    if (!store) return 2;
    const PurgeReport report = store->Purge();
    std::cout << nlohmann::json{{"delivered_purged", report.delivered_purged},
                                {"undelivered_purged", report.undelivered_purged},
                                {"audit_events_pruned", report.audit_events_pruned}}
                     .dump()
              << "\n"
              << std::flush;
    return 0;
}

struct ResendArgs {
    StoreArgs store;
    std::string id;
    bool all_failed = false;
};

int RunResend(const ResendArgs& args) {
    if (args.id.empty() == !args.all_failed) {
        std::fprintf(stderr, "docintake outbox resend: error: give one record id or --all-failed\n");
        return 2;
    }
    auto store = OpenStore(args.store, "outbox resend", /*create=*/false);
    if (!store) return 2;
    int resent = 0;
    if (args.all_failed) {
        resent = store->ResendAllFailed(UnixNow());
    } else {
        if (Error error = store->Resend(args.id, UnixNow())) {
            PrintError("outbox resend", error);
            return 2;
        }
        resent = 1;
    }
    std::cout << nlohmann::json{{"resent", resent}}.dump() << "\n" << std::flush;
    return 0;
}

template <typename Args>
void OnRun(CLI::App* cmd, std::shared_ptr<Args> args, int (*run)(const Args&)) {
    cmd->callback([args, run] {
        const int code = run(*args);
        if (code != 0) throw CLI::RuntimeError(code);
    });
}

}  // namespace

void AddOutboxCommand(CLI::App& app) {
    CLI::App* outbox = app.add_subcommand("outbox", "The store's outbox: list, send, purge, resend (no personal data)");
    outbox->require_subcommand(1);

    auto list = std::make_shared<StoreArgs>();
    CLI::App* list_cmd = outbox->add_subcommand(
        "list", "One JSON object per record: id, state, attempts, created_at, delivered_at, last_error");
    AddStoreOptions(list_cmd, *list);
    OnRun(list_cmd, list, RunList);

    auto send = std::make_shared<SendArgs>();
    CLI::App* send_cmd = outbox->add_subcommand(
        "send", "Deliver pending records (exit 0 all delivered, 1 some remain undelivered, 2 bad input). "
                "Secrets from the environment: DOCINTAKE_HANDOFF_TOKEN (bearer token), DOCINTAKE_MQTT_PASSWORD");
    AddStoreOptions(send_cmd, send->store);
    send_cmd->add_option("--to", send->to, "Receiver: http(s)://host/path, mqtt(s)://host:port/topic or file:///dir")
        ->required();
    send_cmd->add_option("--deadline", send->deadline_seconds,
                         "Keep retrying with backoff for up to this many seconds (0: one pass)")
        ->capture_default_str()
        ->check(CLI::Range(0.0, 7 * 24 * 3600.0));
    send_cmd->add_option("--timeout-ms", send->timeout_ms, "Time allowed for one attempt, connecting included")
        ->capture_default_str()
        ->check(CLI::Range(1, 3600 * 1000));
    send_cmd->add_option("--ca-file", send->ca_file, "Trust these CAs (PEM) instead of the system's")
        ->check(CLI::ExistingFile);
    send_cmd->add_option("--client-cert", send->client_cert, "Client certificate (PEM) for https and mqtts")
        ->check(CLI::ExistingFile);
    send_cmd->add_option("--client-key", send->client_key, "Private key (PEM) of the client certificate")
        ->check(CLI::ExistingFile);
    send_cmd->add_option("--mqtt-user", send->mqtt_user, "MQTT username (the password: $DOCINTAKE_MQTT_PASSWORD)");
    send_cmd->add_flag("--now", send->now,
                       "Pending records waiting out a backoff are sent now (the receiver is known to be back)");
    OnRun(send_cmd, send, RunSend);

    auto purge = std::make_shared<PurgeArgs>();
    CLI::App* purge_cmd =
        outbox->add_subcommand("purge", "Delete records past retention and wipe them from the disk");
    AddStoreOptions(purge_cmd, purge->store);
    purge_cmd->add_option("--delivered-hours", purge->delivered_hours, "Keep delivered records this long")
        ->capture_default_str()
        ->check(CLI::Range(0.0, 10 * 366 * 24.0));
    purge_cmd->add_option("--undelivered-hours", purge->undelivered_hours,
                          "Keep pending or failed records this long after creation")
        ->capture_default_str()
        ->check(CLI::Range(0.0, 10 * 366 * 24.0));
    OnRun(purge_cmd, purge, RunPurge);

    auto resend = std::make_shared<ResendArgs>();
    CLI::App* resend_cmd = outbox->add_subcommand("resend", "Put a failed (or delayed) record back in line, due now");
    AddStoreOptions(resend_cmd, resend->store);
    resend_cmd->add_option("id", resend->id, "Record id");
    resend_cmd->add_flag("--all-failed", resend->all_failed, "Every failed record");
    OnRun(resend_cmd, resend, RunResend);
}

}  // namespace docintake::cli
