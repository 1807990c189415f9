#pragma once
// Shared pieces of docintake-bench: what one frame's reading scored, and the
// aggregation into the figures the table prints.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace docintake::bench {

// One frame to read, with whatever truth there is.
struct FrameItem {
    std::string path;
    bool has_truth = false;      // lines below are exact ground truth
    bool has_document = true;
    bool truth_valid = false;    // the printed MRZ passes every check
    std::vector<std::string> lines;
    double char_height_px = 0;   // 0 when unknown (real images)
    int width = 0, height = 0;
    std::string group;           // sequence key (seed) for the scanner
    int frame = 0;
    std::string label;           // real images: "100", "25"... the PassportEye score prefix
    std::vector<std::string> tags;  // conditions of a generated frame: "format TD1", "upside down", "glare on MRZ"...
};

// Synthetic folder (truth.jsonl) or an image folder with NAME.mrz.txt / NAME.txt sidecars.
std::vector<FrameItem> LoadSynthFolder(const std::string& dir);
std::vector<FrameItem> LoadImageFolder(const std::string& dir);

struct FrameOutcome {
    bool has_truth = false, has_document = false, truth_valid = false;
    double char_height_px = 0;
    bool is_1080p = false;
    bool found = false;            // the reader returned MRZ lines
    bool reported_valid = false;   // status Valid
    bool exact = false;            // returned lines == truth
    int chars = 0;                 // truth characters
    int errors_final = 0;          // edit distance of the returned lines to the truth
    int errors_raw = 0;            // ... of the raw OCR lines
    double ms = 0, locate_ms = 0, ocr_ms = 0, correct_ms = 0;
    double cpu_ms = 0;             // process CPU time of the read: robust to other load on the machine
    std::string feedback, status, label;
    std::vector<std::string> tags;
    // Line by line against the truth (images with a sidecar): lines equal to their
    // truth line, and truth characters right (line length minus the edit distance
    // to the returned line with the same index; a missing line has none right).
    std::string file;              // file name without folder
    int lines = 0, lines_exact = 0, chars_right = 0;
};

// Scores `got` against `truth` line by line into o.lines, o.lines_exact, o.chars_right.
void ScoreLines(const std::vector<std::string>& got, const std::vector<std::string>& truth, FrameOutcome& o);

// The MRZ crops of the real images: for each row of the TSV (image, x, y, width,
// height; '#' comments) whose image in real_dir has a NAME.mrz.txt sidecar, writes
// the cropped rectangle as out_dir/STEM.crop.png with its sidecar beside it.
// Returns the number of crops written, or -1 (after a message on stderr) when the
// TSV cannot be read or a row does not fit its image.
int MakeRealCrops(const std::string& real_dir, const std::string& tsv, const std::string& out_dir);

// Character-height buckets of the report ("<12", "12-14", "14-20", "20+", "unknown").
std::string HeightBucket(double char_height_px);

// Edit distance between two MRZs (lines joined with '\n').
int MrzEditDistance(const std::vector<std::string>& a, const std::vector<std::string>& b);

// Aggregates frame outcomes into JSON: counts per bucket, times, etc.
nlohmann::json Summarize(const std::vector<FrameOutcome>& outcomes);

double Percentile(std::vector<double> values, double p);  // p in 0..100; NaN when empty

// Peak resident set size of this process in MB (getrusage ru_maxrss).
double PeakRssMb();
// CPU time used by this process so far, in ms (all threads).
double ProcessCpuMs();

// Workers: run one configuration in this process and print one JSON object.
int RunFramesWorker(const std::string& dir, bool synthetic, const std::string& model_name,
                    const std::string& model_dir, const std::string& details_path,
                    double min_char_height_px = 0);  // 0: the reader's default
int RunScannerWorker(const std::string& dir, const std::string& model_name, const std::string& model_dir);

}  // namespace docintake::bench
