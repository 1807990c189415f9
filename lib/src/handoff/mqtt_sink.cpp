#include "handoff/mqtt_sink.h"

#include <mosquitto.h>
#include <mqtt_protocol.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <map>
#include <mutex>
#include <random>

namespace docintake::handoff {
namespace {

using Clock = std::chrono::steady_clock;

// mosquitto_lib_init sets up OpenSSL and the socket layer for the whole
// process and is not thread-safe: exactly once, never undone (other sinks may live on).
void MosquittoReady() {
    static std::once_flag once;
    std::call_once(once, [] { mosquitto_lib_init(); });
}

// Seconds of keepalive the broker is told; no pings are sent between Deliver
// calls, so a connection idle for half of it is replaced rather than trusted.
constexpr int kKeepaliveSeconds = 60;

std::string RandomClientId() {
    std::random_device device;
    static const char hex[] = "0123456789abcdef";
    std::string id = "docintake-";
    for (int i = 0; i < 16; ++i) id += hex[device() % 16];
    return id;
}

DeliveryOutcome Retry(std::string reason) { return {DeliveryOutcome::Kind::Retry, std::move(reason)}; }

int MsLeft(Clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    return left > 0 ? static_cast<int>(left) : 0;
}

// MQTT 5 PUBACK reason codes that say the message itself is refused: sending
// it again cannot help. Other failure codes (quota, server busy) are retried.
bool RefusesMessage(int reason) {
    return reason == MQTT_RC_NOT_AUTHORIZED || reason == MQTT_RC_TOPIC_NAME_INVALID ||
           reason == MQTT_RC_PAYLOAD_FORMAT_INVALID || reason == MQTT_RC_PACKET_TOO_LARGE;
}

class MqttSink final : public Sink {
public:
    MqttSink(SinkUrl url, SinkOptions options) : url_(std::move(url)), options_(std::move(options)) {
        topic_ = url_.path.substr(1);
        if (options_.username.empty()) {
            options_.username = url_.username;
            options_.password = url_.password;
        }
        if (options_.client_id.empty()) options_.client_id = RandomClientId();
        if (url_.port == 0) url_.port = tls() ? 8883 : 1883;
    }
    ~MqttSink() override { Reset(); }
    MqttSink(const MqttSink&) = delete;
    MqttSink& operator=(const MqttSink&) = delete;

    const std::string& topic() const { return topic_; }

    DeliveryOutcome Deliver(const std::string& record_id, const std::string& record_json) override {
        if (!IsSafeRecordId(record_id)) return {DeliveryOutcome::Kind::Rejected, "invalid record id"};
        const auto start = Clock::now();
        const auto deadline = start + std::chrono::milliseconds(options_.timeout_ms);
        if (mosq_ && start - last_activity_ > std::chrono::seconds(kKeepaliveSeconds / 2)) Reset();
        // A connection kept from an earlier record may have died unnoticed: when
        // it turns out lost, connect once more within the same attempt.
        bool reused = mosq_ != nullptr;
        for (;;) {
            if (!mosq_) {
                DeliveryOutcome connected = Connect(std::min(deadline, start + std::chrono::milliseconds(options_.connect_timeout_ms)));
                if (connected.kind != DeliveryOutcome::Kind::Delivered) return connected;
            }
            bool lost = false;
            DeliveryOutcome outcome = Publish(record_id, record_json, deadline, lost);
            if (lost && reused) {
                Reset();
                reused = false;
                continue;
            }
            if (outcome.kind != DeliveryOutcome::Kind::Delivered) Reset();  // drop what is still queued
            else last_activity_ = Clock::now();
            return outcome;
        }
    }

    std::string kind() const override { return url_.scheme; }

private:
    bool tls() const { return url_.scheme == "mqtts"; }

    void Reset() {
        if (!mosq_) return;
        if (connected_) mosquitto_disconnect(mosq_);
        mosquitto_destroy(mosq_);
        mosq_ = nullptr;
        connected_ = false;
        connect_answered_ = false;
        acked_.clear();
    }

    static void OnConnect(mosquitto*, void* self, int rc, int, const mosquitto_property*) {
        auto* sink = static_cast<MqttSink*>(self);
        sink->connect_answered_ = true;
        sink->connack_ = rc;
        sink->connected_ = rc == 0;
    }
    static void OnDisconnect(mosquitto*, void* self, int, const mosquitto_property*) {
        static_cast<MqttSink*>(self)->connected_ = false;
    }
    static void OnPublish(mosquitto*, void* self, int mid, int reason, const mosquitto_property*) {
        static_cast<MqttSink*>(self)->acked_[mid] = reason;
    }

    DeliveryOutcome Connect(Clock::time_point deadline) {
        MosquittoReady();
        mosq_ = mosquitto_new(options_.client_id.c_str(), true, this);
        if (!mosq_) return Retry("mqtt: out of memory");
        mosquitto_int_option(mosq_, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V5);
        mosquitto_connect_v5_callback_set(mosq_, OnConnect);
        mosquitto_disconnect_v5_callback_set(mosq_, OnDisconnect);
        mosquitto_publish_v5_callback_set(mosq_, OnPublish);
        if (!options_.username.empty() &&
            mosquitto_username_pw_set(mosq_, options_.username.c_str(),
                                      options_.password.empty() ? nullptr : options_.password.c_str()) != MOSQ_ERR_SUCCESS) {
            Reset();
            return Retry("mqtt: credentials not taken");
        }
        if (tls()) {
            // Without a ca_file, the system's CAs; the broker's name is always checked.
            const char* ca_file = options_.ca_file.empty() ? nullptr : options_.ca_file.c_str();
            const char* ca_path = ca_file ? nullptr : "/etc/ssl/certs";
            const char* cert = options_.client_cert.empty() ? nullptr : options_.client_cert.c_str();
            const char* key = options_.client_key.empty() ? cert : options_.client_key.c_str();
            if (mosquitto_tls_set(mosq_, ca_file, ca_path, cert, key, nullptr) != MOSQ_ERR_SUCCESS ||
                mosquitto_tls_opts_set(mosq_, 1, nullptr, nullptr) != MOSQ_ERR_SUCCESS ||
                mosquitto_tls_insecure_set(mosq_, false) != MOSQ_ERR_SUCCESS) {
                Reset();
                return Retry("tls: certificate or key files not usable");
            }
        }
        errno = 0;
        const int rc = mosquitto_connect_bind_async(mosq_, url_.host.c_str(), url_.port, kKeepaliveSeconds, nullptr);
        if (rc != MOSQ_ERR_SUCCESS) return Failed(rc, errno);
        while (!connect_answered_) {
            const int left = MsLeft(deadline);
            if (left == 0) {
                Reset();
                return Retry("connect timeout");
            }
            errno = 0;
            const int loop = mosquitto_loop(mosq_, std::min(left, 100), 1);
            if (loop != MOSQ_ERR_SUCCESS && !connect_answered_) return Failed(loop, errno);
        }
        if (!connected_) {
            const int refused = connack_;
            Reset();
            return Retry(std::string("mqtt connect refused: ") + mosquitto_reason_string(refused));
        }
        last_activity_ = Clock::now();
        return {DeliveryOutcome::Kind::Delivered, {}};
    }

    // A failed connect or loop: the client is dropped; the next attempt starts afresh.
    DeliveryOutcome Failed(int rc, int error_number) {
        Reset();
        if (rc == MOSQ_ERR_ERRNO || rc == MOSQ_ERR_CONN_LOST || rc == MOSQ_ERR_NO_CONN) {
            if (error_number == ECONNREFUSED) return Retry("connection refused");
            if (error_number == ETIMEDOUT) return Retry("connect timeout");
            if (rc == MOSQ_ERR_ERRNO && error_number != 0) return Retry(std::string("connection failed: ") + std::strerror(error_number));
            return Retry("connection lost");
        }
        if (rc == MOSQ_ERR_TLS) return Retry("tls: handshake or verification failed");
        if (rc == MOSQ_ERR_EAI) return Retry("host not found");
        return Retry(std::string("mqtt: ") + mosquitto_strerror(rc));
    }

    DeliveryOutcome Publish(const std::string& record_id, const std::string& record_json, Clock::time_point deadline,
                            bool& lost) {
        mosquitto_property* properties = nullptr;
        mosquitto_property_add_string_pair(&properties, MQTT_PROP_USER_PROPERTY, "idempotency-key", record_id.c_str());
        mosquitto_property_add_string(&properties, MQTT_PROP_CONTENT_TYPE, "application/json");
        int mid = 0;
        const int rc = mosquitto_publish_v5(mosq_, &mid, topic_.c_str(), static_cast<int>(record_json.size()),
                                            record_json.data(), 1, false, properties);
        mosquitto_property_free_all(&properties);
        if (rc == MOSQ_ERR_NO_CONN || rc == MOSQ_ERR_CONN_LOST) {
            lost = true;
            return Retry("connection lost");
        }
        if (rc == MOSQ_ERR_OVERSIZE_PACKET || rc == MOSQ_ERR_PAYLOAD_SIZE)
            return {DeliveryOutcome::Kind::Rejected, "mqtt: record larger than the broker takes"};
        if (rc != MOSQ_ERR_SUCCESS) return Retry(std::string("mqtt: ") + mosquitto_strerror(rc));
        while (acked_.find(mid) == acked_.end()) {
            const int left = MsLeft(deadline);
            if (left == 0) return Retry("timeout");
            const int loop = mosquitto_loop(mosq_, std::min(left, 100), 1);
            if (loop != MOSQ_ERR_SUCCESS && acked_.find(mid) == acked_.end()) {
                lost = true;
                return Retry("connection lost");
            }
        }
        const int reason = acked_[mid];
        acked_.erase(mid);
        if (reason < 0x80) return {DeliveryOutcome::Kind::Delivered, {}};
        std::string why = std::string("mqtt puback: ") + mosquitto_reason_string(reason);
        if (RefusesMessage(reason)) return {DeliveryOutcome::Kind::Rejected, std::move(why)};
        return Retry(std::move(why));
    }

    SinkUrl url_;
    SinkOptions options_;
    std::string topic_;
    mosquitto* mosq_ = nullptr;
    bool connected_ = false;
    bool connect_answered_ = false;
    int connack_ = 0;
    std::map<int, int> acked_;  // message id -> PUBACK reason code
    Clock::time_point last_activity_{};
};

}  // namespace

std::unique_ptr<Sink> MakeMqttSink(const SinkUrl& url, const SinkOptions& options, Error& error) {
    MosquittoReady();
    if (url.host.empty()) {
        error = {ErrorCode::InvalidArgument, "mqtt sink: URL has no host"};
        return nullptr;
    }
    const std::string topic = url.path.size() > 1 ? url.path.substr(1) : std::string();
    if (topic.empty() || mosquitto_pub_topic_check2(topic.c_str(), topic.size()) != MOSQ_ERR_SUCCESS) {
        error = {ErrorCode::InvalidArgument, "mqtt sink: the URL's path must be a topic to publish to (no + or #)"};
        return nullptr;
    }
    if (!options.client_key.empty() && options.client_cert.empty()) {
        error = {ErrorCode::InvalidArgument, "mqtt sink: client_key given without client_cert"};
        return nullptr;
    }
    error = {};
    return std::make_unique<MqttSink>(url, options);
}

}  // namespace docintake::handoff
