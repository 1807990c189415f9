#pragma once
// A test-side MQTT 5 subscriber (libmosquitto, its own network thread) that
// collects what arrives on a topic, with the idempotency-key user property.

#include <mosquitto.h>
#include <mqtt_protocol.h>

#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <string>
#include <vector>

namespace docintake_test {

struct MqttMessage {
    std::string topic;
    std::string payload;
    std::string idempotency_key;
    int qos = 0;
};

class MqttSubscriber {
public:
    // Connects to 127.0.0.1:port and subscribes with QoS 1; ok() once the broker acknowledged.
    MqttSubscriber(int port, const std::string& topic) {
        mosquitto_lib_init();
        mosq_ = mosquitto_new(nullptr, true, this);
        if (!mosq_) return;
        mosquitto_int_option(mosq_, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V5);
        mosquitto_message_v5_callback_set(mosq_, OnMessage);
        mosquitto_subscribe_callback_set(mosq_, OnSubscribe);
        if (mosquitto_connect(mosq_, "127.0.0.1", port, 30) != MOSQ_ERR_SUCCESS) return;
        if (mosquitto_loop_start(mosq_) != MOSQ_ERR_SUCCESS) return;
        looping_ = true;
        if (mosquitto_subscribe(mosq_, nullptr, topic.c_str(), 1) != MOSQ_ERR_SUCCESS) return;
        std::unique_lock<std::mutex> lock(mutex_);
        subscribed_ = changed_.wait_for(lock, std::chrono::seconds(5), [&] { return subscribed_; });
    }
    ~MqttSubscriber() {
        if (mosq_) {
            mosquitto_disconnect(mosq_);
            if (looping_) mosquitto_loop_stop(mosq_, false);
            mosquitto_destroy(mosq_);
        }
        mosquitto_lib_cleanup();
    }
    MqttSubscriber(const MqttSubscriber&) = delete;
    MqttSubscriber& operator=(const MqttSubscriber&) = delete;

    bool ok() const { return subscribed_; }
    bool WaitFor(std::size_t n, int timeout_ms = 5000) {
        std::unique_lock<std::mutex> lock(mutex_);
        return changed_.wait_for(lock, std::chrono::milliseconds(timeout_ms), [&] { return messages_.size() >= n; });
    }
    std::vector<MqttMessage> messages() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return messages_;
    }

private:
    static void OnSubscribe(mosquitto*, void* self, int, int, const int*) {
        auto* me = static_cast<MqttSubscriber*>(self);
        std::lock_guard<std::mutex> lock(me->mutex_);
        me->subscribed_ = true;
        me->changed_.notify_all();
    }
    static void OnMessage(mosquitto*, void* self, const mosquitto_message* message, const mosquitto_property* properties) {
        auto* me = static_cast<MqttSubscriber*>(self);
        MqttMessage seen;
        seen.topic = message->topic;
        if (message->payload && message->payloadlen > 0)
            seen.payload.assign(static_cast<const char*>(message->payload), static_cast<std::size_t>(message->payloadlen));
        seen.qos = message->qos;
        char* name = nullptr;
        char* value = nullptr;
        for (const mosquitto_property* p = mosquitto_property_read_string_pair(properties, MQTT_PROP_USER_PROPERTY, &name, &value, false);
             p; p = mosquitto_property_read_string_pair(p, MQTT_PROP_USER_PROPERTY, &name, &value, true)) {
            if (std::string(name) == "idempotency-key") seen.idempotency_key = value;
            std::free(name);
            std::free(value);
            name = value = nullptr;
        }
        std::lock_guard<std::mutex> lock(me->mutex_);
        me->messages_.push_back(std::move(seen));
        me->changed_.notify_all();
    }

    mosquitto* mosq_ = nullptr;
    bool looping_ = false;
    mutable std::mutex mutex_;
    std::condition_variable changed_;
    bool subscribed_ = false;
    std::vector<MqttMessage> messages_;
};

}  // namespace docintake_test
