// The CLI's diagnostics (stderr of read and scan, scan --progress) carry no names,
// document numbers or dates: only the result on stdout does. The real binary is
// run on the bundled frames; the personal strings come from their truth files,
// and the test first shows that its search finds them where they belong.
#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <docintake/mrz.h>

#include "integration/cli_process.h"
#include "support/temp_dir.h"

namespace {

const std::string kExamples = std::string(DOCINTAKE_SOURCE_DIR) + "/examples/data/";

// Names (each word), the document number and both dates (as printed and as ISO)
// of the first document in a truth file.
std::vector<std::string> PersonalStrings(const std::string& truth_path) {
    std::ifstream truth(truth_path);
    std::string line;
    REQUIRE(std::getline(truth, line));
    const auto j = nlohmann::json::parse(line);
    const auto parsed = docintake::ParseMrz(j.at("lines").get<std::vector<std::string>>());
    REQUIRE(!parsed.error);
    const docintake::Mrz& m = parsed.mrz;
    std::vector<std::string> strings = {m.surname,        m.document_number, m.birth_date.raw,
                                        m.birth_date.iso(), m.expiry_date.raw, m.expiry_date.iso()};
    std::string word;
    for (const char c : m.given_names + " ") {
        if (c != ' ') {
            word += c;
        } else if (!word.empty()) {
            strings.push_back(word);
            word.clear();
        }
    }
    for (const std::string& s : strings) REQUIRE(s.size() >= 3);  // the search must have something to find
    return strings;
}

void CheckHoldsNone(const std::string& text, const std::vector<std::string>& personal) {
    for (const std::string& s : personal) {
        INFO("'" << s << "' must not be in the diagnostics");
        CHECK(text.find(s) == std::string::npos);
    }
}

}  // namespace

TEST_CASE("scan --progress: the progress lines hold no name, number or date; the result does") {
    const std::vector<std::string> personal = PersonalStrings(kExamples + "sequence/truth.jsonl");
    const auto r = docintake_test::RunCli({"scan", "--progress", "--today", "2026-01-01", kExamples + "sequence"});
    REQUIRE(r.exit_code == 0);
    // The check can find them: the result on stdout holds the surname, the number and the birth date.
    CHECK(r.out.find(personal[0]) != std::string::npos);
    CHECK(r.out.find(personal[1]) != std::string::npos);
    CHECK(r.out.find(personal[3]) != std::string::npos);
    int progress_lines = 0;
    for (std::size_t at = 0; (at = r.err.find("\"frames_seen\"", at)) != std::string::npos; ++at) ++progress_lines;
    CHECK(progress_lines >= 2);  // one per frame, until done
    CheckHoldsNone(r.err, personal);
}

TEST_CASE("read: stderr holds no name, number or date of any frame read") {
    std::vector<std::string> personal;
    std::vector<std::string> args = {"read", "--today", "2026-01-01"};
    std::ifstream truth(kExamples + "frames/truth.jsonl");
    for (std::string line; std::getline(truth, line);) {
        const auto j = nlohmann::json::parse(line);
        args.push_back(kExamples + "frames/" + j.at("file").get<std::string>());
        const auto parsed = docintake::ParseMrz(j.at("lines").get<std::vector<std::string>>());
        REQUIRE(!parsed.error);
        personal.push_back(parsed.mrz.surname);
        personal.push_back(parsed.mrz.document_number);
        personal.push_back(parsed.mrz.birth_date.iso());
    }
    REQUIRE(personal.size() == 12);
    args.push_back(kExamples + "frames/no-such-frame.jpg");  // an error on stderr too
    const auto r = docintake_test::RunCli(args);
    CHECK(r.exit_code == 2);  // the missing file
    for (const std::string& s : personal) CHECK(r.out.find(s) != std::string::npos);
    CHECK(!r.err.empty());
    CheckHoldsNone(r.err, personal);
}

TEST_CASE("the record has no place for a picture: the schema names no image, portrait, photo or face") {
    std::ifstream in(std::string(DOCINTAKE_SOURCE_DIR) + "/docs/schemas/intake-record.v1.json");
    const auto schema = nlohmann::json::parse(in);
    std::vector<std::string> names;
    std::function<void(const nlohmann::json&)> walk = [&](const nlohmann::json& j) {
        if (j.is_object()) {
            if (j.contains("properties") && j["properties"].is_object())
                for (const auto& [name, _] : j["properties"].items()) names.push_back(name);
            for (const auto& [_, v] : j.items()) walk(v);
        } else if (j.is_array()) {
            for (const auto& v : j) walk(v);
        }
    };
    walk(schema);
    REQUIRE(names.size() >= 10);  // the walk found the record's fields
    for (std::string name : names) {
        for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        CAPTURE(name);
        for (const char* picture : {"image", "portrait", "photo", "face", "picture", "biometric", "frame"})
            CHECK(name.find(picture) == std::string::npos);
    }
}

TEST_CASE("reading and scanning keep frames in memory: no file appears in TMPDIR or HOME, the frames stay as they were") {
    docintake_test::TempDir scratch;
    const std::string frames = kExamples + "sequence";
    auto listing = [](const std::string& dir) {
        std::vector<std::string> files;
        for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) files.push_back(e.path().string());
        std::sort(files.begin(), files.end());
        return files;
    };
    const auto before = listing(frames);
    const std::vector<std::string> env = {"TMPDIR=" + scratch.path(), "HOME=" + scratch.path()};
    CHECK(docintake_test::RunCli({"scan", "--today", "2026-01-01", frames}, env).exit_code == 0);
    CHECK(docintake_test::RunCli({"read", "--today", "2026-01-01", frames + "/camera_090011_f000.jpg"}, env).exit_code <= 1);
    CHECK(listing(scratch.path()).empty());
    CHECK(listing(frames) == before);
}
