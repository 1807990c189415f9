// The C API (docintake/c.h) through the shared libdocintake_c, as a C caller uses it.
#include <doctest/doctest.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "docintake/c.h"
#include "support/temp_dir.h"

namespace {

const std::string kFrames = std::string(DOCINTAKE_SOURCE_DIR) + "/examples/data/frames/";
const char* kTd3 =
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
    "L898902C36UTO7408122F1204159ZE184226B<<<<<10\n";

struct Reader {
    dit_reader* reader = nullptr;
    Reader() { REQUIRE(dit_reader_new(DOCINTAKE_MODEL_DIR, &reader) == DIT_OK); }
    ~Reader() { dit_reader_free(reader); }
};

struct LoadedImage {
    dit_image image{};
    explicit LoadedImage(const std::string& path) { REQUIRE(dit_image_load(path.c_str(), &image) == DIT_OK); }
    ~LoadedImage() { dit_image_free(&image); }
};

}  // namespace

TEST_CASE("version and error texts") {
    CHECK(std::string(dit_version()) == DOCINTAKE_VERSION_STRING);
    CHECK(std::string(dit_error_string(DIT_ERROR_MODEL_NOT_FOUND)).find("model") != std::string::npos);
    CHECK(std::string(dit_error_string(static_cast<dit_status>(999))) == "unknown status");
}

TEST_CASE("parse fills the plain struct and the JSON") {
    dit_mrz_result r;
    REQUIRE(dit_parse(kTd3, &r) == DIT_OK);
    CHECK(r.found == 1);
    CHECK(r.valid == 1);
    CHECK(std::string(r.format) == "TD3");
    CHECK(std::string(r.issuing_state) == "UTO");
    CHECK(std::string(r.surname) == "ERIKSSON");
    CHECK(std::string(r.given_names) == "ANNA MARIA");
    CHECK(std::string(r.document_number) == "L898902C3");
    CHECK(std::string(r.birth_date) == "1974-08-12");
    CHECK(std::string(r.sex) == "F");

    char* json = nullptr;
    REQUIRE(dit_parse_json(kTd3, &json) == DIT_OK);
    const auto parsed = nlohmann::json::parse(json);
    dit_string_free(json);
    CHECK(parsed.at("document_number") == "L898902C3");
}

TEST_CASE("parse: a failing check digit is invalid, text that is no MRZ an error") {
    std::string broken = kTd3;
    broken[44 + 9] = '7';  // the document number's check digit
    dit_mrz_result r;
    REQUIRE(dit_parse(broken.c_str(), &r) == DIT_OK);
    CHECK(r.found == 1);
    CHECK(r.valid == 0);
    CHECK(dit_parse("HELLO", &r) == DIT_ERROR_NOT_AN_MRZ);
    CHECK(r.found == 0);
    char* json = reinterpret_cast<char*>(1);
    CHECK(dit_parse_json("", &json) == DIT_ERROR_NOT_AN_MRZ);
    CHECK(json == nullptr);
}

TEST_CASE("null and bad arguments are refused with codes") {
    dit_mrz_result r;
    CHECK(dit_parse(nullptr, &r) == DIT_ERROR_INVALID_ARGUMENT);
    CHECK(dit_parse(kTd3, nullptr) == DIT_ERROR_INVALID_ARGUMENT);
    CHECK(dit_reader_new(nullptr, nullptr) == DIT_ERROR_INVALID_ARGUMENT);
    CHECK(dit_reader_read(nullptr, nullptr, &r) == DIT_ERROR_INVALID_ARGUMENT);
    dit_image none{};
    CHECK(dit_image_load(nullptr, &none) == DIT_ERROR_INVALID_ARGUMENT);
    CHECK(dit_image_load((kFrames + "no-such-file.jpg").c_str(), &none) == DIT_ERROR_IO);
    CHECK(dit_image_load((kFrames + "truth.jsonl").c_str(), &none) == DIT_ERROR_IO);
    CHECK(none.data == nullptr);
    dit_reader_free(nullptr);
    dit_string_free(nullptr);
    dit_image_free(nullptr);
}

TEST_CASE("a missing model is an error code, not a reader") {
    dit_reader* reader = reinterpret_cast<dit_reader*>(1);
    CHECK(dit_reader_new("/nonexistent-docintake-models", &reader) == DIT_ERROR_MODEL_NOT_FOUND);
    CHECK(reader == nullptr);
}

TEST_CASE("reading a camera frame: struct and JSON agree with the truth") {
    Reader reader;
    LoadedImage frame(kFrames + "camera_090001.jpg");
    CHECK(frame.image.width == 1280);
    CHECK(frame.image.format == DIT_PIXEL_BGR);
    dit_mrz_result r;
    REQUIRE(dit_reader_read(reader.reader, &frame.image, &r) == DIT_OK);
    CHECK(r.valid == 1);
    CHECK(std::string(r.status) == "valid");
    CHECK(std::string(r.format) == "TD3");
    CHECK(std::string(r.document_number) == "11IL8VZK9");
    CHECK(std::string(r.birth_date) == "1977-12-06");

    char* json = nullptr;
    REQUIRE(dit_reader_read_json(reader.reader, &frame.image, "camera_090001.jpg", &json) == DIT_OK);
    const auto out = nlohmann::json::parse(json);
    dit_string_free(json);
    CHECK(out.at("source") == "camera_090001.jpg");
    CHECK(out.at("mrz").at("status") == "valid");
    CHECK(out.at("mrz").at("document_number") == "11IL8VZK9");
    CHECK(out.at("barcodes").is_array());
}

TEST_CASE("an image view with a padded stride, gray pixels and bad views") {
    Reader reader;
    LoadedImage frame(kFrames + "camera_090001.jpg");
    // Gray with 64 bytes of padding per row: the stride is honoured.
    const int w = frame.image.width, h = frame.image.height, stride = w + 64;
    std::vector<std::uint8_t> gray(static_cast<std::size_t>(stride) * h, 0);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            const std::uint8_t* p = frame.image.data + y * frame.image.stride + 3 * x;
            gray[static_cast<std::size_t>(y) * stride + x] = static_cast<std::uint8_t>((p[0] + 2 * p[1] + p[2]) / 4);
        }
    dit_image view{gray.data(), w, h, stride, DIT_PIXEL_GRAY};
    dit_mrz_result r;
    REQUIRE(dit_reader_read(reader.reader, &view, &r) == DIT_OK);
    CHECK(r.valid == 1);
    CHECK(std::string(r.document_number) == "11IL8VZK9");

    dit_image too_narrow{gray.data(), w, h, w - 1, DIT_PIXEL_GRAY};
    CHECK(dit_reader_read(reader.reader, &too_narrow, &r) == DIT_ERROR_INVALID_IMAGE);
    dit_image no_pixels{nullptr, w, h, 0, DIT_PIXEL_GRAY};
    CHECK(dit_reader_read(reader.reader, &no_pixels, &r) == DIT_ERROR_INVALID_IMAGE);
    dit_image bad_format{gray.data(), w, h, 0, static_cast<dit_pixel_format>(42)};
    CHECK(dit_reader_read(reader.reader, &bad_format, &r) == DIT_ERROR_INVALID_IMAGE);
    char* json = nullptr;
    CHECK(dit_reader_read_json(reader.reader, &no_pixels, nullptr, &json) == DIT_ERROR_INVALID_IMAGE);
    CHECK(json == nullptr);

    // A blank frame is looked at and holds no document.
    std::vector<std::uint8_t> blank(static_cast<std::size_t>(w) * h, 255);
    dit_image empty{blank.data(), w, h, 0, DIT_PIXEL_GRAY};
    REQUIRE(dit_reader_read(reader.reader, &empty, &r) == DIT_OK);
    CHECK(r.found == 0);
    CHECK(r.valid == 0);
    CHECK(std::string(r.feedback) == "no_document");
}

TEST_CASE("record store: a valid reading and a valid MRZ are stored and read back; others refused") {
    docintake_test::TempDir dir;
    const std::string folder = dir.file("store");
    dit_store* store = nullptr;
    CHECK(dit_store_open(folder.c_str(), 0, nullptr, &store) != DIT_OK);  // no store there yet
    CHECK(store == nullptr);
    REQUIRE(dit_store_open(folder.c_str(), 1, nullptr, &store) == DIT_OK);

    Reader reader;
    char id[33] = "x";
    // Nothing read yet: nothing to store.
    CHECK(dit_store_add_reading(store, reader.reader, "ar", id) == DIT_ERROR_NOT_VALID);
    CHECK(id[0] == '\0');

    LoadedImage frame(kFrames + "camera_090001.jpg");
    dit_mrz_result r;
    REQUIRE(dit_reader_read(reader.reader, &frame.image, &r) == DIT_OK);
    REQUIRE(r.valid == 1);
    CHECK(dit_store_add_reading(store, reader.reader, "not a language", id) == DIT_ERROR_INVALID_ARGUMENT);
    REQUIRE(dit_store_add_reading(store, reader.reader, "pt-BR", id) == DIT_OK);
    CHECK(std::string(id).size() == 32);
    char* json = nullptr;
    REQUIRE(dit_store_get_json(store, id, &json) == DIT_OK);
    auto record = nlohmann::json::parse(json);
    dit_string_free(json);
    CHECK(record.at("id") == id);
    CHECK(record.dump().find("11IL8VZK9") != std::string::npos);
    CHECK(record.at("consent").at("language") == "pt-BR");

    char typed_id[33];
    REQUIRE(dit_store_add_mrz(store, kTd3, "ar", typed_id) == DIT_OK);
    CHECK(std::string(typed_id) != std::string(id));
    std::string broken = kTd3;
    broken[44 + 9] = '7';
    char refused[33];
    CHECK(dit_store_add_mrz(store, broken.c_str(), "ar", refused) == DIT_ERROR_NOT_VALID);
    CHECK(dit_store_add_mrz(store, "HELLO", "ar", refused) == DIT_ERROR_NOT_AN_MRZ);
    CHECK(refused[0] == '\0');
    CHECK(dit_store_get_json(store, "0123456789abcdef0123456789abcdef", &json) == DIT_ERROR_NOT_FOUND);
    CHECK(json == nullptr);

    // A blank frame after the valid one: the reader's last reading is no longer valid.
    std::vector<std::uint8_t> blank(640 * 480, 255);
    dit_image empty{blank.data(), 640, 480, 0, DIT_PIXEL_GRAY};
    REQUIRE(dit_reader_read(reader.reader, &empty, &r) == DIT_OK);
    CHECK(dit_store_add_reading(store, reader.reader, "ar", refused) == DIT_ERROR_NOT_VALID);
    dit_store_free(store);

    // Reopened with its key file: the records are there; with another key it does not open.
    REQUIRE(dit_store_open(folder.c_str(), 0, nullptr, &store) == DIT_OK);
    REQUIRE(dit_store_get_json(store, typed_id, &json) == DIT_OK);
    CHECK(nlohmann::json::parse(json).dump().find("L898902C3") != std::string::npos);
    dit_string_free(json);
    dit_store_free(store);
    const std::string other_key(64, 'a');
    CHECK(dit_store_open(folder.c_str(), 0, other_key.c_str(), &store) == DIT_ERROR_WRONG_KEY);
    CHECK(store == nullptr);
    dit_store_free(nullptr);
}
