// The file:///DIR sink on a real folder.

#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "docintake/handoff.h"
#include "support/temp_dir.h"

namespace fs = std::filesystem;
using docintake::DeliveryOutcome;

namespace {

const std::string kId = "0123456789abcdef0123456789abcdef";
const std::string kJson = R"({"id":"0123456789abcdef0123456789abcdef","schema_version":1})";

std::string ReadAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

std::size_t CountFiles(const std::string& dir) {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir)) ++n;
    return n;
}

std::unique_ptr<docintake::Sink> FileSink(const std::string& dir) {
    auto made = docintake::MakeSink("file://" + dir);
    REQUIRE_FALSE(made.error);
    return std::move(made.sink);
}

}  // namespace

TEST_CASE("file sink: the record lands as <id>.json, mode 0600, with no temporary file left") {
    docintake_test::TempDir dir;
    auto sink = FileSink(dir.path());
    const DeliveryOutcome outcome = sink->Deliver(kId, kJson);
    CHECK(outcome.kind == DeliveryOutcome::Kind::Delivered);
    CHECK(outcome.reason.empty());
    CHECK(ReadAll(dir.file(kId + ".json")) == kJson);
    CHECK(CountFiles(dir.path()) == 1);  // no .<id>.json.tmp beside it
    struct stat st {};
    REQUIRE(::stat(dir.file(kId + ".json").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
}

TEST_CASE("file sink: a second delivery of the same record is delivered and leaves the file as it was") {
    docintake_test::TempDir dir;
    auto sink = FileSink(dir.path());
    REQUIRE(sink->Deliver(kId, kJson).kind == DeliveryOutcome::Kind::Delivered);
    struct stat before {}, after {};
    REQUIRE(::stat(dir.file(kId + ".json").c_str(), &before) == 0);
    CHECK(sink->Deliver(kId, kJson).kind == DeliveryOutcome::Kind::Delivered);
    REQUIRE(::stat(dir.file(kId + ".json").c_str(), &after) == 0);
    CHECK(after.st_ino == before.st_ino);  // not written again (a rename would give a new inode)
    CHECK(CountFiles(dir.path()) == 1);

    // A corrected record under the same id replaces the old one whole.
    const std::string corrected = R"({"id":"0123456789abcdef0123456789abcdef","schema_version":1,"edited":true})";
    CHECK(sink->Deliver(kId, corrected).kind == DeliveryOutcome::Kind::Delivered);
    CHECK(ReadAll(dir.file(kId + ".json")) == corrected);
    CHECK(CountFiles(dir.path()) == 1);
}

TEST_CASE("file sink: a missing folder is retried with a reason, and delivered once it is back") {
    docintake_test::TempDir dir;
    const std::string stick = dir.file("usb-stick");
    auto sink = FileSink(stick);
    const DeliveryOutcome missing = sink->Deliver(kId, kJson);
    CHECK(missing.kind == DeliveryOutcome::Kind::Retry);
    CHECK(missing.reason.find("folder not available") == 0);
    CHECK(missing.reason.find(kId) == std::string::npos);
    CHECK_FALSE(fs::exists(stick));  // the sink does not make the folder (that would write to the mount point)

    fs::create_directory(stick);
    CHECK(sink->Deliver(kId, kJson).kind == DeliveryOutcome::Kind::Delivered);
    CHECK(ReadAll(stick + "/" + kId + ".json") == kJson);
}

TEST_CASE("file sink: a folder it may not write is retried and leaves nothing behind") {
    if (::geteuid() == 0) return;  // root writes anyway; nothing to check then
    docintake_test::TempDir dir;
    fs::permissions(dir.path(), fs::perms::owner_read | fs::perms::owner_exec);
    auto sink = FileSink(dir.path());
    const DeliveryOutcome outcome = sink->Deliver(kId, kJson);
    CHECK(outcome.kind == DeliveryOutcome::Kind::Retry);
    fs::permissions(dir.path(), fs::perms::owner_all);
    CHECK(CountFiles(dir.path()) == 0);
}

TEST_CASE("file sink: an id that is not a plain token is refused before anything is written") {
    docintake_test::TempDir dir;
    const std::string inner = dir.file("out");
    fs::create_directory(inner);
    auto sink = FileSink(inner);
    for (const std::string& id : std::vector<std::string>{"../escape", "a/b", "", ".hidden", std::string(200, 'a'), "x\ny"}) {
        CAPTURE(id);
        const DeliveryOutcome outcome = sink->Deliver(id, kJson);
        CHECK(outcome.kind == DeliveryOutcome::Kind::Rejected);
        CHECK(outcome.reason == "invalid record id");
    }
    CHECK(CountFiles(inner) == 0);
    CHECK(CountFiles(dir.path()) == 1);
}
