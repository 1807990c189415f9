// The kiosk's config file, and its staff PIN check (lockout, token expiry) with
// an injected clock.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "config.h"
#include "staff_auth.h"

using namespace docintake::kiosk;

namespace {
std::string ShippedConfig() {
    const auto path = (std::filesystem::path(DOCINTAKE_TEST_DATA_DIR) / "../../kiosk/config/docintake-kiosk.conf")
                          .lexically_normal();
    std::ifstream file(path);
    REQUIRE(file);
    std::stringstream text;
    text << file.rdbuf();
    return text.str();
}
}  // namespace

TEST_CASE("the shipped config documents every key with its default value") {
    // Uncomment every `# key = value` line: the result must parse and change nothing.
    const std::string uncommented = std::regex_replace(ShippedConfig(), std::regex(R"(^# (\w+ =.*)$)"), "$1",
                                                       std::regex_constants::format_default);
    const auto parsed = ParseConfig(uncommented);
    REQUIRE_FALSE(parsed.error);
    const KioskConfig defaults;
    const KioskConfig& c = parsed.config;
    CHECK(c.listen_address == defaults.listen_address);
    CHECK(c.allow_remote == defaults.allow_remote);
    CHECK(c.inactivity_seconds == 90);
    CHECK(c.done_seconds == 10);
    CHECK(c.languages == defaults.languages);
    CHECK(c.lockout_failures == 5);
    CHECK(c.lockout_seconds == 300);
    CHECK(c.staff_token_seconds == 600);
    CHECK(c.retention_delivered_hours == defaults.retention_delivered_hours);
    CHECK(c.retention_undelivered_hours == defaults.retention_undelivered_hours);
    CHECK(c.preview_width == 640);
    CHECK(c.device_profile.empty());
    CHECK(c.staff_pin_hash.empty());
}

TEST_CASE("config values override defaults; comments and blank lines are skipped") {
    const auto parsed = ParseConfig("# a comment\n\n  inactivity_seconds = 30 \nlanguages = ar, en\nallow_remote = yes\n"
                                    "staff_pin_hash = $argon2id$v=19$m=65536,t=2,p=1$abc$def\n");
    REQUIRE_FALSE(parsed.error);
    CHECK(parsed.config.inactivity_seconds == 30);
    CHECK(parsed.config.languages == std::vector<std::string>{"ar", "en"});
    CHECK(parsed.config.allow_remote);
    CHECK(parsed.config.staff_pin_hash == "$argon2id$v=19$m=65536,t=2,p=1$abc$def");  // '=' inside the value
}

TEST_CASE("unknown keys and bad values are errors that name the line, never the value") {
    auto unknown = ParseConfig("inactivity_seconds = 30\ninactivity = 30\n");
    CHECK(unknown.error.code == docintake::ErrorCode::InvalidArgument);
    CHECK(unknown.error.message.find("line 2") != std::string::npos);
    auto bad = ParseConfig("done_seconds = soon\n");
    CHECK(bad.error);
    CHECK(bad.error.message.find("soon") == std::string::npos);
    CHECK(ParseConfig("inactivity_seconds = 0\n").error);  // below the minimum
    CHECK(ParseConfig("inactivity_seconds = 30s\n").error);
    CHECK(ParseConfig("allow_remote = maybe\n").error);
    CHECK(ParseConfig("languages = \n").error);
    CHECK(ParseConfig("languages = en/../x\n").error);
    CHECK(ParseConfig("no equals sign\n").error);
    CHECK(LoadConfig("/nonexistent/kiosk.conf").error.code == docintake::ErrorCode::IoError);
    CHECK_FALSE(LoadConfig("").error);  // no file: the defaults
}

TEST_CASE("loopback addresses") {
    CHECK(IsLoopbackAddress("127.0.0.1"));
    CHECK(IsLoopbackAddress("127.1.2.3"));
    CHECK(IsLoopbackAddress("::1"));
    CHECK(IsLoopbackAddress("localhost"));
    CHECK_FALSE(IsLoopbackAddress("0.0.0.0"));
    CHECK_FALSE(IsLoopbackAddress("192.168.1.10"));
    CHECK_FALSE(IsLoopbackAddress("::"));
}

TEST_CASE("staff PIN: a token on the right PIN, lockout after repeated failures, tokens expire") {
    const std::string hash = HashPin("2468");
    REQUIRE_FALSE(hash.empty());
    CHECK(hash.find("2468") == std::string::npos);
    StaffAuth staff({hash, 3, 300, 600});
    double now = 100;
    LoginResult ok = staff.Login("2468", now);
    REQUIRE(ok.status == 200);
    CHECK(ok.token.size() == 48);
    CHECK(staff.Check(ok.token, now + 599));
    CHECK_FALSE(staff.Check(ok.token, now + 601));  // expired
    CHECK_FALSE(staff.Check("", now));
    CHECK_FALSE(staff.Check("not-a-token", now));

    CHECK(staff.Login("1111", now).status == 401);
    CHECK(staff.Login("2222", now).status == 401);
    const LoginResult locked = staff.Login("3333", now);
    CHECK(locked.status == 423);
    CHECK(locked.retry_after_s == 300);
    CHECK(staff.Login("2468", now + 299).status == 423);  // even the right PIN
    LoginResult later = staff.Login("2468", now + 301);
    CHECK(later.status == 200);
    // A success resets the count: two failures do not lock.
    CHECK(staff.Login("1111", now + 302).status == 401);
    CHECK(staff.Login("1111", now + 303).status == 401);
    CHECK(staff.Login("2468", now + 304).status == 200);
    staff.Logout(later.token);
    CHECK_FALSE(staff.Check(later.token, now + 305));

    StaffAuth off({"", 3, 300, 600});
    CHECK(off.Login("2468", now).status == 503);
}

TEST_CASE("every language offered by default has a catalog") {
    const auto i18n = (std::filesystem::path(DOCINTAKE_TEST_DATA_DIR) / "../../kiosk/i18n").lexically_normal();
    const KioskConfig defaults;
    CHECK(defaults.languages.size() >= 2);
    for (const std::string& code : defaults.languages) {
        CAPTURE(code);
        CHECK(std::filesystem::is_regular_file(i18n / (code + ".json")));
    }
}
