// The CLI's contract for records and the outbox, run as an operator would: `read
// --store`, `outbox list|send|purge|resend`, `record show|audit`, against a real
// store folder, a real file:// receiver and a closed loopback port; and what the
// commands must refuse (wrong key, a folder that is not a store, a bad URL).
#include <doctest/doctest.h>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include <docintake/mrz.h>
#include <docintake/record.h>

#include "integration/cli_process.h"
#include "support/temp_dir.h"

namespace {

using docintake_test::ClosedLoopbackPort;
using docintake_test::CliResult;
using docintake_test::ReadFile;
using docintake_test::RunCli;
namespace fs = std::filesystem;

const std::string kFramesDir = std::string(DOCINTAKE_MODEL_DIR) + "/../examples/data/frames";
const std::string kToday = "2026-12-06";

std::vector<std::string> FrameFiles() {
    std::vector<std::string> files;
    for (const auto& entry : fs::directory_iterator(kFramesDir))
        if (entry.path().extension() == ".jpg") files.push_back(entry.path().string());
    std::sort(files.begin(), files.end());
    return files;
}

// The personal data printed on the bundled frames, from their truth file.
std::vector<std::string> PersonalStrings() {
    std::vector<std::string> strings;
    std::ifstream truth(kFramesDir + "/truth.jsonl");
    for (std::string line; std::getline(truth, line);) {
        const auto j = nlohmann::json::parse(line);
        const auto parsed = docintake::ParseMrz(j["lines"].get<std::vector<std::string>>());
        REQUIRE(!parsed.error);
        strings.push_back(parsed.mrz.surname);
        strings.push_back(parsed.mrz.document_number);
    }
    return strings;
}

void CheckNoPersonalData(const std::string& text, const std::vector<std::string>& personal) {
    for (const std::string& s : personal) {
        INFO("'" << s << "' must not be printed");
        CHECK(text.find(s) == std::string::npos);
    }
}

std::vector<nlohmann::json> JsonLines(const CliResult& run) {
    std::vector<nlohmann::json> objects;
    for (const std::string& line : run.OutLines()) {
        INFO(line);
        objects.push_back(nlohmann::json::parse(line));
    }
    return objects;
}

// One line on stderr, naming the command: what an operator reads.
void CheckOneErrorLine(const CliResult& run, const std::string& says) {
    INFO("stderr: " << run.err);
    CHECK(run.exit_code == 2);
    CHECK(run.term_signal == 0);
    CHECK(std::count(run.err.begin(), run.err.end(), '\n') == 1);
    CHECK(run.err.rfind("docintake ", 0) == 0);
    CHECK(run.err.find(says) != std::string::npos);
}

struct Received {
    std::string authorization;
    std::string key;
    std::string body_id;
};

// A receiver on 127.0.0.1 that refuses one record (400) and takes the others.
class Receiver {
public:
    Receiver() {
        server_.Post("/intake", [this](const httplib::Request& req, httplib::Response& res) {
            const auto body = nlohmann::json::parse(req.body, nullptr, false);
            Received r{req.get_header_value("Authorization"), req.get_header_value("Idempotency-Key"),
                       body.is_object() && body["id"].is_string() ? body["id"].get<std::string>() : ""};
            std::lock_guard<std::mutex> lock(mutex_);
            received_.push_back(r);
            res.status = r.key == refuse_ ? 400 : 200;
        });
        port_ = server_.bind_to_any_port("127.0.0.1");
        thread_ = std::thread([this] { server_.listen_after_bind(); });
        while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ~Receiver() {
        server_.stop();
        thread_.join();
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/intake"; }
    void Refuse(const std::string& key) {
        std::lock_guard<std::mutex> lock(mutex_);
        refuse_ = key;
    }
    std::vector<Received> received() {
        std::lock_guard<std::mutex> lock(mutex_);
        return received_;
    }

private:
    httplib::Server server_;
    std::thread thread_;
    int port_ = 0;
    std::mutex mutex_;
    std::string refuse_;
    std::vector<Received> received_;
};

}  // namespace

TEST_CASE("read --store makes records; outbox and record commands show, send, resend and purge them") {
    const std::vector<std::string> personal = PersonalStrings();
    const std::vector<std::string> frames = FrameFiles();
    REQUIRE(frames.size() == 4);
    docintake_test::TempDir tmp;
    const std::string store = tmp.file("store");
    std::string everything_printed;  // all stdout/stderr except `record show`'s stdout

    std::vector<std::string> read_args{"read", "--store", store, "--today", kToday, "--consent-language", "ar"};
    read_args.insert(read_args.end(), frames.begin(), frames.end());
    const CliResult read = RunCli(read_args);
    INFO("read stderr: " << read.err);
    REQUIRE(read.exit_code == 0);
    everything_printed += read.err;
    std::vector<std::string> ids;
    for (const auto& j : JsonLines(read)) {
        CHECK(j["mrz"]["valid"] == true);
        REQUIRE(j["record_id"].is_string());
        ids.push_back(j["record_id"]);
        CHECK(ids.back().size() == 32);
    }
    REQUIRE(ids.size() == 4);
    CHECK(std::set<std::string>(ids.begin(), ids.end()).size() == 4);
    CHECK(fs::exists(store + "/store.key"));
    CHECK((fs::status(store + "/store.key").permissions() & (fs::perms::group_all | fs::perms::others_all)) ==
          fs::perms::none);

    // A frame without a document makes no record: record_id null, exit 1.
    const std::string table = tmp.file("table.png");
    REQUIRE(cv::imwrite(table, cv::Mat(480, 640, CV_8UC3, cv::Scalar(60, 90, 120))));
    const CliResult no_document = RunCli({"read", "--store", store, "--today", kToday, table, frames[1]});
    CHECK(no_document.exit_code == 1);
    const auto no_document_lines = JsonLines(no_document);
    REQUIRE(no_document_lines.size() == 2);
    CHECK(no_document_lines[0]["record_id"].is_null());
    REQUIRE(no_document_lines[1]["record_id"].is_string());
    ids.push_back(no_document_lines[1]["record_id"]);

    // Without --store nothing is stored and there is no record_id.
    const CliResult plain = RunCli({"read", "--today", kToday, frames[0]});
    REQUIRE(plain.exit_code == 0);
    CHECK(!JsonLines(plain).at(0).contains("record_id"));

    SUBCASE("the records are listed, shown by id, audited; the listing and the log hold no personal data") {
        const CliResult list = RunCli({"outbox", "list", "--store", store});
        REQUIRE(list.exit_code == 0);
        everything_printed += list.out + list.err;
        const auto entries = JsonLines(list);
        REQUIRE(entries.size() == ids.size());
        for (std::size_t i = 0; i < entries.size(); ++i) {
            const auto& e = entries[i];
            CHECK(e["id"] == ids[i]);  // oldest first
            CHECK(e["state"] == "pending");
            CHECK(e["attempts"] == 0);
            CHECK(e["created_at"].get<std::string>().size() == 20);
            CHECK(e["delivered_at"].is_null());
            CHECK(e["last_error"].is_null());
        }

        const CliResult show = RunCli({"record", "show", "--store", store, ids[0]});
        REQUIRE(show.exit_code == 0);
        everything_printed += show.err;
        const auto parsed = docintake::ParseRecordJson(show.out);
        REQUIRE(!parsed.error);
        CHECK(parsed.record.id == ids[0]);
        CHECK(parsed.record.intake_date == kToday);
        REQUIRE(parsed.record.consent.has_value());
        CHECK(parsed.record.consent->given);
        CHECK(parsed.record.consent->scope == "intake_record");
        CHECK(parsed.record.consent->language == "ar");
        // The record is the one place the person's data is printed.
        const auto* surname = parsed.record.field("surname");
        REQUIRE(surname);
        CHECK(std::find(personal.begin(), personal.end(), surname->value) != personal.end());

        const CliResult audit = RunCli({"record", "audit", "--store", store});
        REQUIRE(audit.exit_code == 0);
        everything_printed += audit.out + audit.err;
        std::set<std::string> created, viewed;
        for (const auto& event : JsonLines(audit)) {
            if (event["event"] == "created") created.insert(event["record_id"].get<std::string>());
            if (event["event"] == "viewed") viewed.insert(event["record_id"].get<std::string>());
        }
        CHECK(created == std::set<std::string>(ids.begin(), ids.end()));
        CHECK(viewed == std::set<std::string>{ids[0]});  // the showing of personal data is audited

        CheckOneErrorLine(RunCli({"record", "show", "--store", store, std::string(32, 'a')}), "not_found");
        CheckOneErrorLine(RunCli({"record", "show", "--store", store, "ERIKSSON"}), "record id");
    }

    SUBCASE("an unreachable receiver leaves everything pending (exit 1); resend and file:// deliver; purge wipes") {
        const int closed_port = ClosedLoopbackPort();
        REQUIRE(closed_port > 0);
        const std::string unreachable = "http://127.0.0.1:" + std::to_string(closed_port) + "/records";
        const CliResult down =
            RunCli({"outbox", "send", "--store", store, "--to", unreachable, "--deadline", "0", "--timeout-ms", "2000"});
        everything_printed += down.out + down.err;
        INFO("send stderr: " << down.err);
        CHECK(down.exit_code == 1);
        for (const std::string& id : ids) CHECK(down.err.find(id) != std::string::npos);  // progress by id
        auto entries = JsonLines(RunCli({"outbox", "list", "--store", store}));
        REQUIRE(entries.size() == ids.size());
        for (const auto& e : entries) {
            CHECK(e["state"] == "pending");
            CHECK(e["attempts"] == 1);
            CHECK(e["last_error"].is_string());
        }

        // Backoff delays the next attempt; resend puts one back in line now.
        const CliResult resend = RunCli({"outbox", "resend", "--store", store, ids[1]});
        CHECK(resend.exit_code == 0);
        CHECK(JsonLines(resend).at(0)["resent"] == 1);
        CHECK(RunCli({"outbox", "resend", "--store", store}).exit_code == 2);
        CHECK(RunCli({"outbox", "resend", "--store", store, ids[1], "--all-failed"}).exit_code == 2);
        CHECK(JsonLines(RunCli({"outbox", "resend", "--store", store, "--all-failed"})).at(0)["resent"] == 0);

        const std::string outbox_dir = tmp.file("received");
        fs::create_directory(outbox_dir);
        const CliResult sent = RunCli({"outbox", "send", "--store", store, "--to", "file://" + outbox_dir,
                                       "--now", "--deadline", "10"});
        everything_printed += sent.out + sent.err;
        INFO("send stderr: " << sent.err);
        REQUIRE(sent.exit_code == 0);
        for (const std::string& id : ids) {
            const std::string delivered = ReadFile(outbox_dir + "/" + id + ".json");
            const CliResult show = RunCli({"record", "show", "--store", store, id});
            REQUIRE(show.exit_code == 0);
            CHECK(delivered + "\n" == show.out);  // what was sent is the record as stored
        }
        entries = JsonLines(RunCli({"outbox", "list", "--store", store}));
        REQUIRE(entries.size() == ids.size());
        for (const auto& e : entries) {
            CHECK(e["state"] == "delivered");
            CHECK(e["delivered_at"].is_string());
        }

        // Retention: nothing is old enough by default; with 0 hours the delivered go.
        CHECK(JsonLines(RunCli({"outbox", "purge", "--store", store})).at(0)["delivered_purged"] == 0);
        std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // delivered strictly before now
        const CliResult purge = RunCli({"outbox", "purge", "--store", store, "--delivered-hours", "0"});
        REQUIRE(purge.exit_code == 0);
        CHECK(JsonLines(purge).at(0)["delivered_purged"] == static_cast<int>(ids.size()));
        CHECK(RunCli({"outbox", "list", "--store", store}).out.empty());
        CHECK(RunCli({"record", "show", "--store", store, ids[0]}).exit_code == 2);
        const CliResult audit = RunCli({"record", "audit", "--store", store});
        everything_printed += audit.out;
        std::set<std::string> purged;
        for (const auto& event : JsonLines(audit))
            if (event["event"] == "purged") purged.insert(event["record_id"].get<std::string>());
        CHECK(purged == std::set<std::string>(ids.begin(), ids.end()));
    }

    SUBCASE("http: the bearer token comes from the environment; a refused record fails until resent") {
        Receiver receiver;
        receiver.Refuse(ids[2]);
        const std::string token = "t0ken-from-the-environment";
        const std::vector<std::string> env{"DOCINTAKE_HANDOFF_TOKEN=" + token};
        {
            // Another sender holds the store's send lock: nothing is attempted, exit 1.
            const int lock = open((store + "/send.lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
            REQUIRE(lock >= 0);
            REQUIRE(flock(lock, LOCK_EX | LOCK_NB) == 0);
            const CliResult busy = RunCli({"outbox", "send", "--store", store, "--to", receiver.url()}, env);
            close(lock);
            INFO("send stderr: " << busy.err);
            CHECK(busy.exit_code == 1);
            CHECK(busy.err.find("busy") != std::string::npos);
            CHECK(receiver.received().empty());
        }
        const CliResult first = RunCli({"outbox", "send", "--store", store, "--to", receiver.url(), "--deadline", "10"}, env);
        everything_printed += first.out + first.err;
        INFO("send stderr: " << first.err);
        CHECK(first.exit_code == 1);  // one record was refused: not everything is delivered
        CHECK(first.err.find("http 400") != std::string::npos);
        auto entries = JsonLines(RunCli({"outbox", "list", "--store", store}));
        REQUIRE(entries.size() == ids.size());
        for (const auto& e : entries) CHECK(e["state"] == (e["id"] == ids[2] ? "failed" : "delivered"));

        CHECK(JsonLines(RunCli({"outbox", "resend", "--store", store, "--all-failed"})).at(0)["resent"] == 1);
        receiver.Refuse("");
        const CliResult second = RunCli({"outbox", "send", "--store", store, "--to", receiver.url()}, env);
        everything_printed += second.out + second.err;
        CHECK(second.exit_code == 0);
        const auto received = receiver.received();
        CHECK(received.size() == ids.size() + 1);
        for (const Received& r : received) {
            CHECK(r.authorization == "Bearer " + token);
            CHECK(r.key == r.body_id);
        }
        CHECK(everything_printed.find(token) == std::string::npos);
        for (const auto& e : JsonLines(RunCli({"outbox", "list", "--store", store}))) CHECK(e["state"] == "delivered");
    }

    SUBCASE("bad input: one clear line and exit 2, nothing written") {
        // A wrong key, from the environment; a key that is not 64 hex characters.
        const std::string other_key(64, '7');
        CheckOneErrorLine(RunCli({"outbox", "list", "--store", store}, {"DOCINTAKE_STORE_KEY=" + other_key}),
                          "wrong_key");
        CheckOneErrorLine(RunCli({"outbox", "list", "--store", store}, {"DOCINTAKE_STORE_KEY=12345"}),
                          "DOCINTAKE_STORE_KEY");
        // A wrong key file.
        const std::string key_file = tmp.file("other.key");
        {
            std::ofstream key(key_file, std::ios::binary);
            key << std::string(32, '\x42');
        }
        fs::permissions(key_file, fs::perms::owner_read | fs::perms::owner_write);
        CheckOneErrorLine(RunCli({"outbox", "list", "--store", store, "--key-file", key_file}), "wrong_key");
        // `read` with the wrong key stores nothing and reads nothing.
        const CliResult wrong_read =
            RunCli({"read", "--store", store, "--today", kToday, frames[0]}, {"DOCINTAKE_STORE_KEY=" + other_key});
        CheckOneErrorLine(wrong_read, "wrong_key");
        CHECK(wrong_read.out.empty());
        CHECK(JsonLines(RunCli({"outbox", "list", "--store", store})).size() == ids.size());

        // Folders that are not stores: missing, holding something else, a file.
        CheckOneErrorLine(RunCli({"outbox", "list", "--store", tmp.file("missing")}), "not_a_store");
        CHECK(!fs::exists(tmp.file("missing")));  // only `read` creates a store
        const std::string elsewhere = tmp.file("photos");
        fs::create_directory(elsewhere);
        { std::ofstream(elsewhere + "/records.db") << "these are holiday photos, not a database\n"; }
        CheckOneErrorLine(RunCli({"outbox", "list", "--store", elsewhere}), "docintake outbox list: error:");
        CheckOneErrorLine(RunCli({"read", "--store", elsewhere, frames[0]}), "docintake read: error:");
        CheckOneErrorLine(RunCli({"record", "audit", "--store", frames[0]}), "docintake record audit: error:");

        // A corrupt database: a copy of the store with its pages overwritten.
        const std::string corrupt = tmp.file("corrupt");
        fs::copy(store, corrupt);
        {
            std::fstream db(corrupt + "/records.db", std::ios::in | std::ios::out | std::ios::binary);
            db.seekp(0);
            db << std::string(8192, '\x5a');
        }
        const CliResult corrupt_list = RunCli({"outbox", "list", "--store", corrupt});
        CheckOneErrorLine(corrupt_list, "docintake outbox list: error:");

        // Bad receivers: refused before anything is attempted.
        for (const std::string& url : {"ftp://127.0.0.1/records", "http://", "records", "file://"}) {
            INFO(url);
            CheckOneErrorLine(RunCli({"outbox", "send", "--store", store, "--to", url, "--deadline", "0"}),
                              "docintake outbox send: error:");
        }
        // Secrets are not taken on the command line, where `ps` shows them.
        for (const std::string& option : {"--token", "--bearer-token", "--password", "--mqtt-password"})
            CHECK(RunCli({"outbox", "send", "--store", store, "--to", "file:///tmp", option, "s3cret"}).exit_code == 2);
        const CliResult help = RunCli({"outbox", "send", "--help"});
        CHECK(help.exit_code == 0);
        CHECK(help.out.find("DOCINTAKE_HANDOFF_TOKEN") != std::string::npos);
        CHECK(help.out.find("DOCINTAKE_MQTT_PASSWORD") != std::string::npos);
        // Usage errors are exit 2 too.
        CHECK(RunCli({"outbox"}).exit_code == 2);
        CHECK(RunCli({"outbox", "send", "--store", store}).exit_code == 2);
        CHECK(RunCli({"outbox", "send", "--store", store, "--to", "file:///tmp", "--deadline", "-1"}).exit_code == 2);
        CHECK(RunCli({"record", "show", "--store", store}).exit_code == 2);
        CheckOneErrorLine(RunCli({"read", "--store", store, "--consent-language", "ar;x", frames[0]}),
                          "--consent-language");
        for (const auto& entry : JsonLines(RunCli({"outbox", "list", "--store", store})))
            CHECK(entry["state"] == "pending");  // nothing was sent, nothing half-written
    }

    CheckNoPersonalData(everything_printed, personal);
}
