#pragma once
// The kiosk's settings: one `key = value` file (kiosk/config/docintake-kiosk.conf
// documents every key and its default). Unknown keys and bad values are errors,
// so a typo in the field is found at start-up, not during an intake.

#include <cstdint>
#include <string>
#include <vector>

#include "docintake/error.h"

namespace docintake::kiosk {

struct KioskConfig {
    // Web server.
    std::string listen_address = "127.0.0.1";
    bool allow_remote = false;  // listen on a non-loopback address only when true
    int http_threads = 16;      // each open event stream or preview holds one

    // Flow timing.
    int inactivity_seconds = 90;
    int done_seconds = 10;

    // Languages offered, in this order (codes of kiosk/i18n/<code>.json).
    std::vector<std::string> languages = {
        "en", "ar", "prs", "fa", "ps", "ur", "uk", "ru", "fr", "es", "de", "tr", "ckb", "kmr", "ti", "so", "bn", "sq", "sh", "mk"};

    // Staff mode.
    std::string staff_pin_hash;  // crypto_pwhash_str hash; empty: staff mode disabled
    int lockout_failures = 5;
    int lockout_seconds = 300;
    int staff_token_seconds = 600;

    // Handoff and retention.
    std::string handoff_url;           // empty: records wait in the outbox
    std::string handoff_bearer_token;  // http(s) only
    std::string handoff_ca_file;
    int send_interval_seconds = 10;
    int purge_interval_seconds = 3600;
    int retention_delivered_hours = 72;
    int retention_undelivered_hours = 720;
    std::string store_key_file;  // empty: <store>/store.key

    // Camera and scanning.
    double source_fps = 10;   // frames per second from a folder of images (files: the video's own)
    int preview_width = 640;  // the preview is scaled down to at most this width
    int preview_fps = 10;
    bool read_barcodes = true;  // read barcodes on the frame that finished the scan
    std::string model_dir;      // empty: the library's default search

    // Calibration: a device profile JSON; empty or missing: uncalibrated mode. A
    // profile with a lens calibration has every frame undistorted before reading.
    std::string device_profile;
    // The staff screen's self-test: frames of the test card it reads, and where it
    // leaves its HTML/PNG report (numbers only; empty: no report files).
    int selftest_frames = 30;
    std::string report_dir;

    // Static files; empty: beside the binary, else the source tree's.
    std::string web_root;
    std::string i18n_dir;
    std::string voices_dir;  // recorded prompts (win over generated ones)
    std::string audio_dir;   // prompts generated at build time (espeak-ng)
};

struct ConfigLoadResult {
    KioskConfig config;
    Error error;  // the file cannot be read, or line N has an unknown key or bad value
};

// Defaults, overridden by the file's lines. No file name: the defaults.
ConfigLoadResult LoadConfig(const std::string& path);
// The same from text (tests, and the file's content).
ConfigLoadResult ParseConfig(const std::string& text, KioskConfig base = {});

// Whether `address` is a loopback address (127.0.0.0/8, ::1, localhost).
bool IsLoopbackAddress(const std::string& address);

}  // namespace docintake::kiosk
