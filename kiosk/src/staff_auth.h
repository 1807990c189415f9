#pragma once
// Staff mode's PIN check: the config holds only a libsodium crypto_pwhash_str
// hash; repeated failures lock logins out for a while; a login gives a random
// bearer token that expires.

#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace docintake::kiosk {

struct StaffAuthOptions {
    std::string pin_hash;  // empty: staff mode is off (every login fails)
    int lockout_failures = 5;
    int lockout_seconds = 300;
    int token_seconds = 600;
};

struct LoginResult {
    int status = 401;   // 200 ok, 401 wrong PIN, 423 locked out, 503 staff mode off
    std::string token;  // when 200
    int retry_after_s = 0;  // when 423
};

class StaffAuth {
public:
    explicit StaffAuth(StaffAuthOptions options);
    // `now_s`: monotonic seconds.
    LoginResult Login(const std::string& pin, double now_s);
    bool Check(const std::string& token, double now_s);
    void Logout(const std::string& token);

private:
    StaffAuthOptions options_;
    std::mutex mutex_;
    int failures_ = 0;
    double locked_until_s_ = 0;
    std::map<std::string, double> tokens_;  // token -> expiry
};

// A crypto_pwhash_str hash of `pin` (for --hash-pin), or empty on failure.
std::string HashPin(const std::string& pin);

}  // namespace docintake::kiosk
