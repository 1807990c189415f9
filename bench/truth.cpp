#include "truth.h"

#include <cmath>
#include <fstream>
#include <stdexcept>

namespace docintake::bench {

TruthRecord MakeRecord(const synth::SynthDocument& doc, const std::string& file, const std::string& profile,
                       std::uint64_t seed, int frame) {
    TruthRecord r;
    r.file = file;
    r.profile = profile;
    r.seed = seed;
    r.frame = frame;
    r.has_document = doc.has_document;
    if (doc.has_document) r.format = ToString(doc.format);
    r.valid = doc.mrz_valid;
    r.lines = doc.mrz_lines;
    r.char_height_px = doc.char_height_px;
    r.width = doc.frame.cols;
    r.height = doc.frame.rows;
    for (size_t i = 0; i < 4; ++i) {
        r.mrz_quad[2 * i] = doc.mrz_quad[i].x;
        r.mrz_quad[2 * i + 1] = doc.mrz_quad[i].y;
    }
    r.effects = doc.effects;
    return r;
}

nlohmann::json ToJson(const TruthRecord& r) {
    nlohmann::json effects = nlohmann::json::object();
    for (const auto& [name, value] : r.effects) effects[name] = std::round(value * 1000) / 1000;
    nlohmann::json quad = nlohmann::json::array();
    for (float v : r.mrz_quad) quad.push_back(std::round(static_cast<double>(v) * 10) / 10);
    return {{"file", r.file},
            {"profile", r.profile},
            {"seed", r.seed},
            {"frame", r.frame},
            {"has_document", r.has_document},
            {"format", r.format},
            {"valid", r.valid},
            {"lines", r.lines},
            {"char_height_px", std::round(r.char_height_px * 100) / 100},
            {"width", r.width},
            {"height", r.height},
            {"mrz_quad", quad},
            {"effects", effects}};
}

TruthRecord FromJson(const nlohmann::json& j) {
    TruthRecord r;
    r.file = j.at("file").get<std::string>();
    r.profile = j.value("profile", "");
    r.seed = j.value("seed", std::uint64_t{0});
    r.frame = j.value("frame", 0);
    r.has_document = j.value("has_document", false);
    r.format = j.value("format", "");
    r.valid = j.value("valid", false);
    r.lines = j.value("lines", std::vector<std::string>{});
    r.char_height_px = j.value("char_height_px", 0.0);
    r.width = j.value("width", 0);
    r.height = j.value("height", 0);
    if (j.contains("mrz_quad") && j["mrz_quad"].size() == 8)
        for (size_t i = 0; i < 8; ++i) r.mrz_quad[i] = j["mrz_quad"][i].get<float>();
    if (j.contains("effects"))
        for (const auto& [name, value] : j["effects"].items()) r.effects.emplace_back(name, value.get<double>());
    return r;
}

std::vector<TruthRecord> ReadTruthFile(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot open " + path);
    std::vector<TruthRecord> out;
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (line.empty()) continue;
        try {
            out.push_back(FromJson(nlohmann::json::parse(line)));
        } catch (const std::exception& e) {
            throw std::runtime_error(path + ":" + std::to_string(number) + ": " + e.what());
        }
    }
    return out;
}

}  // namespace docintake::bench
