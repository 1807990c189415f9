#include "json/read_json.h"

#include <cmath>

#include "json/mrz_json.h"

namespace docintake {
namespace {

nlohmann::json CorrectionsJson(const std::vector<MrzCorrection>& list) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& c : list) {
        // OCR characters are A-Z 0-9 <; anything else (or none) prints as '?'.
        auto printable = [](char ch) {
            const bool ok = (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '<';
            return std::string(1, ok ? ch : '?');
        };
        out.push_back({{"line", c.line}, {"position", c.position}, {"from", printable(c.from)},
                       {"to", printable(c.to)}, {"field", c.field}});
    }
    return out;
}

double Round2(double ms) { return std::round(ms * 100.0) / 100.0; }

}  // namespace

// The names of the reader's enums live here, beside the JSON that prints them:
// this file is part of docintake_parsers, which the reader links, not the reverse.
const char* ToString(FrameFeedback feedback) {
    switch (feedback) {
        case FrameFeedback::Ok: return "ok";
        case FrameFeedback::NoDocument: return "no_document";
        case FrameFeedback::TooSmall: return "too_small";
        case FrameFeedback::Blurred: return "blurred";
        case FrameFeedback::Glare: return "glare";
        case FrameFeedback::TooDark: return "too_dark";
        case FrameFeedback::PartiallyVisible: return "partially_visible";
        case FrameFeedback::HoldStill: return "hold_still";
        case FrameFeedback::Unreadable: return "unreadable";
    }
    return "unknown";
}

const char* ToString(ScanUpdate::State state) {
    switch (state) {
        case ScanUpdate::State::Searching: return "searching";
        case ScanUpdate::State::Reading: return "reading";
        case ScanUpdate::State::Done: return "done";
        case ScanUpdate::State::Failed: return "failed";
    }
    return "unknown";
}

nlohmann::json MrzReadingJson(const MrzReadResult& result) {
    if (!result.mrz) return nullptr;
    nlohmann::json j = ToJson(*result.mrz);
    j["lines"] = result.lines;
    j["valid"] = result.status == MrzReadingStatus::Valid;
    j["checks_pass"] = result.mrz->valid();
    j["status"] = ToString(result.status);
    j["confidence"] = result.confidence;
    j["doubt"] = result.doubt.empty() ? nlohmann::json(nullptr) : nlohmann::json(result.doubt);
    j["raw_lines"] = result.raw_lines;
    j["corrections"] = CorrectionsJson(result.corrections);
    j["uncertain"] = CorrectionsJson(result.uncertain);
    j["char_height_px"] = Round2(result.char_height_px);
    j["quad"] = result.quad;
    return j;
}

nlohmann::json ToJson(const MrzReadResult& result, const std::string& source) {
    nlohmann::json j;
    j["source"] = source;
    j["mrz"] = MrzReadingJson(result);
    j["barcodes"] = nlohmann::json::array();
    j["feedback"] = ToString(result.feedback);
    j["error"] = result.error ? nlohmann::json({{"code", ToString(result.error.code)}, {"message", result.error.message}})
                              : nlohmann::json(nullptr);
    j["timings_ms"] = {{"total", Round2(result.timings.total_ms)},
                       {"locate", Round2(result.timings.locate_ms)},
                       {"ocr", Round2(result.timings.ocr_ms)},
                       {"correct", Round2(result.timings.correct_ms)}};
    return j;
}

nlohmann::json ToJson(const ScanUpdate& update, const std::string& source) {
    nlohmann::json j;
    j["source"] = source;
    j["state"] = ToString(update.state);
    if (update.mrz) {
        nlohmann::json m = ToJson(*update.mrz);
        m["lines"] = update.lines;
        m["valid"] = update.state == ScanUpdate::State::Done;
        j["mrz"] = m;
    } else {
        j["mrz"] = nullptr;
    }
    j["feedback"] = ToString(update.feedback);
    j["confidence"] = update.confidence;
    j["frames_used"] = update.frames_used;
    j["frames_seen"] = update.frames_seen;
    j["reason"] = update.reason;
    return j;
}

}  // namespace docintake
