#pragma once
// Ground truth of generated frames: one JSON object per frame in truth.jsonl,
// written by docintake-synth and read by docintake-bench.
//
// {"file":"camera_000123.jpg","profile":"camera","seed":123,"frame":0,"has_document":true,
//  "format":"TD3","valid":true,"lines":["P<...","..."],"char_height_px":17.3,
//  "width":1920,"height":1080,"mrz_quad":[x0,y0,...,x3,y3],"effects":{"rotation_deg":3.1,...}}

#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "synth/synth.h"

namespace docintake::bench {

struct TruthRecord {
    std::string file;             // relative to the truth file's folder
    std::string profile;
    std::uint64_t seed = 0;
    int frame = 0;                // index within a sequence (0 for single frames)
    bool has_document = false;
    std::string format;           // "TD1" ... "MRVB"; empty without a document
    bool valid = false;           // the printed MRZ passes every check
    std::vector<std::string> lines;
    double char_height_px = 0;
    int width = 0, height = 0;
    std::array<float, 8> mrz_quad{};
    std::vector<std::pair<std::string, double>> effects;
};

TruthRecord MakeRecord(const synth::SynthDocument& doc, const std::string& file, const std::string& profile,
                       std::uint64_t seed, int frame);
nlohmann::json ToJson(const TruthRecord& record);
TruthRecord FromJson(const nlohmann::json& j);
// Reads truth.jsonl; throws std::runtime_error on an unreadable file or bad line.
std::vector<TruthRecord> ReadTruthFile(const std::string& path);

}  // namespace docintake::bench
