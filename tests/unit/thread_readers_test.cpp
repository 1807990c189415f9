// Several readers on several threads at once: MrzReaders, BarcodeReaders, the C
// API's readers and the free parsing functions. Every result must equal the one a
// single thread gets. tools/test.sh also runs this under ThreadSanitizer
// (build-tsan, DOCINTAKE_SANITIZE=thread; tests/tsan.supp).
#include <doctest/doctest.h>

#include <functional>
#include <string>
#include <thread>
#include <vector>

#include <opencv2/imgcodecs.hpp>

#include <docintake/barcode.h>
#include <docintake/c.h>
#include <docintake/mrz.h>
#include <docintake/mrz_correct.h>
#include <docintake/opencv.h>
#include <docintake/read_mrz.h>

#include "support/barcode_render.h"

using namespace docintake;

namespace {

constexpr int kThreads = 3;
const std::string kFrames = std::string(DOCINTAKE_SOURCE_DIR) + "/examples/data/frames/";
const std::vector<std::string> kFrameFiles = {"camera_090001.jpg", "camera_090002.jpg", "camera_090003.jpg",
                                              "camera_090004.jpg"};

#if defined(__SANITIZE_THREAD__)
// The sandboxed worker is a separate process (nothing of it shares our memory),
// and a ThreadSanitizer build of it cannot start under its address-space limit.
constexpr bool kSandboxedToo = false;
#else
constexpr bool kSandboxedToo = true;
#endif

std::vector<cv::Mat> Frames() {
    std::vector<cv::Mat> frames;
    for (const auto& f : kFrameFiles) {
        frames.push_back(cv::imread(kFrames + f));
        REQUIRE(!frames.back().empty());
    }
    return frames;
}

// Runs body(t) on kThreads threads at once; checks nothing escaped.
void OnThreads(const std::function<void(int)>& body) {
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) threads.emplace_back(body, t);
    for (auto& th : threads) th.join();
}

std::string Summary(const MrzReadResult& r) {
    std::string s = std::string(ToString(r.status)) + " " + ToString(r.feedback);
    for (const auto& l : r.lines) s += " " + l;
    if (r.error) s += std::string(" error ") + ToString(r.error.code);
    return s;
}

std::string Summary(const BarcodeReadResult& r) {
    std::string s = r.error ? std::string("error ") + ToString(r.error.code) : std::string("ok");
    for (const auto& b : r.barcodes) s += std::string(" ") + ToString(b.format) + ":" + std::string(b.bytes.begin(), b.bytes.end());
    return s;
}

MrzReaderOptions Options() {
    MrzReaderOptions o;
    o.model_dir = DOCINTAKE_MODEL_DIR;
    o.parse.reference_date = 20260101;
    return o;
}

}  // namespace

TEST_CASE("MrzReaders on several threads read what one thread reads") {
    const std::vector<cv::Mat> frames = Frames();
    std::vector<std::string> expected;
    {
        MrzReader reader(Options());
        REQUIRE_FALSE(reader.init_error());
        for (const auto& f : frames) expected.push_back(Summary(reader.Read(ViewOf(f))));
    }
    int valid = 0;
    for (const auto& e : expected) valid += e.rfind("valid ", 0) == 0;
    CHECK(valid >= 3);  // the comparison is about real readings, not four failures
    std::vector<std::vector<std::string>> got(kThreads, std::vector<std::string>(frames.size()));
    OnThreads([&](int t) {
        MrzReader reader(Options());  // made on its own thread too
        // Each thread starts at another frame, so different frames are read at once.
        for (std::size_t i = 0; i < frames.size(); ++i) {
            const std::size_t k = (i + static_cast<std::size_t>(t)) % frames.size();
            got[t][k] = Summary(reader.Read(ViewOf(frames[k])));
        }
    });
    for (int t = 0; t < kThreads; ++t) {
        CAPTURE(t);
        for (std::size_t k = 0; k < frames.size(); ++k) CHECK(got[t][k] == expected[k]);
    }
}

TEST_CASE("ReadMrz, ParseMrz and CorrectMrz may be called from any thread") {
    const cv::Mat frame = cv::imread(kFrames + kFrameFiles[0]);
    REQUIRE(!frame.empty());
    const std::string expected_read = Summary(ReadMrz(ViewOf(frame), Options()));
    const std::string td3 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10";
    std::vector<std::string> reads(kThreads);
    std::vector<int> parsed_ok(kThreads, 0);
    OnThreads([&](int t) {
        reads[t] = Summary(ReadMrz(ViewOf(frame), Options()));
        for (int i = 0; i < 200; ++i) {
            const MrzParseResult p = ParseMrz(td3);
            if (!p.error && p.mrz.valid() && p.mrz.document_number == "L898902C3") ++parsed_ok[t];
        }
    });
    for (int t = 0; t < kThreads; ++t) {
        CHECK(reads[t] == expected_read);
        CHECK(parsed_ok[t] == 200);
    }
}

TEST_CASE("BarcodeReaders on several threads read what one thread reads") {
    std::vector<cv::Mat> frames;
    for (int i = 0; i < kThreads + 1; ++i) {
        testing::Placement p;
        p.centre = {600.f + 40.f * static_cast<float>(i), 400.f};
        p.module_px = 5;
        const std::string text = "https://example.org/intake?case=" + std::to_string(40 + i);
        frames.push_back(testing::PlaceInFrame(testing::RenderSymbol(ZXing::BarcodeFormat::QRCode, text), p));
    }
    std::vector<bool> sandboxes = {false};
    if (kSandboxedToo) sandboxes.push_back(true);
    for (const bool sandbox : sandboxes) {
        CAPTURE(sandbox);
        BarcodeReaderOptions options;
        options.sandbox = sandbox;
        std::vector<std::string> expected;
        {
            BarcodeReader reader(options);
            for (const auto& f : frames) expected.push_back(Summary(reader.Read(ViewOf(f))));
        }
        for (const auto& e : expected) CHECK(e.find("QRCode:https://example.org/intake?case=") != std::string::npos);
        std::vector<std::vector<std::string>> got(kThreads, std::vector<std::string>(frames.size()));
        OnThreads([&](int t) {
            BarcodeReader reader(options);
            for (std::size_t i = 0; i < frames.size(); ++i) {
                const std::size_t k = (i + static_cast<std::size_t>(t)) % frames.size();
                got[t][k] = Summary(reader.Read(ViewOf(frames[k])));
            }
        });
        for (int t = 0; t < kThreads; ++t)
            for (std::size_t k = 0; k < frames.size(); ++k) CHECK(got[t][k] == expected[k]);
    }
}

TEST_CASE("C API readers on several threads read what one thread reads") {
    std::vector<dit_image> images(kFrameFiles.size());
    for (std::size_t i = 0; i < kFrameFiles.size(); ++i)
        REQUIRE(dit_image_load((kFrames + kFrameFiles[i]).c_str(), &images[i]) == DIT_OK);
    auto summary = [](dit_reader* reader, const dit_image& image) {
        dit_mrz_result r;
        const dit_status s = dit_reader_read(reader, &image, &r);
        return std::to_string(s) + " " + r.status + " " + r.document_number + " " + r.surname;
    };
    std::vector<std::string> expected;
    {
        dit_reader* reader = nullptr;
        REQUIRE(dit_reader_new(DOCINTAKE_MODEL_DIR, &reader) == DIT_OK);
        for (const auto& image : images) expected.push_back(summary(reader, image));
        dit_reader_free(reader);
    }
    std::vector<std::vector<std::string>> got(kThreads, std::vector<std::string>(images.size()));
    std::vector<dit_status> made(kThreads, DIT_ERROR_INTERNAL);
    OnThreads([&](int t) {
        dit_reader* reader = nullptr;
        made[t] = dit_reader_new(DOCINTAKE_MODEL_DIR, &reader);
        if (made[t] != DIT_OK) return;
        for (std::size_t i = 0; i < images.size(); ++i) {
            const std::size_t k = (i + static_cast<std::size_t>(t)) % images.size();
            got[t][k] = summary(reader, images[k]);
        }
        dit_reader_free(reader);
    });
    for (int t = 0; t < kThreads; ++t) {
        REQUIRE(made[t] == DIT_OK);
        for (std::size_t k = 0; k < images.size(); ++k) CHECK(got[t][k] == expected[k]);
    }
    for (auto& image : images) dit_image_free(&image);
}
