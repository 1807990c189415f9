#include "staff_auth.h"

#include <sodium.h>

#include <cmath>

namespace docintake::kiosk {

StaffAuth::StaffAuth(StaffAuthOptions options) : options_(std::move(options)) {}

LoginResult StaffAuth::Login(const std::string& pin, double now_s) {
    LoginResult result;
    if (options_.pin_hash.empty()) {
        result.status = 503;
        return result;
    }
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (now_s < locked_until_s_) {
            result.status = 423;
            result.retry_after_s = static_cast<int>(std::ceil(locked_until_s_ - now_s));
            return result;
        }
    }
    // Slow on purpose (memory-hard); done outside the lock so status calls go on.
    const bool good = crypto_pwhash_str_verify(options_.pin_hash.c_str(), pin.c_str(), pin.size()) == 0;
    std::lock_guard<std::mutex> lock(mutex_);
    if (now_s < locked_until_s_) {  // another attempt locked it meanwhile
        result.status = 423;
        result.retry_after_s = static_cast<int>(std::ceil(locked_until_s_ - now_s));
        return result;
    }
    if (!good) {
        if (++failures_ >= options_.lockout_failures) {
            failures_ = 0;
            locked_until_s_ = now_s + options_.lockout_seconds;
            result.status = 423;
            result.retry_after_s = options_.lockout_seconds;
            return result;
        }
        result.status = 401;
        return result;
    }
    failures_ = 0;
    unsigned char raw[24];
    randombytes_buf(raw, sizeof raw);
    char hex[sizeof raw * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, raw, sizeof raw);
    result.token = hex;
    result.status = 200;
    for (auto it = tokens_.begin(); it != tokens_.end();) it = it->second <= now_s ? tokens_.erase(it) : std::next(it);
    tokens_[result.token] = now_s + options_.token_seconds;
    return result;
}

bool StaffAuth::Check(const std::string& token, double now_s) {
    if (token.empty()) return false;
    std::lock_guard<std::mutex> lock(mutex_);
    const auto it = tokens_.find(token);
    if (it == tokens_.end()) return false;
    if (it->second <= now_s) {
        tokens_.erase(it);
        return false;
    }
    return true;
}

void StaffAuth::Logout(const std::string& token) {
    std::lock_guard<std::mutex> lock(mutex_);
    tokens_.erase(token);
}

std::string HashPin(const std::string& pin) {
    if (sodium_init() < 0) return {};
    char hash[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(hash, pin.c_str(), pin.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return {};
    return hash;
}

}  // namespace docintake::kiosk
