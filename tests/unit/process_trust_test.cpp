// Trusting the process the library lives in: every public entry point answers bad
// input, a missing or damaged model and exhausted memory with a typed Error (never
// an exception, an abort or a line on the host's stderr), and a read keeps
// Tesseract's OpenMP regions on the reading thread without touching the process.
//
// Two cases run in a fresh copy of this test binary (they are skipped in normal
// runs and started by the cases below): one without OMP_THREAD_LIMIT, to count
// threads, and one under an address-space limit, where allocation must fail.
#include <doctest/doctest.h>

#include <dirent.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <docintake/barcode.h>
#include <docintake/opencv.h>
#include <docintake/read_mrz.h>
#include <docintake/scanner.h>

#include "support/temp_dir.h"

extern char** environ;

using namespace docintake;

namespace {

const std::string kFrame = std::string(DOCINTAKE_SOURCE_DIR) + "/examples/data/frames/camera_090001.jpg";
constexpr const char* kChildVariable = "DOCINTAKE_TRUST_CHILD";

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
// The sanitizers reserve terabytes of address space and die rather than fail an allocation.
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif

MrzReaderOptions ModelOptions(const std::string& dir = DOCINTAKE_MODEL_DIR) {
    MrzReaderOptions o;
    o.model_dir = dir;
    return o;
}

std::vector<char> ReadBytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void WriteBytes(const std::string& path, const std::vector<char>& bytes) {
    std::ofstream(path, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// What the host's stderr received while `body` ran.
template <typename Body>
std::string StderrDuring(Body&& body) {
    docintake_test::TempDir dir;
    const std::string path = dir.file("stderr");
    std::fflush(stderr);
    const int saved = dup(STDERR_FILENO);
    const int file = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(file, STDERR_FILENO);
    close(file);
    body();
    std::fflush(stderr);
    dup2(saved, STDERR_FILENO);
    close(saved);
    const std::vector<char> bytes = ReadBytes(path);
    return {bytes.begin(), bytes.end()};
}

// Runs test case `name` of this binary in a new process, with OMP_THREAD_LIMIT
// removed from its environment (ctest sets it) and kChildVariable set. Returns
// the wait status.
int RunChildCase(const std::string& name) {
    std::vector<std::string> env;
    for (char** e = environ; *e; ++e)
        if (std::strncmp(*e, "OMP_THREAD_LIMIT=", 17) != 0) env.emplace_back(*e);
    env.push_back(std::string(kChildVariable) + "=1");
    std::vector<char*> envp;
    for (auto& e : env) envp.push_back(e.data());
    envp.push_back(nullptr);
    std::string exe = "/proc/self/exe", no_skip = "--no-skip", filter = "--test-case=" + name;
    char* argv[] = {exe.data(), no_skip.data(), filter.data(), nullptr};
    pid_t pid = -1;
    if (posix_spawn(&pid, exe.c_str(), nullptr, nullptr, argv, envp.data()) != 0) return -1;
    int status = 0;
    waitpid(pid, &status, 0);
    return status;
}

bool InChild() { return std::getenv(kChildVariable) != nullptr; }

}  // namespace

TEST_CASE("a missing model: ModelNotFound from the constructor and from every read, nothing on stderr") {
    docintake_test::TempDir empty;
    const std::string err = StderrDuring([&] {
        MrzReader reader(ModelOptions(empty.path()));
        CHECK(reader.init_error().code == ErrorCode::ModelNotFound);
        const cv::Mat frame = cv::imread(kFrame);
        REQUIRE(!frame.empty());
        CHECK(reader.Read(ViewOf(frame)).error.code == ErrorCode::ModelNotFound);
        ScannerOptions scan;
        scan.reader = ModelOptions(empty.path());
        DocumentScanner scanner(scan);
        const ScanUpdate u = scanner.Push(ViewOf(frame));
        CHECK(u.state == ScanUpdate::State::Failed);
        CHECK(u.error.code == ErrorCode::ModelNotFound);
    });
    CHECK(err.empty());
}

TEST_CASE("a damaged model file: ModelNotFound, the process lives on, nothing on stderr") {
    const std::vector<char> good = ReadBytes(std::string(DOCINTAKE_MODEL_DIR) + "/mrz.traineddata");
    REQUIRE(good.size() > 100000);
    std::vector<char> flipped = good;  // the LSTM's bytes damaged: Tesseract's own Init aborts on this
    for (std::size_t i = 4096; i < flipped.size(); i += 797) flipped[i] = static_cast<char>(~flipped[i]);
    std::vector<char> noise(100000);
    for (std::size_t i = 0; i < noise.size(); ++i) noise[i] = static_cast<char>((i * 2654435761u) >> 13);
    const std::vector<std::pair<const char*, std::vector<char>>> models = {
        {"flipped bytes", flipped},
        {"noise", noise},
        {"empty", {}},
        {"cut short", std::vector<char>(good.begin(), good.begin() + 20000)},
    };
    for (const auto& [what, bytes] : models) {
        CAPTURE(what);
        docintake_test::TempDir dir;
        WriteBytes(dir.file("mrz.traineddata"), bytes);
        const std::string err = StderrDuring([&] {
            MrzReader reader(ModelOptions(dir.path()));
            CHECK(reader.init_error().code == ErrorCode::ModelNotFound);
            const cv::Mat frame = cv::imread(kFrame);
            CHECK(reader.Read(ViewOf(frame)).error.code == ErrorCode::ModelNotFound);
        });
        CHECK(err.empty());
    }
    // ...and a good model after them still loads and reads.
    MrzReader reader(ModelOptions());
    REQUIRE_FALSE(reader.init_error());
    CHECK(reader.Read(ViewOf(cv::imread(kFrame))).valid());
}

TEST_CASE("image views with nonsense sizes, strides or formats: InvalidImage from every reader") {
    static const std::uint8_t pixels[64] = {};
    const std::vector<std::pair<const char*, ImageView>> views = {
        {"null pixels", ImageView(nullptr, 4, 4, PixelFormat::Gray)},
        {"zero width", ImageView(pixels, 0, 4, PixelFormat::Gray)},
        {"negative height", ImageView(pixels, 4, -4, PixelFormat::Gray)},
        {"negative width", ImageView(pixels, -4, 4, PixelFormat::RGB)},
        {"stride shorter than a row", ImageView(pixels, 8, 4, PixelFormat::RGB, 8)},
        {"negative stride", ImageView(pixels, 4, 4, PixelFormat::Gray, -4)},
        // width * 3 overflows an int: the packed stride must not wrap to a "valid" one.
        {"row bytes past INT_MAX", ImageView(pixels, INT_MAX, 1, PixelFormat::RGB)},
        {"row bytes past INT_MAX, stride given", ImageView(pixels, INT_MAX / 2, 1, PixelFormat::BGRA, INT_MAX)},
        {"unknown pixel format", ImageView(pixels, 4, 4, static_cast<PixelFormat>(17))},
    };
    MrzReader mrz(ModelOptions());
    REQUIRE_FALSE(mrz.init_error());
    BarcodeReader barcodes;
    BarcodeReaderOptions in_process;
    in_process.sandbox = false;
    BarcodeReader barcodes_in_process(in_process);
    ScannerOptions scan;
    scan.reader = ModelOptions();
    DocumentScanner scanner(scan);
    for (const auto& [what, view] : views) {
        CAPTURE(what);
        CHECK_FALSE(view.valid());
        CHECK(mrz.Read(view).error.code == ErrorCode::InvalidImage);
        CHECK(barcodes.Read(view).error.code == ErrorCode::InvalidImage);
        CHECK(barcodes_in_process.Read(view).error.code == ErrorCode::InvalidImage);
        const ScanUpdate u = scanner.Push(view);
        CHECK(u.error.code == ErrorCode::InvalidImage);
        CHECK(u.frames_seen == 0);
    }
    // The scanner goes on after them.
    CHECK_FALSE(scanner.Push(ViewOf(cv::imread(kFrame))).error);
}

TEST_CASE("environment variables do not choose the model: DOCINTAKE_MODEL_DIR and TESSDATA_PREFIX are not read") {
    docintake_test::TempDir dir;
    std::vector<char> noise(50000, 'x');
    WriteBytes(dir.file("mrz.traineddata"), noise);
    setenv("DOCINTAKE_MODEL_DIR", dir.path().c_str(), 1);
    setenv("TESSDATA_PREFIX", dir.path().c_str(), 1);
    MrzReader by_default;  // the installed or source tree's model, not the environment's
    MrzReader by_option(ModelOptions(dir.path()));
    unsetenv("DOCINTAKE_MODEL_DIR");
    unsetenv("TESSDATA_PREFIX");
    CHECK_FALSE(by_default.init_error());
    CHECK(by_option.init_error().code == ErrorCode::ModelNotFound);
}

TEST_CASE("a read keeps Tesseract's OpenMP threads away, without OMP_THREAD_LIMIT") {
    const int status = RunChildCase("child: threads during reads");
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
}

TEST_CASE("child: threads during reads" * doctest::skip()) {
    if (!InChild()) return;
    // OpenCV's own worker pool would blur the count: this process turns it off
    // (the test's choice; the library leaves OpenCV's settings alone).
    cv::setNumThreads(0);
    MrzReader reader(ModelOptions());
    const cv::Mat frame = cv::imread(kFrame);
    if (reader.init_error() || frame.empty()) std::_Exit(3);
    auto tasks = [] {
        int n = 0;
        if (DIR* d = opendir("/proc/self/task")) {
            while (dirent* e = readdir(d))
                if (e->d_name[0] != '.') ++n;
            closedir(d);
        }
        return n;
    };
    std::atomic<bool> done{false};
    std::atomic<int> most{0};
    std::thread counter([&] {
        while (!done) {
            most = std::max(most.load(), tasks());
            std::this_thread::sleep_for(std::chrono::microseconds(200));
        }
    });
    const auto start = std::chrono::steady_clock::now();
    constexpr int kReads = 3;
    bool valid = true;
    for (int i = 0; i < kReads; ++i) valid &= reader.Read(ViewOf(frame)).valid();
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    done = true;
    counter.join();
    // This thread and the counter: 2. Tesseract's OpenMP team would add 3.
    std::printf("threads during reads: at most %d (this one and the counter: 2); %.0f ms a read\n", most.load(),
                ms / kReads);
    std::fflush(stdout);
    std::_Exit(!valid ? 4 : most.load() <= 2 ? 0 : 10 + most.load());
}

TEST_CASE("out of memory on a huge frame: OutOfMemory from every reader, no crash") {
    if (kSanitized) return;  // see kSanitized
    const int status = RunChildCase("child: a huge frame under a memory limit");
    INFO("exit status " << (WIFEXITED(status) ? WEXITSTATUS(status) : -1) << ", signal "
                        << (WIFSIGNALED(status) ? WTERMSIG(status) : 0));
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
}

TEST_CASE("child: a huge frame under a memory limit" * doctest::skip()) {
    if (!InChild()) return;
    MrzReader reader(ModelOptions());
    BarcodeReader barcodes;
    ScannerOptions scan;
    scan.reader = ModelOptions();
    DocumentScanner scanner(scan);
    if (reader.init_error() || scanner.init_error()) std::_Exit(3);
    // 144 MB of colour; its grey copy alone (48 MB) is more than the limit leaves.
    const cv::Mat huge(6000, 8000, CV_8UC3, cv::Scalar(180, 170, 160));
    long pages = 0;
    if (std::FILE* f = std::fopen("/proc/self/statm", "r")) {
        if (std::fscanf(f, "%ld", &pages) != 1) pages = 0;
        std::fclose(f);
    }
    if (pages <= 0) std::_Exit(5);
    const rlim_t limit = static_cast<rlim_t>(pages) * static_cast<rlim_t>(sysconf(_SC_PAGESIZE)) + (16u << 20);
    const rlimit r{limit, limit};
    if (setrlimit(RLIMIT_AS, &r) != 0) std::_Exit(6);
    int failures = 0;
    if (reader.Read(ViewOf(huge)).error.code != ErrorCode::OutOfMemory) failures |= 1;
    if (barcodes.Read(ViewOf(huge)).error.code != ErrorCode::OutOfMemory) failures |= 2;
    if (scanner.Push(ViewOf(huge)).error.code != ErrorCode::OutOfMemory) failures |= 4;
    std::_Exit(failures == 0 ? 0 : 10 + failures);
}
