#include "store/store_key.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "util/fd.h"

namespace docintake::store {
namespace {

std::string Errno(const std::string& what, int err) { return what + ": " + std::strerror(err); }

std::string Octal(unsigned mode) {
    char text[8];
    std::snprintf(text, sizeof text, "%04o", mode & 07777u);
    return text;
}

std::string Directory(const std::string& path) {
    const std::size_t slash = path.find_last_of('/');
    if (slash == std::string::npos) return ".";
    return slash == 0 ? "/" : path.substr(0, slash);
}

}  // namespace

std::string KeyFilePath(const StoreOptions& options) {
    return options.key_file.empty() ? options.dir + "/store.key" : options.key_file;
}

StoreKey::StoreKey() : bytes_(static_cast<unsigned char*>(sodium_malloc(kSize))) {}

StoreKey::~StoreKey() {
    if (bytes_) sodium_free(bytes_);  // wipes before freeing, whatever its protection
}

Error StoreKey::Fill(const unsigned char* source, std::size_t size) {
    if (!bytes_) return {ErrorCode::IoError, "no secure memory for the store key"};
    if (size != kSize) return {ErrorCode::Internal, "store key of the wrong size"};
    sodium_mprotect_readwrite(bytes_);
    std::memcpy(bytes_, source, kSize);
    sodium_mprotect_readonly(bytes_);
    return {};
}

Error StoreKey::FromHex(const std::string& hex) { return FromHexChars(hex.data(), hex.size()); }

// Decodes in place, so the hex text is not copied to memory nobody wipes.
Error StoreKey::FromHexChars(const char* hex, std::size_t hex_size) {
    unsigned char raw[kSize];
    std::size_t size = 0;
    const char* end = nullptr;
    const bool ok = hex_size == 2 * kSize &&
                    sodium_hex2bin(raw, sizeof raw, hex, hex_size, nullptr, &size, &end) == 0 && size == kSize &&
                    end == hex + hex_size;
    Error error = ok ? Fill(raw, size) : Error{ErrorCode::InvalidArgument, "the store key must be 64 hex characters"};
    sodium_memzero(raw, sizeof raw);
    return error;
}

Error StoreKey::FromFile(const std::string& path, bool may_create) {
    bool missing = false;
    Error error = ReadFile(path, missing);
    if (!missing) return error;
    if (!may_create) return {ErrorCode::WrongKey, "no store key: " + path + " does not exist"};
    return CreateFile(path);
}

Error StoreKey::ReadFile(const std::string& path, bool& missing) {
    missing = false;
    UniqueFd fd(open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY));
    if (fd.get() < 0) {
        const int err = errno;
        if (err == ENOENT) {
            missing = true;
            return {ErrorCode::WrongKey, "no store key: " + path + " does not exist"};
        }
        return {err == EACCES ? ErrorCode::PermissionDenied : ErrorCode::IoError, Errno("key file " + path, err)};
    }
    struct stat st {};
    if (fstat(fd.get(), &st) != 0) return {ErrorCode::IoError, Errno("key file " + path, errno)};
    if (!S_ISREG(st.st_mode)) return {ErrorCode::InvalidArgument, "key file " + path + " is not a regular file"};
    // Readable (or writable) by group or others: the key may be copied or swapped.
    if ((st.st_mode & 077) != 0)
        return {ErrorCode::PermissionDenied, "key file " + path + " has mode " + Octal(st.st_mode) +
                                                 "; others than its owner may use it (chmod 600)"};
    // 32 raw bytes, or 64 hex characters with an optional line end.
    unsigned char buffer[2 * kSize + 3];
    std::size_t size = 0;
    while (size < sizeof buffer) {
        const ssize_t n = read(fd.get(), buffer + size, sizeof buffer - size);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            sodium_memzero(buffer, sizeof buffer);
            return {ErrorCode::IoError, Errno("key file " + path, errno)};
        }
        if (n == 0) break;
        size += static_cast<std::size_t>(n);
    }
    Error error;
    if (size == kSize) {
        error = Fill(buffer, size);
    } else {
        while (size > 0 && (buffer[size - 1] == '\n' || buffer[size - 1] == '\r')) --size;
        if (size == 2 * kSize) {
            error = FromHexChars(reinterpret_cast<const char*>(buffer), size);
        } else {
            error = {ErrorCode::InvalidArgument, "key file " + path + " holds neither 32 bytes nor 64 hex characters"};
        }
    }
    sodium_memzero(buffer, sizeof buffer);
    return error;
}

// A new random key, written to a file of its own (O_CREAT|O_EXCL, mode 0600,
// synced) and then linked into place: link() fails if another process made the
// key meanwhile, and then that key is the one used, so two processes creating
// one store at once agree on its key and no reader ever sees half a key file.
Error StoreKey::CreateFile(const std::string& path) {
    unsigned char raw[kSize];
    randombytes_buf(raw, sizeof raw);
    char suffix[17];
    unsigned char random_name[8];
    randombytes_buf(random_name, sizeof random_name);
    sodium_bin2hex(suffix, sizeof suffix, random_name, sizeof random_name);
    const std::string temp = path + ".new-" + suffix;
    Error error;
    {
        UniqueFd fd(open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600));
        if (fd.get() < 0) {
            const int err = errno;
            sodium_memzero(raw, sizeof raw);
            return {err == EACCES ? ErrorCode::PermissionDenied : ErrorCode::IoError,
                    Errno("creating key file " + path, err)};
        }
        if (!WriteAll(fd.get(), raw, sizeof raw) || fsync(fd.get()) != 0)
            error = {ErrorCode::IoError, Errno("writing key file " + path, errno)};
    }
    if (!error && link(temp.c_str(), path.c_str()) != 0 && errno != EEXIST)
        error = {ErrorCode::IoError, Errno("creating key file " + path, errno)};
    unlink(temp.c_str());
    if (error) {
        sodium_memzero(raw, sizeof raw);
        return error;
    }
    UniqueFd dir(open(Directory(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (dir.get() >= 0) fsync(dir.get());  // the new name survives a power cut
    sodium_memzero(raw, sizeof raw);
    // Read back what is in place: ours, or the one another process linked first.
    bool missing = false;
    return ReadFile(path, missing);
}

}  // namespace docintake::store
