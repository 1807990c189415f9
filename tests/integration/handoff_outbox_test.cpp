// SendOutbox with a real store in a temp folder and a real HTTP receiver on
// 127.0.0.1; the send lock between two real processes.

#include <doctest/doctest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <vector>

#include "docintake/handoff.h"
#include "docintake/record.h"
#include "docintake/store.h"
#include "support/http_receiver.h"
#include "support/specimen_record.h"
#include "support/temp_dir.h"

using docintake::DeliveryOutcome;
using docintake::OutboxState;
using docintake::RecordStore;
using docintake::SendOptions;
using docintake_test::HttpReceiver;

namespace {

docintake::IntakeRecord MakeRecord() { return docintake::test::SpecimenRecord(20261206, "2026-12-06T10:15:00Z"); }

struct Fixture {
    docintake_test::TempDir dir;
    std::unique_ptr<RecordStore> store;
    HttpReceiver receiver;
    std::vector<std::string> ids;

    explicit Fixture(int records) {
        docintake::StoreOptions options;
        options.dir = dir.file("store");
        auto opened = RecordStore::Open(options);
        REQUIRE_FALSE(opened.error);
        store = std::move(opened.store);
        REQUIRE(receiver.ok());
        for (int i = 0; i < records; ++i) {
            const auto record = MakeRecord();
            REQUIRE_FALSE(store->Add(record));
            ids.push_back(record.id);
        }
    }

    std::unique_ptr<docintake::Sink> Sink(int timeout_ms = 3000) const {
        docintake::SinkOptions options;
        options.connect_timeout_ms = 2000;
        options.timeout_ms = timeout_ms;
        auto made = docintake::MakeSink(receiver.url(), options);
        REQUIRE_FALSE(made.error);
        return std::move(made.sink);
    }

    docintake::OutboxEntry Entry(const std::string& id) const {
        for (const auto& entry : store->List())
            if (entry.id == id) return entry;
        FAIL("no outbox entry");
        return {};
    }
};

// Backoff without jitter, long enough that nothing becomes due during a test.
SendOptions LongBackoff() {
    SendOptions options;
    options.base_delay_ms = 60000;
    options.jitter = 0;
    return options;
}

}  // namespace

TEST_CASE("SendOutbox delivers every due record and marks each delivered") {
    Fixture f(5);
    auto sink = f.Sink();
    std::vector<std::string> seen;
    SendOptions options;
    options.on_attempt = [&](const std::string& id, const DeliveryOutcome& outcome) {
        CHECK(outcome.kind == DeliveryOutcome::Kind::Delivered);
        seen.push_back(id);
    };
    const auto report = docintake::SendOutbox(*f.store, *sink, options);
    CHECK_FALSE(report.busy);
    CHECK(report.attempted == 5);
    CHECK(report.delivered == 5);
    CHECK(report.failed == 0);
    CHECK(report.remaining == 0);
    CHECK(seen.size() == 5);

    const auto requests = f.receiver.requests();
    REQUIRE(requests.size() == 5);
    for (const auto& request : requests) {
        std::string stored;
        REQUIRE_FALSE(f.store->GetJson(request.idempotency_key, stored));
        CHECK(request.body == stored);  // the record's JSON exactly as stored, under its own id
    }
    const auto counts = f.store->Counts();
    CHECK(counts.delivered == 5);
    CHECK(counts.pending == 0);
    for (const auto& id : f.ids) {
        const auto entry = f.Entry(id);
        CHECK(entry.state == OutboxState::Delivered);
        CHECK(entry.attempts == 1);
    }
    bool audited = false;
    for (const auto& event : f.store->Audit())
        if (event.event == "delivered" && event.detail.find("http") != std::string::npos) audited = true;
    CHECK(audited);

    // Nothing left to do: a second run attempts nothing.
    CHECK(docintake::SendOutbox(*f.store, *sink, options).attempted == 0);
}

TEST_CASE("SendOutbox: a 500 then a 200 ends delivered after 2 attempts, waiting out the backoff") {
    Fixture f(1);
    f.receiver.Answer({500, 200});
    auto sink = f.Sink();
    SendOptions options;
    options.base_delay_ms = 1000;
    options.jitter = 0;
    options.deadline_ms = 6000;
    const auto start = std::chrono::steady_clock::now();
    const auto report = docintake::SendOutbox(*f.store, *sink, options);
    const auto took = std::chrono::steady_clock::now() - start;
    CHECK(report.attempted == 2);
    CHECK(report.delivered == 1);
    CHECK(report.remaining == 0);
    CHECK(took >= std::chrono::milliseconds(900));  // it did wait for the backoff
    const auto entry = f.Entry(f.ids[0]);
    CHECK(entry.state == OutboxState::Delivered);
    CHECK(entry.attempts == 2);
    const auto requests = f.receiver.requests();
    REQUIRE(requests.size() == 2);
    CHECK(requests[0].idempotency_key == f.ids[0]);
    CHECK(requests[1].idempotency_key == f.ids[0]);
}

TEST_CASE("SendOutbox: 5xx, 408, 429 and a stall leave the record pending with a growing backoff") {
    for (const int status : {500, 503, 408, 429, HttpReceiver::kStall}) {
        CAPTURE(status);
        Fixture f(1);
        f.receiver.Answer({status});
        auto sink = f.Sink(300);
        const std::int64_t before = docintake::UnixNow();
        auto report = docintake::SendOutbox(*f.store, *sink, LongBackoff());
        CHECK(report.attempted == 1);
        CHECK(report.delivered == 0);
        CHECK(report.remaining == 1);
        auto entry = f.Entry(f.ids[0]);
        CHECK(entry.state == OutboxState::Pending);
        CHECK(entry.attempts == 1);
        CHECK(entry.last_error == (status == HttpReceiver::kStall ? std::string("timeout") : "http " + std::to_string(status)));
        CHECK(entry.next_attempt_at >= before + 60);
        CHECK(entry.next_attempt_at <= docintake::UnixNow() + 61);
        f.receiver.Release();

        // Not due yet: a second run leaves it alone.
        CHECK(docintake::SendOutbox(*f.store, *sink, LongBackoff()).attempted == 0);

        // Made due again and failing again: the backoff doubles.
        f.receiver.Answer({503});
        REQUIRE_FALSE(f.store->Resend(f.ids[0], docintake::UnixNow()));
        report = docintake::SendOutbox(*f.store, *sink, LongBackoff());
        CHECK(report.attempted == 1);
        entry = f.Entry(f.ids[0]);
        CHECK(entry.attempts == 2);
        CHECK(entry.next_attempt_at >= before + 120);
    }
}

TEST_CASE("SendOutbox: 400 and 404 fail the record with the status as reason") {
    for (const int status : {400, 404}) {
        CAPTURE(status);
        Fixture f(2);
        f.receiver.Answer({status, 200});
        auto sink = f.Sink();
        const auto report = docintake::SendOutbox(*f.store, *sink, LongBackoff());
        CHECK(report.attempted == 2);
        CHECK(report.failed == 1);
        CHECK(report.delivered == 1);
        CHECK(report.remaining == 0);
        const auto entry = f.Entry(f.ids[0]);
        CHECK(entry.state == OutboxState::Failed);
        CHECK(entry.last_error == "http " + std::to_string(status));
        CHECK(f.store->Counts().failed == 1);
    }
}

TEST_CASE("SendOutbox: without wait_for_backoff it returns at once when only backed-off records are left") {
    Fixture f(1);
    f.receiver.Answer({503});
    auto sink = f.Sink();
    SendOptions options;
    options.base_delay_ms = 1000;
    options.jitter = 0;
    options.deadline_ms = 5000;
    options.wait_for_backoff = false;
    const auto report = docintake::SendOutbox(*f.store, *sink, options);
    CHECK(report.attempted == 1);  // waiting out the 1 s backoff would have made it 2 (or more) within 5 s
    CHECK(report.remaining == 1);
}

namespace {

// A sender in another process: exit code = records delivered, 20 when busy, 10 on setup failure.
pid_t SendInChild(const std::string& store_dir, const std::string& url) {
    const pid_t pid = ::fork();
    if (pid != 0) return pid;
    docintake::StoreOptions options;
    options.dir = store_dir;
    options.create = false;
    auto opened = RecordStore::Open(options);
    docintake::SinkOptions sink_options;
    sink_options.timeout_ms = 15000;
    auto made = docintake::MakeSink(url, sink_options);
    if (opened.error || made.error) ::_exit(10);
    const auto report = docintake::SendOutbox(*opened.store, *made.sink, LongBackoff());
    ::_exit(report.busy ? 20 : report.delivered);
}

int ExitCode(pid_t pid) {
    int status = 0;
    if (::waitpid(pid, &status, 0) != pid) return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 100 + WTERMSIG(status);
}

}  // namespace

TEST_CASE("SendOutbox: while another process sends from the store, a second sender is busy and attempts nothing") {
    Fixture f(1);
    f.receiver.Answer({HttpReceiver::kStall});
    const pid_t child = SendInChild(f.store->options().dir, f.receiver.url());
    REQUIRE(child > 0);
    REQUIRE(f.receiver.WaitForRequests(1));  // the child holds the lock, its request is stalled

    auto sink = f.Sink();
    const auto busy = docintake::SendOutbox(*f.store, *sink, LongBackoff());
    CHECK(busy.busy);
    CHECK(busy.attempted == 0);
    CHECK(busy.remaining == 1);
    CHECK(f.receiver.count() == 1);

    f.receiver.Release();  // the child's request is answered 200
    CHECK(ExitCode(child) == 1);
    const auto after = docintake::SendOutbox(*f.store, *sink, LongBackoff());
    CHECK_FALSE(after.busy);
    CHECK(after.remaining == 0);
    CHECK(f.Entry(f.ids[0]).state == OutboxState::Delivered);
}

TEST_CASE("SendOutbox: a sender killed with SIGKILL leaves no lock; its record is sent again under the same key") {
    Fixture f(1);
    f.receiver.Answer({HttpReceiver::kStall, 200});
    const pid_t child = SendInChild(f.store->options().dir, f.receiver.url());
    REQUIRE(child > 0);
    REQUIRE(f.receiver.WaitForRequests(1));
    ::kill(child, SIGKILL);
    CHECK(ExitCode(child) == 100 + SIGKILL);

    auto sink = f.Sink();
    const auto report = docintake::SendOutbox(*f.store, *sink, LongBackoff());
    CHECK_FALSE(report.busy);
    CHECK(report.delivered == 1);
    const auto requests = f.receiver.requests();
    REQUIRE(requests.size() == 2);
    CHECK(requests[0].idempotency_key == requests[1].idempotency_key);
    f.receiver.Release();
}
