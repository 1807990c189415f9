// Crash safety of the store and the outbox, with the real CLI SIGKILLed at random
// moments (as a power cut or the OOM killer would): `outbox send` against a
// receiver that fails and stalls at random, and `read --store` over real frames.
// The target: no record lost, none half-written, none delivered under two keys.
//
// Cycles: DOCINTAKE_CRASH_CYCLES (default 100, 30 under AddressSanitizer) for
// `outbox send`, 2/5 of that for `read` (each run reads four frames); the seed
// is printed and DOCINTAKE_CRASH_SEED replays it.
#include <doctest/doctest.h>

#include <signal.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <docintake/mrz.h>
#include <docintake/record.h>
#include <docintake/store.h>

#include "integration/cli_process.h"
#include "support/mrz_compose.h"
#include "support/temp_dir.h"

#if defined(__SANITIZE_ADDRESS__)
#define DOCINTAKE_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define DOCINTAKE_TEST_ASAN 1
#endif
#endif

namespace {

using docintake_test::CliResult;
using docintake_test::RunCli;
namespace fs = std::filesystem;

int CrashCycles() {
    if (const char* env = std::getenv("DOCINTAKE_CRASH_CYCLES"); env && env[0]) return std::max(1, std::atoi(env));
#ifdef DOCINTAKE_TEST_ASAN
    return 30;
#else
    return 100;
#endif
}

unsigned CrashSeed() {
    if (const char* env = std::getenv("DOCINTAKE_CRASH_SEED"); env && env[0])
        return static_cast<unsigned>(std::strtoul(env, nullptr, 10));
    return std::random_device{}();
}

std::unique_ptr<docintake::RecordStore> OpenStore(const std::string& dir) {
    docintake::StoreOptions options;
    options.dir = dir;
    options.create = false;
    auto opened = docintake::RecordStore::Open(options);
    INFO(opened.error.message);
    REQUIRE(!opened.error);
    REQUIRE(opened.store);
    return std::move(opened.store);
}

// `count` more records of valid TD3 MRZs with distinct document numbers.
void AddRecords(const std::string& dir, int count, std::vector<std::string>& ids) {
    docintake::StoreOptions options;
    options.dir = dir;
    auto opened = docintake::RecordStore::Open(options);
    INFO(opened.error.message);
    REQUIRE(!opened.error);
    for (int n = 0; n < count; ++n) {
        const int i = static_cast<int>(ids.size());
        docintake::test::MrzFields fields;
        char number[16];
        std::snprintf(number, sizeof number, "C%07dX", i);
        fields.number = number;
        fields.expiry = "350101";
        const auto parsed = docintake::ParseMrz(docintake::test::Compose(fields));
        REQUIRE(!parsed.error);
        REQUIRE(parsed.mrz.valid());
        docintake::RecordOptions record_options;
        record_options.intake_date = 20261206;
        auto built = docintake::BuildRecord(parsed.mrz, {}, record_options);
        REQUIRE(!built.error);
        REQUIRE(!opened.store->Add(built.record));
        ids.push_back(built.record.id);
    }
}

struct Arrival {
    std::string key;      // the Idempotency-Key header
    std::string body_id;  // "id" of the JSON body
    std::string body;
};

// A receiver on 127.0.0.1 that answers at random 200, 500, or stalls past the
// client's timeout (having kept the record), and answers 200 to a key it has
// kept before, as a receiver that drops duplicates does.
class FlakyReceiver {
public:
    FlakyReceiver(unsigned seed, int stall_ms) : rng_(seed), stall_ms_(stall_ms) {
        server_.Post("/records", [this](const httplib::Request& req, httplib::Response& res) { Handle(req, res); });
        port_ = server_.bind_to_any_port("127.0.0.1");
        thread_ = std::thread([this] { server_.listen_after_bind(); });
        while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ~FlakyReceiver() {
        server_.stop();
        thread_.join();
    }
    int port() const { return port_; }
    void AlwaysAccept() { always_accept_ = true; }
    std::vector<Arrival> arrivals() {
        std::lock_guard<std::mutex> lock(mutex_);
        return arrivals_;
    }
    // Arrivals of a record the receiver had kept already (dropped as duplicates).
    int duplicates() {
        std::lock_guard<std::mutex> lock(mutex_);
        return duplicates_;
    }

private:
    enum class Answer { Ok, Error, Stall };

    void Handle(const httplib::Request& req, httplib::Response& res) {
        Arrival arrival;
        arrival.key = req.get_header_value("Idempotency-Key");
        arrival.body = req.body;
        const auto json = nlohmann::json::parse(req.body, nullptr, false);
        if (json.is_object() && json.contains("id") && json["id"].is_string()) arrival.body_id = json["id"];
        Answer answer = Answer::Ok;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            arrivals_.push_back(arrival);
            if (kept_.count(arrival.key)) {
                ++duplicates_;
            } else if (!always_accept_) {
                // A quarter kept at once, the rest refused or stalled: most records
                // need several attempts, so kills keep finding work to interrupt.
                const int draw = std::uniform_int_distribution<int>(0, 7)(rng_);
                answer = draw < 2 ? Answer::Ok : draw < 5 ? Answer::Error : Answer::Stall;
            }
            if (answer != Answer::Error) kept_.insert(arrival.key);
        }
        if (answer == Answer::Stall) std::this_thread::sleep_for(std::chrono::milliseconds(stall_ms_));
        res.status = answer == Answer::Error ? 500 : 200;
        res.set_content("{}", "application/json");
    }

    httplib::Server server_;
    std::thread thread_;
    int port_ = 0;
    std::mutex mutex_;
    std::mt19937 rng_;
    int stall_ms_;
    std::atomic<bool> always_accept_{false};
    std::vector<Arrival> arrivals_;
    std::set<std::string> kept_;
    int duplicates_ = 0;
};

// A run either finished by itself (exit 0 or 1: delivered all, or some remain)
// or died of our SIGKILL; anything else (exit 2, a crash) is a failure.
void CheckEnded(const CliResult& run, std::initializer_list<int> allowed_exits) {
    INFO("stderr: " << run.err);
    if (run.killed) {
        CHECK(run.term_signal == SIGKILL);
    } else {
        CHECK(run.term_signal == 0);
        CHECK(std::find(allowed_exits.begin(), allowed_exits.end(), run.exit_code) != allowed_exits.end());
    }
}

// Complete lines only: a line cut by the kill is not a promise.
std::vector<std::string> PrintedRecordIds(const std::string& out) {
    std::vector<std::string> ids;
    std::size_t start = 0;
    for (std::size_t end; (end = out.find('\n', start)) != std::string::npos; start = end + 1) {
        const auto j = nlohmann::json::parse(out.substr(start, end - start), nullptr, false);
        REQUIRE(j.is_object());
        if (j.contains("record_id") && j["record_id"].is_string()) ids.push_back(j["record_id"]);
    }
    return ids;
}

// Every stored record decrypts and parses as a whole record; the database is sound.
void CheckStoreWhole(const std::string& dir, std::size_t& stored) {
    auto store = OpenStore(dir);
    CHECK(store->IntegrityCheck().empty());
    const auto entries = store->List();
    stored = entries.size();
    for (const auto& entry : entries) {
        std::string json;
        INFO("record " << entry.id);
        REQUIRE(!store->GetJson(entry.id, json));
        const auto parsed = docintake::ParseRecordJson(json);
        CHECK(!parsed.error);
        CHECK(parsed.record.id == entry.id);
        docintake::IntakeRecord record;
        CHECK(!store->Get(entry.id, record));
    }
}

std::vector<std::string> Frames() {
    std::vector<std::string> files;
    for (const auto& e : fs::directory_iterator(std::string(DOCINTAKE_MODEL_DIR) + "/../examples/data/frames"))
        if (e.path().extension() == ".jpg") files.push_back(e.path().string());
    std::sort(files.begin(), files.end());
    return files;
}

}  // namespace

TEST_CASE("outbox send killed at random moments: every record arrives, each under its own id as key") {
    const int cycles = CrashCycles();
    const unsigned seed = CrashSeed();
    MESSAGE("outbox send kill cycles: " << cycles << ", seed " << seed << " (DOCINTAKE_CRASH_SEED replays it)");
    docintake_test::TempDir tmp;
    const std::string store_dir = tmp.file("store");
    std::vector<std::string> ids;
    AddRecords(store_dir, 30, ids);

    FlakyReceiver receiver(seed ^ 0x5eedu, /*stall_ms=*/600);
    const std::string url = "http://127.0.0.1:" + std::to_string(receiver.port()) + "/records";
    // The CLI takes a while to start (shared libraries: ~150 ms measured on the
    // development host); kills land anywhere in that and the 400 ms after it.
    const auto start = std::chrono::steady_clock::now();
    REQUIRE(RunCli({"outbox", "list", "--store", store_dir}).exit_code == 0);
    const int startup_ms = static_cast<int>(
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count());

    std::mt19937 rng(seed);
    int killed = 0;
    int finished[2] = {0, 0};
    for (int cycle = 0; cycle < cycles; ++cycle) {
        const int kill_after_ms = std::uniform_int_distribution<int>(0, startup_ms + 400)(rng);
        // Half the runs hurry records out of their backoff (--now), so that the
        // kills also find the outbox busy late in the test, not only waiting.
        const bool now = std::uniform_int_distribution<int>(0, 1)(rng) == 1;
        INFO("cycle " << cycle << ", kill after " << kill_after_ms << " ms" << (now ? ", --now" : ""));
        std::vector<std::string> args{"outbox", "send",       "--store", store_dir, "--to", url,
                                      "--deadline", "5", "--timeout-ms", "300"};
        if (now) args.push_back("--now");
        const CliResult run = RunCli(args, {}, kill_after_ms);
        CheckEnded(run, {0, 1});
        killed += run.killed;
        if (!run.killed) ++finished[run.exit_code == 0 ? 0 : 1];
        // New records keep coming, as they do from a kiosk between sends.
        if (cycle % 5 == 4) AddRecords(store_dir, 1, ids);
    }
    MESSAGE(killed << " of " << cycles << " runs were killed (start-up " << startup_ms << " ms), "
                   << finished[0] << " ended with all delivered, " << finished[1] << " with records left; "
                   << receiver.arrivals().size() << " arrivals, " << receiver.duplicates()
                   << " of them duplicates; " << ids.size() << " records");
    const std::set<std::string> id_set(ids.begin(), ids.end());

    // The receiver is back for good; the operator sends what is left, now.
    receiver.AlwaysAccept();
    const CliResult last =
        RunCli({"outbox", "send", "--store", store_dir, "--to", url, "--now", "--deadline", "30", "--timeout-ms", "5000"});
    INFO("final send stderr: " << last.err);
    REQUIRE(last.exit_code == 0);

    std::map<std::string, std::set<std::string>> keys_by_record;
    std::map<std::string, std::string> body_by_record;
    for (const Arrival& a : receiver.arrivals()) {
        INFO("arrival key " << a.key << " body id " << a.body_id);
        CHECK(a.key == a.body_id);
        CHECK(id_set.count(a.body_id) == 1);
        keys_by_record[a.body_id].insert(a.key);
        body_by_record[a.body_id] = a.body;
    }
    auto store = OpenStore(store_dir);
    for (const std::string& id : ids) {
        INFO("record " << id);
        CHECK(keys_by_record[id].size() == 1);  // arrived, and under one key only
        std::string json;
        REQUIRE(!store->GetJson(id, json));
        CHECK(body_by_record[id] == json);  // what arrived is the record as stored
    }
    const CliResult list = RunCli({"outbox", "list", "--store", store_dir});
    REQUIRE(list.exit_code == 0);
    int delivered = 0;
    for (const std::string& line : list.OutLines()) delivered += nlohmann::json::parse(line)["state"] == "delivered";
    CHECK(delivered == static_cast<int>(ids.size()));
    CHECK(list.OutLines().size() == ids.size());
    CHECK(store->IntegrityCheck().empty());
}

TEST_CASE("read --store killed at random moments: each printed record_id is stored, none is half-written") {
    // A run here reads four frames (~0.5 s): 2/5 as many cycles keep the test's time in bounds.
    const int cycles = std::max(5, CrashCycles() * 2 / 5);
    const unsigned seed = CrashSeed();
    MESSAGE("read --store kill cycles: " << cycles << ", seed " << seed << " (DOCINTAKE_CRASH_SEED replays it)");
    const std::vector<std::string> frames = Frames();
    REQUIRE(frames.size() == 4);
    docintake_test::TempDir tmp;
    const std::string store_dir = tmp.file("store");
    std::vector<std::string> args{"read", "--store", store_dir, "--today", "2026-12-06"};
    args.insert(args.end(), frames.begin(), frames.end());

    // One whole run first: it must store all four, and says how long a run takes.
    const auto start = std::chrono::steady_clock::now();
    const CliResult whole = RunCli(args);
    const auto run_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
    REQUIRE_MESSAGE(whole.exit_code == 0, "stderr: " << whole.err);
    std::vector<std::string> printed = PrintedRecordIds(whole.out);
    REQUIRE(printed.size() == 4);

    std::mt19937 rng(seed + 1);
    int killed = 0;
    for (int cycle = 0; cycle < cycles; ++cycle) {
        const int kill_after_ms = std::uniform_int_distribution<int>(0, static_cast<int>(run_ms * 11 / 10))(rng);
        INFO("cycle " << cycle << ", kill after " << kill_after_ms << " ms");
        const CliResult run = RunCli(args, {}, kill_after_ms);
        CheckEnded(run, {0});
        killed += run.killed;
        for (const std::string& id : PrintedRecordIds(run.out)) printed.push_back(id);
    }
    MESSAGE(killed << " of " << cycles << " runs were killed (a whole run: " << run_ms << " ms); "
                   << printed.size() << " record ids printed");

    std::size_t stored = 0;
    CheckStoreWhole(store_dir, stored);
    CHECK(stored >= printed.size());
    auto store = OpenStore(store_dir);
    for (const std::string& id : printed) {
        INFO("printed record " << id);
        docintake::IntakeRecord record;
        CHECK(!store->Get(id, record));
    }
}

TEST_CASE("a store killed while read --store creates it opens and takes records afterwards") {
    const unsigned seed = CrashSeed();
    const std::vector<std::string> frames = Frames();
    REQUIRE(!frames.empty());
    docintake_test::TempDir tmp;
    // The store is made right after the CLI has started: kills land from halfway
    // through its start-up to 100 ms after it.
    std::vector<int> startups;
    for (int i = 0; i < 3; ++i) {
        const auto start = std::chrono::steady_clock::now();
        REQUIRE(RunCli({"--version"}).exit_code == 0);
        startups.push_back(static_cast<int>(
            std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count()));
    }
    std::sort(startups.begin(), startups.end());
    const int startup_ms = startups[1];
    std::mt19937 rng(seed + 2);
    int cut_with_folder = 0;
    const int attempts = 10;
    for (int attempt = 0; attempt < attempts; ++attempt) {
        const std::string store_dir = tmp.file("store" + std::to_string(attempt));
        const int kill_after_ms = std::uniform_int_distribution<int>(startup_ms / 2, startup_ms + 150)(rng);
        INFO("seed " << seed << ", attempt " << attempt << ", kill after " << kill_after_ms << " ms");
        const std::vector<std::string> args{"read", "--store", store_dir, "--today", "2026-12-06", frames[0]};
        const CliResult cut = RunCli(args, {}, kill_after_ms);
        CheckEnded(cut, {0});
        cut_with_folder += cut.killed && fs::exists(store_dir);
        const CliResult again = RunCli(args);
        INFO("stderr: " << again.err);
        CHECK(again.exit_code == 0);
        CHECK(PrintedRecordIds(again.out).size() == 1);
        std::size_t stored = 0;
        CheckStoreWhole(store_dir, stored);
        CHECK(stored >= 1);
    }
    MESSAGE(cut_with_folder << " of " << attempts << " runs were killed after the store folder was made (start-up " << startup_ms
                            << " ms)");
}
