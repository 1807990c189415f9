// `docintake outbox send --to mqtt://...` against a real Mosquitto broker on
// 127.0.0.1 that requires a username and password: the password reaches the
// broker from DOCINTAKE_MQTT_PASSWORD (never the command line), and a wrong or
// missing one leaves the records pending (exit 1) without printing it.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include <docintake/mrz.h>
#include <docintake/record.h>
#include <docintake/store.h>

#include "integration/cli_process.h"
#include "support/mrz_compose.h"
#include "support/temp_dir.h"

namespace {

using docintake_test::CliResult;
using docintake_test::RunCli;

bool AcceptsConnections(int port) {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return false;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    const bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    close(fd);
    return ok;
}

// /usr/sbin/mosquitto on a loopback port, anonymous clients refused; stopped at scope end.
class PasswordBroker {
public:
    PasswordBroker(const std::string& dir, const std::string& user, const std::string& password) {
        const std::string password_file = dir + "/passwords";
        const std::string make_passwords =
            "/usr/bin/mosquitto_passwd -c -b '" + password_file + "' '" + user + "' '" + password + "' >/dev/null 2>&1";
        if (std::system(make_passwords.c_str()) != 0) return;
        port_ = docintake_test::ClosedLoopbackPort();
        const std::string config = dir + "/mosquitto.conf";
        std::ofstream(config) << "listener " << port_ << " 127.0.0.1\n"
                              << "allow_anonymous false\n"
                              << "password_file " << password_file << "\n"
                              << "persistence false\n"
                              << "log_dest none\n"
                              << "user root\n";  // ignored unless run as root; then it must still read the file
        pid_ = fork();
        if (pid_ == 0) {
            const int null_fd = open("/dev/null", O_WRONLY);  // its warnings are not the test's output
            if (null_fd >= 0) {
                dup2(null_fd, 1);
                dup2(null_fd, 2);
            }
            execl("/usr/sbin/mosquitto", "mosquitto", "-c", config.c_str(), static_cast<char*>(nullptr));
            _exit(127);
        }
        for (int i = 0; i < 500 && pid_ > 0 && !AcceptsConnections(port_); ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ~PasswordBroker() {
        if (pid_ <= 0) return;
        kill(pid_, SIGTERM);
        int status = 0;
        waitpid(pid_, &status, 0);
    }
    bool running() const { return pid_ > 0 && AcceptsConnections(port_); }
    std::string url(const std::string& topic) const {
        return "mqtt://127.0.0.1:" + std::to_string(port_) + "/" + topic;
    }

private:
    pid_t pid_ = -1;
    int port_ = -1;
};

std::vector<std::string> StoreThreeRecords(const std::string& dir) {
    docintake::StoreOptions options;
    options.dir = dir;
    auto opened = docintake::RecordStore::Open(options);
    REQUIRE(!opened.error);
    std::vector<std::string> ids;
    for (const char* number : {"M1000001", "M1000002", "M1000003"}) {
        docintake::test::MrzFields fields;
        fields.number = number;
        const auto parsed = docintake::ParseMrz(docintake::test::Compose(fields));
        REQUIRE(!parsed.error);
        auto built = docintake::BuildRecord(parsed.mrz, {});
        REQUIRE(!built.error);
        REQUIRE(!opened.store->Add(built.record));
        ids.push_back(built.record.id);
    }
    return ids;
}

std::vector<std::string> States(const std::string& store) {
    std::vector<std::string> states;
    const CliResult list = RunCli({"outbox", "list", "--store", store});
    for (const std::string& line : list.OutLines()) states.push_back(nlohmann::json::parse(line)["state"]);
    return states;
}

}  // namespace

TEST_CASE("outbox send to an MQTT broker takes its password from the environment only") {
    docintake_test::TempDir tmp;
    const std::string password = "pw-from-the-environment-42";
    PasswordBroker broker(tmp.path(), "site-042", password);
    REQUIRE_MESSAGE(broker.running(), "/usr/sbin/mosquitto did not start");
    const std::string store = tmp.file("store");
    const std::vector<std::string> ids = StoreThreeRecords(store);
    const std::vector<std::string> send{"outbox",      "send", "--store",      store, "--to",
                                        broker.url("docintake/site-042/records"), "--mqtt-user", "site-042",
                                        "--deadline",  "0",    "--timeout-ms", "3000"};
    std::string printed;

    const CliResult wrong = RunCli(send, {"DOCINTAKE_MQTT_PASSWORD=not-the-password"});
    std::vector<std::string> send_now = send;
    send_now.push_back("--now");  // past the backoff the first refusal set
    const CliResult none = RunCli(send_now);
    printed += wrong.out + wrong.err + none.out + none.err;
    INFO("stderr (wrong password): " << wrong.err);
    INFO("stderr (no password): " << none.err);
    CHECK(wrong.exit_code == 1);
    CHECK(none.exit_code == 1);
    CHECK(none.err.find(ids[0]) != std::string::npos);  // it was attempted, and refused
    CHECK(States(store) == std::vector<std::string>(3, "pending"));

    // The failed attempts above put the records in backoff: --now sends them at once.
    const CliResult resent = RunCli({"outbox", "send", "--store", store, "--to", broker.url("docintake/site-042/records"),
                                     "--mqtt-user", "site-042", "--now", "--deadline", "10"},
                                    {"DOCINTAKE_MQTT_PASSWORD=" + password});
    printed += resent.out + resent.err;
    INFO("stderr (right password, --now): " << resent.err);
    CHECK(resent.exit_code == 0);
    CHECK(States(store) == std::vector<std::string>(3, "delivered"));
    for (const std::string& id : ids) CHECK(printed.find(id) != std::string::npos);  // progress names ids
    CHECK(printed.find(password) == std::string::npos);
    CHECK(printed.find("not-the-password") == std::string::npos);
}
