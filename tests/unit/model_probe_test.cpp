// Vetting an OCR model without forking the host (issue 25, "trust the process it
// lives in"). Our own model is recognised by its SHA-256 and loaded directly; any
// other model is first loaded by the docintake-model-probe program, started with
// posix_spawn; without that program a model that is not ours is a typed error.
//
// Whether the probe ran is seen, not guessed: the probe option points at a small
// shell script that leaves a mark and then runs the real probe (or at a path that
// does not exist, where running it would fail the read).
#include <doctest/doctest.h>

#include <fcntl.h>
#include <signal.h>
#include <pthread.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <opencv2/imgcodecs.hpp>

#include <docintake/opencv.h>
#include <docintake/read_mrz.h>

#include "ocr/own_model.h"
#include "support/temp_dir.h"

using namespace docintake;

namespace {

const std::string kOwnModel = std::string(DOCINTAKE_MODEL_DIR) + "/mrz.traineddata";
const std::string kProbe = std::string(DOCINTAKE_BIN_DIR) + "/docintake-model-probe";
const std::string kStockModel = "/usr/share/tesseract-ocr/5/tessdata/eng.traineddata";  // tesseract-ocr-eng
const std::string kFrame = std::string(DOCINTAKE_SOURCE_DIR) + "/examples/data/frames/camera_090001.jpg";

std::vector<char> ReadBytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void WriteBytes(const std::string& path, const std::vector<char>& bytes) {
    std::ofstream(path, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

void WriteScript(const std::string& path, const std::string& body) {
    std::ofstream(path) << "#!/bin/sh\n" << body << "\n";
    chmod(path.c_str(), 0700);
}

// A probe that marks `mark` each time it runs, then is the real probe.
std::string MarkingProbe(const docintake_test::TempDir& dir, const std::string& mark) {
    const std::string script = dir.file("marking-probe");
    WriteScript(script, "echo ran >> '" + mark + "'\nexec '" + kProbe + "' \"$@\"");
    return script;
}

int Runs(const std::string& mark) {
    std::ifstream in(mark);
    int n = 0;
    for (std::string line; std::getline(in, line);) ++n;
    return n;
}

// Our model with its LSTM bytes damaged: Tesseract's Init aborts on it.
std::vector<char> FlippedModel() {
    std::vector<char> bytes = ReadBytes(kOwnModel);
    for (std::size_t i = 4096; i < bytes.size(); i += 797) bytes[i] = static_cast<char>(~bytes[i]);
    return bytes;
}

MrzReaderOptions Options(const std::string& dir, const std::string& name, const std::string& probe) {
    MrzReaderOptions o;
    o.model_dir = dir;
    o.model_name = name;
    o.model_probe_path = probe;
    return o;
}

}  // namespace

TEST_CASE("the digest recorded at build time is that of models/mrz.traineddata") {
    const std::vector<char> bytes = ReadBytes(kOwnModel);
    REQUIRE(bytes.size() > 100000);
    const std::string content(bytes.begin(), bytes.end());
    CHECK(std::string(ocr::OwnModelSha256()).size() == 64);
    CHECK(ocr::Sha256Hex(content) == ocr::OwnModelSha256());
    CHECK(ocr::IsOwnModel(content));
    CHECK_FALSE(ocr::IsOwnModel(content + "x"));
    // A known vector (FIPS 180-2): the digest is SHA-256 and nothing else.
    CHECK(ocr::Sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("a byte-identical copy of our model elsewhere, under another name, loads without the probe") {
    docintake_test::TempDir dir;
    WriteBytes(dir.file("mrz.traineddata"), ReadBytes(kOwnModel));
    WriteBytes(dir.file("ours-renamed.traineddata"), ReadBytes(kOwnModel));
    const std::string mark = dir.file("probe-ran");
    for (const std::string probe : {std::string("/nonexistent/docintake-model-probe"), MarkingProbe(dir, mark)}) {
        CAPTURE(probe);
        MrzReader reader(Options(dir.path(), "mrz", probe));
        REQUIRE_FALSE(reader.init_error());
        CHECK(reader.Read(ViewOf(cv::imread(kFrame))).valid());
        MrzReader renamed(Options(dir.path(), "ours-renamed", probe));
        CHECK_FALSE(renamed.init_error());
    }
    CHECK(Runs(mark) == 0);
}

TEST_CASE("a valid model that is not ours is vetted by the probe, then loads") {
    REQUIRE(std::filesystem::exists(kStockModel));
    docintake_test::TempDir dir;
    WriteBytes(dir.file("mine.traineddata"), ReadBytes(kStockModel));
    const std::string mark = dir.file("probe-ran");
    MrzReader reader(Options(dir.path(), "mine", MarkingProbe(dir, mark)));
    CHECK_FALSE(reader.init_error());
    CHECK(Runs(mark) == 1);
    // Found without the option too: next to this test program, as in the build tree.
    MrzReader found(Options(dir.path(), "mine", ""));
    CHECK_FALSE(found.init_error());
}

TEST_CASE("no probe program: a model that is not ours is a typed error, unless the caller vouches for it") {
    REQUIRE(std::filesystem::exists(kStockModel));
    docintake_test::TempDir dir;
    WriteBytes(dir.file("mine.traineddata"), ReadBytes(kStockModel));
    MrzReader reader(Options(dir.path(), "mine", "/nonexistent/docintake-model-probe"));
    CHECK(reader.init_error().code == ErrorCode::ModelNotFound);
    CHECK(reader.init_error().message.find("docintake-model-probe") != std::string::npos);
    CHECK(reader.Read(ViewOf(cv::imread(kFrame))).error.code == ErrorCode::ModelNotFound);

    MrzReaderOptions vouched = Options(dir.path(), "mine", "/nonexistent/docintake-model-probe");
    vouched.trust_model_without_probe = true;
    MrzReader trusted(vouched);
    CHECK_FALSE(trusted.init_error());

    // A file that is no program is no probe either.
    MrzReader not_a_program(Options(dir.path(), "mine", dir.file("mine.traineddata")));
    CHECK(not_a_program.init_error().code == ErrorCode::ModelNotFound);
}

TEST_CASE("our model damaged: its digest no longer matches, the probe dies on it, the host gets a typed error") {
    docintake_test::TempDir dir;
    WriteBytes(dir.file("mrz.traineddata"), FlippedModel());
    const std::string mark = dir.file("probe-ran");
    MrzReader reader(Options(dir.path(), "mrz", MarkingProbe(dir, mark)));
    CHECK(reader.init_error().code == ErrorCode::ModelNotFound);
    CHECK(reader.init_error().message.find("damaged") != std::string::npos);
    CHECK(Runs(mark) == 1);
    // Without a probe it is not loaded either (that would abort this test).
    MrzReader unprobed(Options(dir.path(), "mrz", "/nonexistent/docintake-model-probe"));
    CHECK(unprobed.init_error().code == ErrorCode::ModelNotFound);
}

TEST_CASE("a probe that dies or answers nonsense: the model is not loaded") {
    REQUIRE(std::filesystem::exists(kStockModel));
    docintake_test::TempDir dir;
    WriteBytes(dir.file("mine.traineddata"), ReadBytes(kStockModel));
    const std::string aborts = dir.file("aborting-probe"), silent = dir.file("silent-probe");
    WriteScript(aborts, "kill -ABRT $$");
    WriteScript(silent, "exit 0");
    const std::vector<std::pair<std::string, std::string>> probes = {
        {aborts, "damaged"},             // killed by a signal: the model is blamed
        {silent, "without a verdict"},   // exited unanswered: the probe is
    };
    for (const auto& [probe, reason] : probes) {
        CAPTURE(probe);
        MrzReader reader(Options(dir.path(), "mine", probe));
        CHECK(reader.init_error().code == ErrorCode::ModelNotFound);
        CHECK(reader.init_error().message.find(reason) != std::string::npos);
    }
}

TEST_CASE("the verdict survives a host that ignores SIGCHLD (children reaped by the kernel)") {
    REQUIRE(std::filesystem::exists(kStockModel));
    docintake_test::TempDir dir;
    WriteBytes(dir.file("mine.traineddata"), ReadBytes(kStockModel));
    WriteBytes(dir.file("mrz.traineddata"), FlippedModel());
    struct sigaction ignore {}, old {};
    ignore.sa_handler = SIG_IGN;
    sigemptyset(&ignore.sa_mask);
    sigaction(SIGCHLD, &ignore, &old);
    MrzReader good(Options(dir.path(), "mine", kProbe));
    MrzReader damaged(Options(dir.path(), "mrz", kProbe));
    sigaction(SIGCHLD, &old, nullptr);
    CHECK_FALSE(good.init_error());
    CHECK(damaged.init_error().code == ErrorCode::ModelNotFound);
}

TEST_CASE("the probe gets an empty environment, /dev/null for output and none of the host's descriptors") {
    REQUIRE(std::filesystem::exists(kStockModel));
    docintake_test::TempDir dir;
    WriteBytes(dir.file("mine.traineddata"), ReadBytes(kStockModel));
    // A descriptor the host left open across exec (no O_CLOEXEC), above the probe's 0-3.
    const int first = open(dir.file("mine.traineddata").c_str(), O_RDONLY);
    REQUIRE(first >= 0);
    const int open_fd = fcntl(first, F_DUPFD, 20);
    close(first);
    REQUIRE(open_fd >= 20);
    setenv("DOCINTAKE_PROBE_TEST_VARIABLE", "host", 1);
    const std::string seen = dir.file("seen"), script = dir.file("inspecting-probe");
    WriteScript(script, "env > '" + seen + ".env'\n"
                        "[ -e /proc/$$/fd/" + std::to_string(open_fd) + " ] && echo leaked > '" + seen + ".fd'\n"
                        "out=$(readlink /proc/$$/fd/1); echo \"$out\" > '" + seen + ".out'\n"
                        "exec '" + kProbe + "' \"$@\"");
    MrzReader reader(Options(dir.path(), "mine", script));
    unsetenv("DOCINTAKE_PROBE_TEST_VARIABLE");
    close(open_fd);
    CHECK_FALSE(reader.init_error());
    const std::vector<char> env = ReadBytes(seen + ".env");
    REQUIRE(std::filesystem::exists(seen + ".env"));
    CHECK(std::string(env.begin(), env.end()).find("DOCINTAKE_PROBE_TEST_VARIABLE") == std::string::npos);
    CHECK_FALSE(std::filesystem::exists(seen + ".fd"));
    const std::vector<char> out = ReadBytes(seen + ".out");
    CHECK(std::string(out.begin(), out.end()) == "/dev/null\n");
}

// A fork() of this process runs the handlers registered with pthread_atfork;
// posix_spawn (clone with CLONE_VFORK, then exec) does not.
std::atomic<int> g_forks{0};

TEST_CASE("no reader forks the host, whatever the model") {
    static const int registered = pthread_atfork([] { ++g_forks; }, nullptr, nullptr);
    REQUIRE(registered == 0);
    REQUIRE(std::filesystem::exists(kStockModel));
    docintake_test::TempDir dir;
    WriteBytes(dir.file("mine.traineddata"), ReadBytes(kStockModel));
    WriteBytes(dir.file("flipped.traineddata"), FlippedModel());
    g_forks = 0;
    MrzReader ours(Options(DOCINTAKE_MODEL_DIR, "mrz", kProbe));
    MrzReader mine(Options(dir.path(), "mine", kProbe));
    MrzReader damaged(Options(dir.path(), "flipped", kProbe));
    CHECK_FALSE(ours.init_error());
    CHECK_FALSE(mine.init_error());
    CHECK(damaged.init_error().code == ErrorCode::ModelNotFound);
    CHECK(g_forks == 0);
    // The counter counts: a fork here is seen.
    const pid_t pid = fork();
    if (pid == 0) _exit(0);
    REQUIRE(pid > 0);
    waitpid(pid, nullptr, 0);
    CHECK(g_forks == 1);
}

// Readers are made while other threads of the host hold locks (stderr's, a
// mutex) and allocate: nothing of the host runs in another process, and the host
// writes nothing to stderr while loading (it would wait here for the holder). The
// holder lets go when the readers are made, or after a deadline that only a hang
// reaches; the readers must be made while it still holds on (a hang guard, not a
// timing test).
TEST_CASE("readers are made while other threads hold locks and run") {
    REQUIRE(std::filesystem::exists(kStockModel));
    docintake_test::TempDir dir;
    WriteBytes(dir.file("mine.traineddata"), ReadBytes(kStockModel));
    WriteBytes(dir.file("cut.traineddata"), [] {
        const std::vector<char> good = ReadBytes(kOwnModel);
        return std::vector<char>(good.begin(), good.begin() + 20000);
    }());
    WriteBytes(dir.file("mrz.traineddata"), ReadBytes(kOwnModel));

    std::atomic<bool> holding{false}, made{false}, stop{false};
    std::atomic<bool> made_while_held{false};
    std::mutex some_lock;
    std::thread holder([&] {
        const std::lock_guard<std::mutex> lock(some_lock);
        flockfile(stderr);
        holding = true;
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        while (!made && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        made_while_held = made.load();
        funlockfile(stderr);
    });
    std::vector<std::thread> busy;
    for (int t = 0; t < 2; ++t)
        busy.emplace_back([&] {
            while (!stop) {
                std::vector<std::string> junk(64, std::string(1000, 'x'));
                (void)junk;
            }
        });
    while (!holding) std::this_thread::sleep_for(std::chrono::milliseconds(1));

    MrzReader ours(Options(dir.path(), "mrz", kProbe));
    MrzReader mine(Options(dir.path(), "mine", kProbe));
    MrzReader cut(Options(dir.path(), "cut", kProbe));
    made = true;
    holder.join();
    stop = true;
    for (auto& t : busy) t.join();

    CHECK(made_while_held);
    CHECK_FALSE(ours.init_error());
    CHECK_FALSE(mine.init_error());
    CHECK(cut.init_error().code == ErrorCode::ModelNotFound);
}
