// docintake-synth: writes synthetic camera frames of MRZ documents and their
// ground truth (truth.jsonl) to a folder.
//
//   docintake-synth --profile camera --seeds 1000-1199 --out /tmp/camera
//   docintake-synth --profile hard --seeds 5000-5019 --sequence 8 --out /tmp/seq
//   docintake-synth --profile clean --seeds 7000-7024 --frame 960x540 --quality 85 --mrz-txt --out DIR
//
// Seeds 1-99999 are for benchmarks and tests; the OCR model is trained on
// text2image line renderings, never on these frames.

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <CLI/CLI.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "synth/synth.h"
#include "truth.h"

namespace fs = std::filesystem;
using namespace docintake;

namespace {

bool ParseRange(const std::string& text, std::uint64_t& first, std::uint64_t& last) {
    const auto dash = text.find('-');
    try {
        first = std::stoull(text.substr(0, dash));
        last = dash == std::string::npos ? first : std::stoull(text.substr(dash + 1));
    } catch (const std::exception&) {
        return false;
    }
    return first <= last;
}

bool ParseSize(const std::string& text, cv::Size& size) {
    int w = 0, h = 0;
    if (std::sscanf(text.c_str(), "%dx%d", &w, &h) != 2 || w < 64 || h < 64 || w > 8000 || h > 8000) return false;
    size = {w, h};
    return true;
}

bool ParseFormat(const std::string& text, MrzFormat& format) {
    for (MrzFormat f : {MrzFormat::TD1, MrzFormat::TD2, MrzFormat::TD3, MrzFormat::MRVA, MrzFormat::MRVB, MrzFormat::FrenchId})
        if (text == ToString(f)) {
            format = f;
            return true;
        }
    return false;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Synthetic camera frames of MRZ documents, with ground truth"};
    std::string profile_name = "camera", seeds = "1-10", out_dir, frame_text, format_text, ext = "jpg";
    int sequence = 1, quality = 95;
    bool mrz_txt = false, all_valid = false, draw_truth = false, close_up = false;
    app.add_option("--profile", profile_name, "clean, camera, hard, nodoc; test, testnodoc: the sealed test set (docs/benchmarks.md)")->capture_default_str();
    app.add_option("--seeds", seeds, "seed or inclusive range, e.g. 1000-1199")->capture_default_str();
    app.add_option("--out", out_dir, "output folder (created)")->required();
    app.add_option("--sequence", sequence, "frames per document (a hand-held 'video')")->capture_default_str();
    app.add_option("--frame", frame_text, "override the frame size, e.g. 960x540");
    app.add_option("--format", format_text, "only this format: TD1, TD2, TD3, MRVA, MRVB, FRENCH_ID");
    app.add_option("--ext", ext, "jpg or png")->capture_default_str();
    app.add_option("--quality", quality, "JPEG quality of the written files")->capture_default_str();
    app.add_flag("--mrz-txt", mrz_txt, "also write NAME.txt next to NAME.jpg with the expected MRZ lines (blackbox tests)");
    app.add_flag("--all-valid", all_valid, "no documents with a wrong check digit");
    app.add_flag("--close-up", close_up, "only the MRZ must fit in the frame (keeps characters large in small frames)");
    app.add_flag("--draw-truth", draw_truth, "draw the MRZ quad (first corner marked) to check the ground truth by eye");
    CLI11_PARSE(app, argc, argv);

    synth::Profile profile;
    std::uint64_t first = 0, last = 0;
    cv::Size frame_size;
    MrzFormat format = MrzFormat::TD3;
    if (!synth::ParseProfile(profile_name, profile)) return std::fprintf(stderr, "unknown profile %s\n", profile_name.c_str()), 2;
    if (!ParseRange(seeds, first, last)) return std::fprintf(stderr, "bad seed range %s\n", seeds.c_str()), 2;
    if (!frame_text.empty() && !ParseSize(frame_text, frame_size)) return std::fprintf(stderr, "bad frame size\n"), 2;
    if (!format_text.empty() && !ParseFormat(format_text, format)) return std::fprintf(stderr, "bad format\n"), 2;
    if (ext != "jpg" && ext != "png") return std::fprintf(stderr, "--ext must be jpg or png\n"), 2;
    if (sequence < 1 || sequence > 1000) return std::fprintf(stderr, "--sequence must be 1-1000\n"), 2;

    fs::create_directories(out_dir);
    std::ofstream truth(fs::path(out_dir) / "truth.jsonl", std::ios::app);
    const std::vector<int> params = ext == "jpg" ? std::vector<int>{cv::IMWRITE_JPEG_QUALITY, quality} : std::vector<int>{};
    for (std::uint64_t seed = first; seed <= last; ++seed) {
        synth::SynthSpec spec = synth::MakeSpec(profile, seed);
        if (!frame_text.empty()) spec.frame_size = frame_size;
        if (!format_text.empty()) spec.format = format;
        if (all_valid) spec.wrong_check_digit = false;
        if (close_up) spec.whole_document = false;
        const synth::SynthSequence seq(spec);
        for (int i = 0; i < sequence; ++i) {
            synth::SynthDocument doc = seq.Frame(i);
            if (draw_truth && doc.has_document) {
                for (size_t k = 0; k < 4; ++k) cv::line(doc.frame, doc.mrz_quad[k], doc.mrz_quad[(k + 1) % 4], {0, 0, 255}, 1);
                cv::circle(doc.frame, doc.mrz_quad[0], 6, {0, 255, 0}, 2);
            }
            char name[96];
            if (sequence == 1) std::snprintf(name, sizeof name, "%s_%06llu.%s", profile_name.c_str(), static_cast<unsigned long long>(seed), ext.c_str());
            else std::snprintf(name, sizeof name, "%s_%06llu_f%03d.%s", profile_name.c_str(), static_cast<unsigned long long>(seed), i, ext.c_str());
            const fs::path path = fs::path(out_dir) / name;
            if (!cv::imwrite(path.string(), doc.frame, params)) return std::fprintf(stderr, "cannot write %s\n", path.c_str()), 1;
            truth << bench::ToJson(bench::MakeRecord(doc, name, profile_name, seed, i)).dump() << '\n';
            if (mrz_txt && doc.has_document) {
                std::ofstream txt(fs::path(path).replace_extension(".txt"));
                for (const auto& line : doc.mrz_lines) txt << line << '\n';
            }
        }
    }
    return truth.good() ? 0 : 1;
}
