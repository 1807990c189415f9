// The scanner through the C API (docintake/c.h, the shared libdocintake_c):
// camera frames of one passport pushed one by one until the vote is settled,
// then a record of the agreed reading stored.
#include <doctest/doctest.h>

#include <cstring>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "docintake/c.h"
#include "support/temp_dir.h"

namespace {

const std::string kSequence = std::string(DOCINTAKE_SOURCE_DIR) + "/examples/data/sequence/";
const std::string kFrames = std::string(DOCINTAKE_SOURCE_DIR) + "/examples/data/frames/";
constexpr const char* kSequenceNumber = "1P0332679";  // examples/data/sequence/truth.jsonl

struct Scanner {
    dit_scanner* scanner = nullptr;
    explicit Scanner(const dit_scanner_options* options = nullptr) {
        dit_scanner_options defaults;
        dit_scanner_options_init(&defaults);
        defaults.model_dir = DOCINTAKE_MODEL_DIR;
        REQUIRE(dit_scanner_new(options ? options : &defaults, &scanner) == DIT_OK);
    }
    ~Scanner() { dit_scanner_free(scanner); }
};

struct LoadedImage {
    dit_image image{};
    explicit LoadedImage(const std::string& path) { REQUIRE(dit_image_load(path.c_str(), &image) == DIT_OK); }
    ~LoadedImage() { dit_image_free(&image); }
};

std::string Frame(int i) { return kSequence + "camera_090011_f00" + std::to_string(i) + ".jpg"; }

// Pushes the sequence's frames until the scan is over; the last update.
dit_scan_update ScanSequence(dit_scanner* scanner) {
    dit_scan_update u{};
    for (int i = 0; i < 6; ++i) {
        LoadedImage frame(Frame(i));
        REQUIRE(dit_scanner_push(scanner, &frame.image, &u) == DIT_OK);
        CHECK(u.frames_seen == i + 1);
        if (u.state == DIT_SCAN_DONE || u.state == DIT_SCAN_FAILED) break;
        // Before the scan is settled its vote is never offered as valid.
        CHECK(u.mrz.valid == 0);
    }
    if (u.state != DIT_SCAN_DONE && u.state != DIT_SCAN_FAILED) REQUIRE(dit_scanner_finish(scanner, &u) == DIT_OK);
    return u;
}

}  // namespace

TEST_CASE("options: defaults are the C++ scanner's; uninitialised or impossible options are refused") {
    dit_scanner_options options;
    std::memset(&options, 0x5a, sizeof options);
    dit_scanner_options_init(&options);
    CHECK(options.struct_size == sizeof options);
    CHECK(options.model_dir == nullptr);
    CHECK(options.min_agreeing_frames == 2);
    CHECK(options.max_frames == 60);
    CHECK(options.min_confidence == doctest::Approx(0.99));

    dit_scanner* scanner = reinterpret_cast<dit_scanner*>(1);
    dit_scanner_options garbage;
    std::memset(&garbage, 0, sizeof garbage);  // struct_size 0: never initialised
    CHECK(dit_scanner_new(&garbage, &scanner) == DIT_ERROR_INVALID_ARGUMENT);
    CHECK(scanner == nullptr);
    options.max_frames = 0;
    CHECK(dit_scanner_new(&options, &scanner) == DIT_ERROR_INVALID_ARGUMENT);
    dit_scanner_options_init(&options);
    options.min_confidence = 1.5;
    CHECK(dit_scanner_new(&options, &scanner) == DIT_ERROR_INVALID_ARGUMENT);
    CHECK(dit_scanner_new(nullptr, nullptr) == DIT_ERROR_INVALID_ARGUMENT);
    dit_scanner_options_init(nullptr);
    dit_scanner_free(nullptr);
}

TEST_CASE("a missing model is an error code, not a scanner") {
    dit_scanner_options options;
    dit_scanner_options_init(&options);
    options.model_dir = "/nonexistent-docintake-models";
    dit_scanner* scanner = reinterpret_cast<dit_scanner*>(1);
    CHECK(dit_scanner_new(&options, &scanner) == DIT_ERROR_MODEL_NOT_FOUND);
    CHECK(scanner == nullptr);
}

TEST_CASE("the camera sequence is scanned to DONE with the passport's reading") {
    Scanner scanner;
    const dit_scan_update u = ScanSequence(scanner.scanner);
    REQUIRE(u.state == DIT_SCAN_DONE);
    CHECK(u.frames_used >= 1);
    CHECK(u.confidence >= 0.99);
    CHECK(u.mrz.found == 1);
    CHECK(u.mrz.valid == 1);
    CHECK(std::string(u.mrz.status) == "valid");
    CHECK(std::string(u.mrz.format) == "TD3");
    CHECK(std::string(u.mrz.issuing_state) == "RUS");
    CHECK(std::string(u.mrz.document_number) == kSequenceNumber);
    CHECK(std::string(u.mrz.birth_date) == "1955-11-21");

    // Done is final: another frame changes nothing until a reset.
    LoadedImage other(kFrames + "camera_090001.jpg");
    dit_scan_update again{};
    REQUIRE(dit_scanner_push(scanner.scanner, &other.image, &again) == DIT_OK);
    CHECK(again.state == DIT_SCAN_DONE);
    CHECK(std::string(again.mrz.document_number) == kSequenceNumber);

    REQUIRE(dit_scanner_reset(scanner.scanner) == DIT_OK);
    REQUIRE(dit_scanner_push(scanner.scanner, &other.image, &again) == DIT_OK);
    CHECK(again.frames_seen == 1);
    CHECK(again.state != DIT_SCAN_DONE);  // one frame is never confirmed by itself
    CHECK(again.mrz.valid == 0);
}

TEST_CASE("frames the scanner cannot take are error codes; the votes so far stay") {
    Scanner scanner;
    LoadedImage first(Frame(0));
    dit_scan_update u{};
    REQUIRE(dit_scanner_push(scanner.scanner, &first.image, &u) == DIT_OK);
    CHECK(u.frames_seen == 1);

    dit_image no_pixels{nullptr, 640, 480, 0, DIT_PIXEL_BGR};
    CHECK(dit_scanner_push(scanner.scanner, &no_pixels, &u) == DIT_ERROR_INVALID_IMAGE);
    dit_image bad_format = first.image;
    std::memset(&bad_format.format, 0x7f, sizeof bad_format.format);
    CHECK(dit_scanner_push(scanner.scanner, &bad_format, &u) == DIT_ERROR_INVALID_IMAGE);
    CHECK(dit_scanner_push(scanner.scanner, nullptr, &u) == DIT_ERROR_INVALID_IMAGE);
    CHECK(dit_scanner_push(scanner.scanner, &first.image, nullptr) == DIT_ERROR_INVALID_ARGUMENT);
    CHECK(dit_scanner_push(nullptr, &first.image, &u) == DIT_ERROR_INVALID_ARGUMENT);
    CHECK(dit_scanner_finish(nullptr, &u) == DIT_ERROR_INVALID_ARGUMENT);
    CHECK(dit_scanner_reset(nullptr) == DIT_ERROR_INVALID_ARGUMENT);

    LoadedImage second(Frame(1));
    REQUIRE(dit_scanner_push(scanner.scanner, &second.image, &u) == DIT_OK);
    CHECK(u.frames_seen == 2);  // the refused frames were not counted
}

TEST_CASE("finish without any frame fails with a reason and no reading") {
    Scanner scanner;
    dit_scan_update u{};
    REQUIRE(dit_scanner_finish(scanner.scanner, &u) == DIT_OK);
    CHECK(u.state == DIT_SCAN_FAILED);
    CHECK(u.mrz.found == 0);
    CHECK(u.mrz.valid == 0);
    CHECK(std::string(u.mrz.status) == "unreadable");
    CHECK(std::string(u.reason).size() > 0);
}

TEST_CASE("a record is stored from a DONE scan only") {
    docintake_test::TempDir dir;
    REQUIRE(!dir.path().empty());
    dit_store* store = nullptr;
    REQUIRE(dit_store_open(dir.file("store").c_str(), 1, nullptr, &store) == DIT_OK);
    Scanner scanner;
    char id[33] = "x";

    CHECK(dit_store_add_scan(store, scanner.scanner, "ar", id) == DIT_ERROR_NOT_VALID);  // nothing scanned
    CHECK(std::string(id).empty());
    const dit_scan_update u = ScanSequence(scanner.scanner);
    REQUIRE(u.state == DIT_SCAN_DONE);
    CHECK(dit_store_add_scan(store, scanner.scanner, "not a tag", id) == DIT_ERROR_INVALID_ARGUMENT);
    CHECK(dit_store_add_scan(nullptr, scanner.scanner, "ar", id) == DIT_ERROR_INVALID_ARGUMENT);
    REQUIRE(dit_store_add_scan(store, scanner.scanner, "ar", id) == DIT_OK);
    CHECK(std::strlen(id) == 32);

    char* json = nullptr;
    REQUIRE(dit_store_get_json(store, id, &json) == DIT_OK);
    const auto record = nlohmann::json::parse(json);
    dit_string_free(json);
    CHECK(record.at("id") == id);
    CHECK(record.at("document_format") == "TD3");
    CHECK(record.at("fields").at("document_number").at("value") == kSequenceNumber);
    CHECK(record.at("consent").at("language") == "ar");

    REQUIRE(dit_store_outbox_json(store, &json) == DIT_OK);
    const auto outbox = nlohmann::json::parse(json);
    dit_string_free(json);
    REQUIRE(outbox.size() == 1);
    CHECK(outbox[0].at("id") == id);
    CHECK(outbox[0].at("state") == "pending");
    // The outbox lists ids and states, never what the document says.
    CHECK(outbox.dump().find(kSequenceNumber) == std::string::npos);

    REQUIRE(dit_scanner_reset(scanner.scanner) == DIT_OK);
    CHECK(dit_store_add_scan(store, scanner.scanner, "ar", id) == DIT_ERROR_NOT_VALID);
    dit_store_free(store);
}
