#pragma once
// The background sender: every few seconds, sends what is due in the outbox
// through the configured sink; every hour (config), purges what retention allows.
// It has its own RecordStore on the same folder (the store serialises writers).

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "config.h"
#include "docintake/store.h"

namespace docintake::kiosk {

class OutboxWorker {
public:
    OutboxWorker(const KioskConfig& config, StoreOptions store_options);
    ~OutboxWorker();
    void Start();
    void Stop();

private:
    void Run();

    const KioskConfig& config_;
    StoreOptions store_options_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stop_ = false;
    std::thread thread_;
};

}  // namespace docintake::kiosk
