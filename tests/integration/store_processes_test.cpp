// Several writers on one store folder: two processes (fork) creating the store
// and adding 50 records each at the same time, and two threads sharing one
// RecordStore. All records must be there and the database sound. And a writer
// killed with SIGKILL while adding leaves no half-added record.

#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <signal.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <set>
#include <thread>

#include "support/temp_dir.h"
#include "unit/store_test_support.h"

using namespace docintake;
using namespace docintake_test;

namespace {

constexpr int kPerWriter = 50;

// The child's work: open (maybe creating) the store and add its records.
// Returns the exit status: 0 all added, else the number of the failing step.
int AddRecordsAsChild(const std::string& dir, int first, int go_fd) {
    char go = 0;
    if (read(go_fd, &go, 1) != 1) return 1;  // start together with the other writer
    StoreOpenResult opened = RecordStore::Open(OptionsIn(dir));
    if (opened.error || !opened.store) {
        std::fprintf(stderr, "child: open: %s: %s\n", ToString(opened.error.code), opened.error.message.c_str());
        return 2;
    }
    for (int i = 0; i < kPerWriter; ++i) {
        IntakeRecord record = MakeRecord(TestId(first + i));
        if (Error error = opened.store->Add(record)) {
            std::fprintf(stderr, "child: add: %s: %s\n", ToString(error.code), error.message.c_str());
            return 3;
        }
        // Readers interleave with the other process's writes.
        if (i % 10 == 0 && opened.store->Counts().pending < i + 1) return 4;
    }
    return 0;
}

}  // namespace

TEST_CASE("two processes create one store and add 50 records each at once: all 100 there") {
    TempDir dir;
    int go[2];
    REQUIRE(pipe(go) == 0);
    std::vector<pid_t> children;
    for (int writer = 0; writer < 2; ++writer) {
        const pid_t pid = fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            close(go[1]);
            _exit(AddRecordsAsChild(dir.path(), writer * 1000, go[0]));  // no doctest teardown in the child
        }
        children.push_back(pid);
    }
    close(go[0]);
    REQUIRE(write(go[1], "gg", 2) == 2);
    close(go[1]);
    for (pid_t pid : children) {
        int status = 0;
        REQUIRE(waitpid(pid, &status, 0) == pid);
        REQUIRE(WIFEXITED(status));
        CHECK_MESSAGE(WEXITSTATUS(status) == 0, "child failed at step " << WEXITSTATUS(status));
    }

    StoreOpenResult opened = RecordStore::Open(OptionsIn(dir.path()));
    REQUIRE_MESSAGE(!opened.error, opened.error.message);
    RecordStore& store = *opened.store;
    const std::vector<OutboxEntry> list = store.List();
    CHECK(list.size() == 2 * kPerWriter);
    std::set<std::string> ids;
    for (const OutboxEntry& entry : list) ids.insert(entry.id);
    for (int writer = 0; writer < 2; ++writer)
        for (int i = 0; i < kPerWriter; ++i) CHECK(ids.count(TestId(writer * 1000 + i)) == 1);
    CHECK(store.Counts().pending == 2 * kPerWriter);
    IntakeRecord back;
    CHECK_FALSE(store.Get(TestId(1000 + kPerWriter - 1), back));
    CHECK(store.IntegrityCheck().empty());
    CHECK(store.Audit(10000).size() == 4 * kPerWriter);  // created + confirmed each
}

TEST_CASE("two threads share one RecordStore") {
    TempDir dir;
    StoreOpenResult opened = RecordStore::Open(OptionsIn(dir.path()));
    REQUIRE_MESSAGE(!opened.error, opened.error.message);
    RecordStore& store = *opened.store;
    int failures[2] = {0, 0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 2; ++t)
        threads.emplace_back([&store, &failures, t] {
            for (int i = 0; i < 20; ++i) {
                const std::string id = TestId(t * 100 + i);
                IntakeRecord back;
                if (store.Add(MakeRecord(id)) || store.Get(id, back) || store.MarkDelivered(id, 1796552200, "file"))
                    ++failures[t];
                store.Counts();
            }
        });
    for (std::thread& thread : threads) thread.join();
    CHECK(failures[0] == 0);
    CHECK(failures[1] == 0);
    CHECK(store.Counts().delivered == 40);
    CHECK(store.IntegrityCheck().empty());
}

TEST_CASE("a writer killed mid-way leaves each record wholly there or not at all") {
    TempDir dir;
    { REQUIRE_FALSE(RecordStore::Open(OptionsIn(dir.path())).error); }
    int ready[2];
    REQUIRE(pipe(ready) == 0);
    const pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        close(ready[0]);
        StoreOpenResult opened = RecordStore::Open(OptionsIn(dir.path()));
        if (opened.error) _exit(2);
        for (int i = 0;; ++i) {
            if (opened.store->Add(MakeRecord(TestId(i)))) _exit(3);
            if (i == 20 && write(ready[1], "r", 1) != 1) _exit(4);  // well under way
        }
    }
    close(ready[1]);
    char byte = 0;
    REQUIRE(read(ready[0], &byte, 1) == 1);
    close(ready[0]);
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    kill(pid, SIGKILL);
    int status = 0;
    REQUIRE(waitpid(pid, &status, 0) == pid);
    REQUIRE(WIFSIGNALED(status));  // killed while adding, not exited early

    StoreOpenResult opened = RecordStore::Open(OptionsIn(dir.path()));
    REQUIRE_MESSAGE(!opened.error, opened.error.message);
    RecordStore& store = *opened.store;
    CHECK(store.IntegrityCheck().empty());
    const std::vector<OutboxEntry> list = store.List();
    CHECK(list.size() > 20);
    std::multiset<std::string> created, confirmed;
    for (const AuditEvent& event : store.Audit(100000)) {
        if (event.event == "created") created.insert(event.record_id);
        if (event.event == "confirmed") confirmed.insert(event.record_id);
    }
    CHECK(created.size() == list.size());
    CHECK(confirmed.size() == list.size());
    for (const OutboxEntry& entry : list) {
        CHECK(created.count(entry.id) == 1);
        CHECK(confirmed.count(entry.id) == 1);
        IntakeRecord back;
        CHECK_FALSE(store.Get(entry.id, back));
    }
}

namespace {

// Records a separate program sees in the store folder (-1: it could not open it):
// the CLI, exec'd, so that no SQLite state of this process is inherited as a
// fork would (SQLite's lock bookkeeping must not cross a fork).
int PendingSeenByAnotherProcess(const std::string& dir) {
    const std::string command = std::string(DOCINTAKE_BIN_DIR) + "/docintake outbox list --store '" + dir + "'";
    FILE* out = popen(command.c_str(), "r");
    if (!out) return -1;
    int pending = 0;
    char line[512];
    while (std::fgets(line, sizeof line, out))
        if (std::strstr(line, "\"state\":\"pending\"")) ++pending;
    return pclose(out) == 0 ? pending : -1;
}

// Whether this process holds a descriptor of a file that was deleted meanwhile.
bool HoldsDeletedWal() {
    for (const auto& fd : std::filesystem::directory_iterator("/proc/self/fd")) {
        std::error_code ec;
        const std::string target = std::filesystem::read_symlink(fd.path(), ec).string();
        if (!ec && target.find("records.db-wal") != std::string::npos && target.find("(deleted)") != std::string::npos)
            return true;
    }
    return false;
}

}  // namespace

TEST_CASE("a process holding a store twice keeps its locks while another process opens and closes it") {
    // POSIX record locks belong to the process: closing any descriptor of records.db
    // drops every SQLite lock this process holds on it. Then another process that
    // opens and closes the store believes it is the last one, checkpoints and deletes
    // the WAL, and records this process adds afterwards go to a deleted file (seen
    // with the kiosk, which opens its store twice, and the CLI beside it).
    TempDir dir;
    StoreOpenResult first = RecordStore::Open(OptionsIn(dir.path()));
    REQUIRE_FALSE(first.error);
    REQUIRE_FALSE(first.store->Add(MakeRecord(TestId(1))));
    StoreOpenResult second = RecordStore::Open(OptionsIn(dir.path()));
    REQUIRE_FALSE(second.error);
    CHECK(PendingSeenByAnotherProcess(dir.path()) == 1);  // opens, reads, closes
    REQUIRE_FALSE(first.store->Add(MakeRecord(TestId(2))));
    REQUIRE_FALSE(second.store->Add(MakeRecord(TestId(3))));
    CHECK_FALSE(HoldsDeletedWal());
    CHECK(PendingSeenByAnotherProcess(dir.path()) == 3);
    CHECK(first.store->IntegrityCheck().empty());
}
