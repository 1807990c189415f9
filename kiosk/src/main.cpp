// docintake-kiosk: the reception kiosk's process. A camera loop, the multi-frame
// scanner, the flow's state machine, the record store with its background
// sender, and the web server the kiosk's browser shows (docs/kiosk.md).
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>

#include <CLI/CLI.hpp>

#include "camera_loop.h"
#include "clock.h"
#include "config.h"
#include "device_profile.h"
#include "docintake/store.h"
#include "docintake/version.h"
#include "http_server.h"
#include "kiosk_app.h"
#include "log.h"
#include "outbox_worker.h"
#include "scan_loop.h"
#include "staff_auth.h"
#include "systemd_notify.h"

namespace fs = std::filesystem;
using namespace docintake::kiosk;

namespace {

std::string ExecutableDir() {
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    return ec ? std::string(".") : exe.parent_path().string();
}

// The configured path, else `name` beside the binary (an installed kiosk), else the fallback.
std::string PickDir(const std::string& configured, const std::string& name, const std::string& fallback) {
    if (!configured.empty()) return configured;
    std::error_code ec;
    const std::string beside = ExecutableDir() + "/" + name;
    if (fs::is_directory(beside, ec)) return beside;
    return fallback;
}

long PeakRssKb() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmHWM:", 0) == 0) return std::strtol(line.c_str() + 6, nullptr, 10);
    return -1;
}

int HashPinCommand() {
    std::string pin;
    if (isatty(STDIN_FILENO)) std::cerr << "PIN: " << std::flush;
    std::getline(std::cin, pin);
    if (pin.size() < 4) {
        std::cerr << "docintake-kiosk: a PIN has at least 4 characters\n";
        return 2;
    }
    const std::string hash = HashPin(pin);
    docintake::kiosk::WipeString(pin);
    if (hash.empty()) {
        std::cerr << "docintake-kiosk: could not hash the PIN\n";
        return 1;
    }
    std::cout << "staff_pin_hash = " << hash << "\n";
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    // Debian's Tesseract uses OpenMP, whose threads fight over small CPUs; libgomp
    // reads the limit only at start-up, so set it and start again.
    if (!std::getenv("OMP_THREAD_LIMIT") && setenv("OMP_THREAD_LIMIT", "1", 1) == 0) execv("/proc/self/exe", argv);

    CLI::App cli{"docintake-kiosk: the reception kiosk (camera, scanner, store, web UI on 127.0.0.1)"};
    cli.set_version_flag("--version", docintake::Version());
    std::string source, store_dir, config_path, web_root;
    int port = 8080;
    bool hash_pin = false;
    cli.add_option("--source", source, "camera index (0, 1, ...), a video file or a folder of images (both loop)");
    cli.add_option("--store", store_dir, "the record store's folder (created)");
    cli.add_option("--port", port, "port on the listen address (0: any free one, printed)")->check(CLI::Range(0, 65535));
    cli.add_option("--config", config_path, "the config file (kiosk/config/docintake-kiosk.conf documents it)");
    cli.add_option("--web-root", web_root, "the web UI's folder (default: web/ beside the binary, else the source tree's)");
    cli.add_flag("--hash-pin", hash_pin, "read a staff PIN from stdin and print its staff_pin_hash line");
    try {
        cli.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = cli.exit(e);
        return code == 0 ? 0 : 2;
    }
    if (sodium_init() < 0) {
        std::fprintf(stderr, "docintake-kiosk: libsodium failed to start\n");
        return 1;
    }
    if (hash_pin) return HashPinCommand();
    if (source.empty() || store_dir.empty()) {
        std::fprintf(stderr, "docintake-kiosk: --source and --store are required (see --help)\n");
        return 2;
    }
    ConfigLoadResult loaded = LoadConfig(config_path);
    if (loaded.error) {
        std::fprintf(stderr, "docintake-kiosk: %s\n", loaded.error.message.c_str());
        return 2;
    }
    const KioskConfig& config = loaded.config;
    if (!IsLoopbackAddress(config.listen_address) && !config.allow_remote) {
        std::fprintf(stderr, "docintake-kiosk: listen_address is not a loopback address (allow_remote = true allows it)\n");
        return 2;
    }
    const std::string kiosk_source_dir = DOCINTAKE_KIOSK_SOURCE_DIR;
    ServerPaths paths;
    paths.web_root = web_root.empty() ? PickDir(config.web_root, "web", kiosk_source_dir + "/web") : web_root;
    paths.languages.i18n_dir = PickDir(config.i18n_dir, "i18n", kiosk_source_dir + "/i18n");
    paths.languages.voices_dir = PickDir(config.voices_dir, "voices", kiosk_source_dir + "/voices");
    paths.languages.audio_dir = PickDir(config.audio_dir, "audio", DOCINTAKE_KIOSK_BUILD_AUDIO_DIR);

    const ProfileStatus profile = CheckDeviceProfile(config.device_profile);
    if (!profile.calibrated) Log("device profile %s: running uncalibrated", profile.problem.c_str());

    // Signals are taken by one thread with sigwait; every other thread blocks them.
    // A background job of a script inherits SIGINT ignored; ignored signals never reach sigwait.
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    signal(SIGPIPE, SIG_IGN);

    docintake::StoreOptions store_options;
    store_options.dir = store_dir;
    store_options.key_file = config.store_key_file;
    store_options.delivered_retention_seconds = static_cast<std::int64_t>(config.retention_delivered_hours) * 3600;
    store_options.undelivered_retention_seconds = static_cast<std::int64_t>(config.retention_undelivered_hours) * 3600;
    docintake::StoreOpenResult opened = docintake::RecordStore::Open(store_options);
    if (opened.error) {
        std::fprintf(stderr, "docintake-kiosk: cannot open the store: %s\n", opened.error.message.c_str());
        return 1;
    }

    FrameHub hub;
    CameraSource camera_source(source);
    const std::string source_kind = camera_source.kind_name();
    camera_source.set_folder_fps(config.source_fps);
    CameraLoopOptions camera_options;
    camera_options.preview_width = config.preview_width;
    camera_options.preview_fps = config.preview_fps;
    camera_options.lens = profile.lens;
    CameraLoop camera(std::move(camera_source), hub, camera_options);
    KioskApp app(config, opened.store.get(), hub, profile.calibrated);
    StaffAuth staff({config.staff_pin_hash, config.lockout_failures, config.lockout_seconds, config.staff_token_seconds});
    ScanLoop scan(config, hub, app);
    OutboxWorker outbox(config, store_options);
    SelfTestRunner selftest(config, hub);
    KioskServer server(config, paths, app, hub, staff, selftest);

    std::string bind_error;
    if (!server.Bind(config.listen_address, port, bind_error)) {
        std::fprintf(stderr, "docintake-kiosk: %s\n", bind_error.c_str());
        return 1;
    }
    camera.Start();
    scan.Start();
    outbox.Start();

    std::atomic<bool> stopping{false};
    std::thread signal_thread([&] {
        int received = 0;
        sigwait(&signals, &received);
        if (!stopping) Log("signal %d: stopping", received);
        stopping = true;
        server.Stop();
    });
    std::thread ticker([&] {
        const std::uint64_t watchdog_us = WatchdogMicros();
        double last_watchdog = 0;
        while (!stopping) {
            app.Tick();
            const double now = MonotonicSeconds();
            // Tell systemd we are alive only while the camera and scanner loops turn.
            const bool loops_alive = now - camera.heartbeat() < 15 && now - scan.heartbeat() < 30;
            if (watchdog_us && loops_alive && (now - last_watchdog) * 2e6 >= static_cast<double>(watchdog_us)) {
                SdNotify("WATCHDOG=1");
                last_watchdog = now;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(250));
        }
    });

    std::printf("docintake-kiosk: listening on http://%s:%d/\n", config.listen_address.c_str(), server.port());
    std::fflush(stdout);
    Log("listening on port %d (source: %s, web root: %s)", server.port(), source_kind.c_str(), paths.web_root.c_str());
    SdNotify("READY=1");
    server.Listen();  // until a signal stops it

    SdNotify("STOPPING=1");
    // The server stops on its own only when it fails: wake the signal thread and exit 1.
    const bool failed = !stopping.exchange(true);
    if (failed) {
        Log("the web server stopped unexpectedly");
        kill(getpid(), SIGTERM);
    }
    signal_thread.join();
    app.Shutdown();
    ticker.join();
    selftest.Stop();
    scan.Stop();
    camera.Stop();
    outbox.Stop();
    opened.store.reset();
    Log("stopped%s; peak memory (VmHWM) %ld kB", failed ? "" : " cleanly", PeakRssKb());
    return failed ? 1 : 0;
}
