#include "selftest_runner.h"

#include <exception>
#include <memory>

#include "docintake/barcode.h"
#include "docintake/opencv.h"
#include "docintake/read_mrz.h"
#include "docintake/selftest.h"
#include "log.h"

namespace docintake::kiosk {

SelfTestRunner::SelfTestRunner(const KioskConfig& config, FrameHub& hub) : config_(config), hub_(hub) {}

SelfTestRunner::~SelfTestRunner() { Stop(); }

bool SelfTestRunner::Start() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (running_) return false;
    if (thread_.joinable()) thread_.join();  // the last run has left its report: it needs the lock no more
    stop_ = false;
    frames_ = 0;
    running_ = true;
    thread_ = std::thread([this] { Run(); });
    return true;
}

void SelfTestRunner::Stop() {
    stop_ = true;
    std::thread running;
    {
        // Joined outside the lock: the run takes it to leave its report.
        std::lock_guard<std::mutex> lock(mutex_);
        running = std::move(thread_);
    }
    if (running.joinable()) running.join();
}

nlohmann::json SelfTestRunner::Status() const {
    std::lock_guard<std::mutex> lock(mutex_);
    const bool running = running_;
    nlohmann::json report = report_json_.empty() ? nlohmann::json(nullptr) : nlohmann::json::parse(report_json_);
    return {{"state", running ? "running" : report_json_.empty() ? "idle" : "done"},
            {"frames", frames_.load()},
            {"of", config_.selftest_frames},
            {"report", report}};
}

void SelfTestRunner::Run() {
    std::string json;
    try {
        MrzReaderOptions options;
        options.model_dir = config_.model_dir;
        MrzReader reader(options);
        std::unique_ptr<BarcodeReader> barcodes;
        if (config_.read_barcodes) barcodes = std::make_unique<BarcodeReader>();
        SelfTest test(reader, {}, barcodes.get());
        std::uint64_t seq = 0;
        int idle_waits = 0;
        Log("self-test: started (%d frames)", config_.selftest_frames);
        while (!stop_ && test.frames() < config_.selftest_frames && idle_waits < 50) {
            const auto frame = hub_.WaitFrame(seq, 200);
            if (!frame) {
                ++idle_waits;  // 10 s without a frame: the camera is gone, judge what was seen
                continue;
            }
            idle_waits = 0;
            seq = frame->seq;
            test.Push(ViewOf(frame->image));
            frames_ = test.frames();
        }
        const SelfTestReport report = test.Finish();
        json = SelfTestReportToJson(report);
        Log("self-test: %s after %d frames", report.pass ? "pass" : "fail", report.frames);
        if (!config_.report_dir.empty())
            if (const Error error = WriteSelfTestReport(report, config_.report_dir))
                Log("self-test: report not written (%s)", ToString(error.code));
    } catch (const std::exception& e) {
        Log("self-test: stopped (%s)", e.what());
        json = nlohmann::json{{"pass", false}, {"reason", "the self-test stopped with an internal error"}}.dump();
    }
    std::lock_guard<std::mutex> lock(mutex_);
    report_json_ = json;
    running_ = false;
}

}  // namespace docintake::kiosk
