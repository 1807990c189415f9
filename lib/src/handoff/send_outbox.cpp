// SendOutbox and its backoff: one attempt per due record, the outcome written
// to the store before the next record is tried.

#include <algorithm>
#include <chrono>
#include <cmath>
#include <random>
#include <set>
#include <thread>

#include "docintake/handoff.h"
#include "handoff/send_lock.h"

namespace docintake {
namespace {

using Steady = std::chrono::steady_clock;

std::int64_t UnixNowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

enum class Step { Next, Stop };

class Sender {
public:
    Sender(RecordStore& store, Sink& sink, const SendOptions& options, SendReport& report)
        : store_(store), sink_(sink), options_(options), report_(report), random_(std::random_device{}()) {}

    // One attempt for one due record, its outcome recorded. Stop when the store
    // refused to record it: going on would only send records twice.
    Step Attempt(const OutboxEntry& entry) {
        std::string json;
        const Error read = store_.GetJson(entry.id, json);
        if (read.code == ErrorCode::NotFound) return Step::Next;  // purged meanwhile
        if (read.code == ErrorCode::CorruptStore) {
            // A sealed record that fails its checks can never be sent; failed
            // keeps it visible to staff instead of retrying it forever.
            if (store_.MarkFailed(entry.id, "record unreadable", Now())) return Step::Stop;
            ++report_.failed;
            return Step::Next;
        }
        if (read) return Step::Stop;

        DeliveryOutcome outcome = sink_.Deliver(entry.id, json);
        ++report_.attempted;
        if (outcome.kind != DeliveryOutcome::Kind::Delivered && outcome.reason.empty()) outcome.reason = "unknown";
        if (options_.on_attempt) options_.on_attempt(entry.id, outcome);
        switch (outcome.kind) {
        case DeliveryOutcome::Kind::Delivered:
            if (store_.MarkDelivered(entry.id, Now(), sink_.kind())) return Step::Stop;
            ++report_.delivered;
            return Step::Next;
        case DeliveryOutcome::Kind::Rejected:
            if (store_.MarkFailed(entry.id, outcome.reason, Now())) return Step::Stop;
            ++report_.failed;
            return Step::Next;
        case DeliveryOutcome::Kind::Retry: {
            const std::int64_t delay = BackoffDelayMs(entry.attempts + 1, options_, uniform_(random_));
            const std::int64_t now_ms = UnixNowMs();
            // The store counts in seconds: round up, so the backoff is never shorter.
            const std::int64_t next_at = (now_ms + std::max<std::int64_t>(delay, 1) + 999) / 1000;
            if (store_.MarkRetry(entry.id, next_at, outcome.reason, now_ms / 1000)) return Step::Stop;
            return Step::Next;
        }
        }
        return Step::Stop;
    }

private:
    static std::int64_t Now() { return UnixNowMs() / 1000; }

    RecordStore& store_;
    Sink& sink_;
    const SendOptions& options_;
    SendReport& report_;
    std::mt19937_64 random_;
    std::uniform_real_distribution<double> uniform_{0.0, 1.0};
};

// The earliest next_attempt_at among pending records, or nullopt.
std::optional<std::int64_t> NextDue(const RecordStore& store) {
    std::optional<std::int64_t> next;
    for (const OutboxEntry& entry : store.List())
        if (entry.state == OutboxState::Pending && (!next || entry.next_attempt_at < *next)) next = entry.next_attempt_at;
    return next;
}

}  // namespace

std::int64_t BackoffDelayMs(int attempts, const SendOptions& options, double random01) {
    const double max_delay = std::max(0, options.max_delay_ms);
    double delay = std::max(0, options.base_delay_ms);
    for (int n = 1; n < attempts && delay < max_delay; ++n) delay *= 2;
    delay = std::min(delay, max_delay);
    const double jitter = std::clamp(options.jitter, 0.0, 1.0);
    const double r = std::clamp(random01, 0.0, 1.0);
    return std::llround(delay * (1.0 - jitter + 2.0 * jitter * r));
}

SendReport SendOutbox(RecordStore& store, Sink& sink, const SendOptions& options) {
    SendReport report;
    const handoff::SendLock lock(store.options().dir);
    if (!lock.held()) {
        report.busy = true;
        report.remaining = store.Counts().pending;
        return report;
    }
    const bool bounded = options.deadline_ms > 0;
    const auto deadline = Steady::now() + std::chrono::milliseconds(std::max(0, options.deadline_ms));
    Sender sender(store, sink, options, report);

    bool stop = false;
    while (!stop) {
        // One pass over what is due at its start; records retried during it are
        // due later, so the pass ends.
        const std::int64_t pass_now = UnixNowMs() / 1000;
        std::set<std::string> seen;
        for (bool fresh = true; fresh && !stop;) {
            fresh = false;
            for (const OutboxEntry& entry : store.Due(pass_now)) {
                if (!seen.insert(entry.id).second) continue;
                fresh = true;
                if ((bounded && Steady::now() >= deadline) || sender.Attempt(entry) == Step::Stop) {
                    stop = true;
                    break;
                }
            }
        }
        if (stop || !bounded || Steady::now() >= deadline) break;

        const std::optional<std::int64_t> next = NextDue(store);
        if (!next) break;
        const std::int64_t wait_ms = *next * 1000 - UnixNowMs();
        if (wait_ms <= 0) continue;  // became due during the pass
        if (!options.wait_for_backoff) break;
        if (Steady::now() + std::chrono::milliseconds(wait_ms) > deadline) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(wait_ms));
    }
    report.remaining = store.Counts().pending;
    return report;
}

}  // namespace docintake
