#include "handoff/http_sink.h"

#include <curl/curl.h>

#include <mutex>

#include "handoff/sink_url.h"

namespace docintake::handoff {
namespace {

// curl_global_init is not thread-safe (it sets up OpenSSL and the process's
// signal and socket state) and must run before any other curl call: a caller
// may build sinks on several threads at once, so it runs exactly once here. It
// is never undone (curl_global_cleanup), because another sink may still live.
bool CurlReady() {
    static std::once_flag once;
    static CURLcode result = CURLE_FAILED_INIT;
    std::call_once(once, [] { result = curl_global_init(CURL_GLOBAL_DEFAULT); });
    return result == CURLE_OK;
}

// The body of a reply is never looked at, kept or logged.
std::size_t DiscardBody(char*, std::size_t size, std::size_t count, void*) { return size * count; }

DeliveryOutcome Retry(std::string reason) { return {DeliveryOutcome::Kind::Retry, std::move(reason)}; }

// Only curl's fixed descriptions go into reasons: its error buffer may name the
// host and the path, and a reason should be the same for the same failure.
DeliveryOutcome FromCurlError(CURLcode code) {
    switch (code) {
    case CURLE_OPERATION_TIMEDOUT: return Retry("timeout");
    case CURLE_COULDNT_CONNECT: return Retry("connection refused");
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY: return Retry("host not found");
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE: return Retry("connection lost");
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_SHUTDOWN_FAILED:
    case CURLE_USE_SSL_FAILED:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED: return Retry(std::string("tls: ") + curl_easy_strerror(code));
    default: return Retry(std::string("curl: ") + curl_easy_strerror(code));
    }
}

// What a final status means for the record (redirects are not followed).
DeliveryOutcome FromStatus(long status) {
    if (status >= 200 && status < 300) return {DeliveryOutcome::Kind::Delivered, {}};
    if (status < 200) return Retry("no final http status");
    std::string reason = "http " + std::to_string(status);
    if (status == 408 || status == 429 || status >= 500) return Retry(std::move(reason));
    return {DeliveryOutcome::Kind::Rejected, std::move(reason)};
}

struct SlistFree {
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using Headers = std::unique_ptr<curl_slist, SlistFree>;

class HttpSink final : public Sink {
public:
    HttpSink(std::string scheme, SinkOptions options) : scheme_(std::move(scheme)), options_(std::move(options)) {}
    ~HttpSink() override {
        if (curl_) curl_easy_cleanup(curl_);
    }
    HttpSink(const HttpSink&) = delete;
    HttpSink& operator=(const HttpSink&) = delete;

    // The options that stay the same for every attempt; one handle, reused, so
    // that the connection (and its TLS session) is kept alive between records.
    Error Init(const std::string& url) {
        curl_ = curl_easy_init();
        if (!curl_) return {ErrorCode::Internal, "http sink: curl_easy_init failed"};
        bool ok = curl_easy_setopt(curl_, CURLOPT_URL, url.c_str()) == CURLE_OK;
#if LIBCURL_VERSION_NUM >= 0x075500
        ok = ok && curl_easy_setopt(curl_, CURLOPT_PROTOCOLS_STR, "http,https") == CURLE_OK;
#endif
        if (!ok) return {ErrorCode::InvalidArgument, "http sink: curl does not take this URL"};
        curl_easy_setopt(curl_, CURLOPT_NOSIGNAL, 1L);  // timeouts without SIGALRM: safe in threads
        curl_easy_setopt(curl_, CURLOPT_FOLLOWLOCATION, 0L);
        curl_easy_setopt(curl_, CURLOPT_SSL_VERIFYPEER, 1L);
        curl_easy_setopt(curl_, CURLOPT_SSL_VERIFYHOST, 2L);
        curl_easy_setopt(curl_, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options_.connect_timeout_ms));
        curl_easy_setopt(curl_, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.timeout_ms));
        curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, DiscardBody);
        curl_easy_setopt(curl_, CURLOPT_POST, 1L);
        if (!options_.ca_file.empty() && curl_easy_setopt(curl_, CURLOPT_CAINFO, options_.ca_file.c_str()) != CURLE_OK)
            return {ErrorCode::InvalidArgument, "http sink: ca_file not taken"};
        if (!options_.client_cert.empty()) {
            curl_easy_setopt(curl_, CURLOPT_SSLCERT, options_.client_cert.c_str());
            curl_easy_setopt(curl_, CURLOPT_SSLCERTTYPE, "PEM");
        }
        if (!options_.client_key.empty()) {
            curl_easy_setopt(curl_, CURLOPT_SSLKEY, options_.client_key.c_str());
            curl_easy_setopt(curl_, CURLOPT_SSLKEYTYPE, "PEM");
        }
        return {};
    }

    DeliveryOutcome Deliver(const std::string& record_id, const std::string& record_json) override {
        if (!IsSafeRecordId(record_id)) return {DeliveryOutcome::Kind::Rejected, "invalid record id"};
        Headers headers;
        for (const std::string& line : {std::string("Content-Type: application/json"), "Idempotency-Key: " + record_id,
                                        std::string("Expect:")}) {
            curl_slist* grown = curl_slist_append(headers.get(), line.c_str());
            if (!grown) return Retry("out of memory");
            headers.release();
            headers.reset(grown);
        }
        if (!options_.bearer_token.empty()) {
            const std::string line = "Authorization: Bearer " + options_.bearer_token;
            curl_slist* grown = curl_slist_append(headers.get(), line.c_str());
            if (!grown) return Retry("out of memory");
            headers.release();
            headers.reset(grown);
        }
        curl_easy_setopt(curl_, CURLOPT_HTTPHEADER, headers.get());
        curl_easy_setopt(curl_, CURLOPT_POSTFIELDS, record_json.data());
        curl_easy_setopt(curl_, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(record_json.size()));
        const CURLcode code = curl_easy_perform(curl_);
        long status = 0;
        curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &status);
        // The handle must not keep pointers to this call's headers and body.
        curl_easy_setopt(curl_, CURLOPT_HTTPHEADER, nullptr);
        curl_easy_setopt(curl_, CURLOPT_POSTFIELDS, nullptr);
        if (code != CURLE_OK) return FromCurlError(code);
        return FromStatus(status);
    }

    std::string kind() const override { return scheme_; }

private:
    std::string scheme_;
    SinkOptions options_;
    CURL* curl_ = nullptr;
};

}  // namespace

std::unique_ptr<Sink> MakeHttpSink(const std::string& url, const std::string& scheme, const SinkOptions& options,
                                   Error& error) {
    if (!CurlReady()) {
        error = {ErrorCode::Internal, "http sink: curl_global_init failed"};
        return nullptr;
    }
    auto sink = std::make_unique<HttpSink>(scheme, options);
    error = sink->Init(url);
    if (error) return nullptr;
    return sink;
}

}  // namespace docintake::handoff
