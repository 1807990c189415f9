#pragma once
// The table docintake-bench prints: one column per model, plus the ratio of
// the first to the second (ours / baseline) where both are numbers.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace docintake::bench {

class Report {
public:
    explicit Report(std::vector<std::string> models) : models_(std::move(models)) {}
    void Header();
    // results: one worker summary per model, in the order of the models.
    void FrameSet(const std::string& title, const std::vector<nlohmann::json>& results, bool synthetic);
    void NoDocument(const nlohmann::json& result, const std::string& scenes = "synthetic busy scenes");
    void Scanner(const nlohmann::json& result, int frames_per_sequence, const std::string& set = "'camera' profile");
    // title: what the folder holds ("real images", "MRZ crops of the real images").
    void RealImages(const std::string& dir, const std::vector<nlohmann::json>& results,
                    const std::string& title = "real images");
    // False when a worker failed or a read was reported valid but wrong.
    bool ok() const { return ok_; }

private:
    struct Cell {
        std::string text;
        double value;  // NaN when not a number (no ratio)
    };
    void Row(const std::string& label, const std::vector<Cell>& cells);
    void Columns();
    // The results with failed workers' replaced by empty objects (after printing their error).
    std::vector<nlohmann::json> Usable(const std::vector<nlohmann::json>& results);
    // Real images one by one: status, lines exact, characters right.
    void ImageRows(const std::vector<nlohmann::json>& results);

    std::vector<std::string> models_;
    bool ok_ = true;
};

}  // namespace docintake::bench
