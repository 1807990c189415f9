// The handoff part of the C API (docintake/c.h): a store's outbox sent to the
// sink a URL names, the outcome as counts. Only codes and the store's own
// failure reasons ("http 503") come back: no secret can travel in them.
#include <cstring>
#include <string>

#include "capi/c_util.h"
#include "docintake/handoff.h"

namespace {

using docintake::capi::CopyField;
using docintake::capi::FromError;
using docintake::capi::Guarded;

std::string Text(const char* text) { return text != nullptr ? std::string(text) : std::string(); }

docintake::SinkOptions SinkOptionsOf(const dit_handoff_options& options) {
    docintake::SinkOptions sink;
    sink.bearer_token = Text(options.bearer_token);
    sink.ca_file = Text(options.ca_file);
    sink.client_cert = Text(options.client_cert);
    sink.client_key = Text(options.client_key);
    sink.username = Text(options.username);
    sink.password = Text(options.password);
    sink.client_id = Text(options.client_id);
    sink.connect_timeout_ms = options.connect_timeout_ms;
    sink.timeout_ms = options.timeout_ms;
    return sink;
}

docintake::SendOptions SendOptionsOf(const dit_handoff_options& options) {
    docintake::SendOptions send;
    send.deadline_ms = options.deadline_ms;
    send.wait_for_backoff = options.wait_for_backoff != 0;
    send.base_delay_ms = options.base_delay_ms;
    send.max_delay_ms = options.max_delay_ms;
    return send;
}

bool Plausible(const dit_handoff_options& options) {
    return options.struct_size == sizeof options && options.connect_timeout_ms > 0 && options.timeout_ms > 0 &&
           options.deadline_ms >= 0 && options.base_delay_ms >= 0 && options.max_delay_ms >= options.base_delay_ms;
}

}  // namespace

extern "C" {

void dit_handoff_options_init(dit_handoff_options* options) {
    if (options == nullptr) return;
    const docintake::SinkOptions sink;
    const docintake::SendOptions send;
    std::memset(options, 0, sizeof *options);
    options->struct_size = sizeof *options;
    options->connect_timeout_ms = sink.connect_timeout_ms;
    options->timeout_ms = sink.timeout_ms;
    options->deadline_ms = send.deadline_ms;
    options->wait_for_backoff = send.wait_for_backoff ? 1 : 0;
    options->base_delay_ms = send.base_delay_ms;
    options->max_delay_ms = send.max_delay_ms;
}

dit_status dit_handoff_send(dit_store* store, const char* sink_url, const dit_handoff_options* options,
                            dit_handoff_report* report) {
    if (report == nullptr) return DIT_ERROR_INVALID_ARGUMENT;
    std::memset(report, 0, sizeof *report);
    if (store == nullptr || sink_url == nullptr || (options != nullptr && !Plausible(*options)))
        return DIT_ERROR_INVALID_ARGUMENT;
    return Guarded([&] {
        dit_handoff_options defaults;
        dit_handoff_options_init(&defaults);
        const dit_handoff_options& chosen = options != nullptr ? *options : defaults;
        // MakeSink's message may quote the URL (which can hold a password): only its code leaves.
        docintake::SinkResult made = docintake::MakeSink(sink_url, SinkOptionsOf(chosen));
        if (made.error) return FromError(made.error.code);
        if (!made.sink) return DIT_ERROR_INTERNAL;
        docintake::RecordStore& records = *store->store;
        const docintake::SendReport sent = docintake::SendOutbox(records, *made.sink, SendOptionsOf(chosen));
        report->attempted = sent.attempted;
        report->delivered = sent.delivered;
        report->failed = sent.failed;
        report->remaining = sent.remaining;
        const docintake::OutboxCounts counts = records.Counts();
        report->outbox_pending = counts.pending;
        report->outbox_delivered = counts.delivered;
        report->outbox_failed = counts.failed;
        CopyField(report->last_error, counts.last_error);
        return sent.busy ? DIT_ERROR_BUSY : DIT_OK;
    });
}

}  // extern "C"
