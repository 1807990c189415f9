// Barcode reading benchmark: read rate and time per 1080p frame for each
// symbology, with and without an MRZ in the frame, on synthetic camera frames
// (realistic module sizes, rotation, perspective, blur, noise, JPEG).
//
//   barcode_bench [frames per case, default 40] [--no-sandbox-row] [--only SYMBOLOGY] [--mrz-only]
//
// --only and --mrz-only keep one symbology or the frames with an MRZ (for profiling one case).
//
// Rows: our engine in process (single-threaded; wall and thread-CPU medians),
// the sandboxed BarcodeReader (wall, including the worker round trip), and, as
// the baseline in the same run, plain ZXing::ReadBarcodes on the whole frame.
// `wrong` counts frames where a symbol of the case's format came back with
// other bytes (for "none": frames where any symbol came back).

#define ZX_USE_UTF8 1
#include <ZXing/ReadBarcode.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <opencv2/core/utility.hpp>
#include <opencv2/imgcodecs.hpp>
#include <random>
#include <string>
#include <vector>

#include "barcode/engine.h"
#include "docintake/barcode.h"
#include "docintake/opencv.h"
#include "support/aamva_compose.h"
#include "support/barcode_render.h"
#include "support/vds_encoder.h"

using namespace docintake;

namespace {

double WallMs() {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
}
double CpuMs() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

struct Case {
    const char* name;
    ZXing::BarcodeFormat format;
    std::string payload;
    float module_lo, module_hi;  // pixels per module in a 1080p frame
};

struct Stats {
    std::vector<double> wall, cpu;
    int ok = 0, wrong = 0, n = 0;  // wrong: a symbol of the case's format with other bytes
    static double Quantile(std::vector<double> v, double q) {
        if (v.empty()) return 0;
        std::sort(v.begin(), v.end());
        return v[static_cast<std::size_t>(q * static_cast<double>(v.size() - 1) + 0.5)];
    }
};

std::string Seal() {
    docintake_test::SealSpec spec;
    spec.icao_version = 3;
    spec.country = "D";
    spec.signer = "DETS";
    spec.cert_ref = "2A";
    spec.document_ref = 0xFD02;
    spec.features = {{2, docintake_test::MrzFeature("MED<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<C01X00T478SYR9001011F3012316<<<<<<<2")},
                     {3, docintake_test::EncodeC40("ABC123456DEF")}};
    const docintake_test::KeyPtr key = docintake_test::GenerateEcKey("brainpoolP256r1");
    docintake_test::Bytes seal = docintake_test::SignSeal(spec, key.get());
    // ECDSA signatures differ on every signing. The bench does not verify, so a
    // fixed r||s of the same length (the signature zone, tag 0xFF, closes the
    // seal) keeps the symbol, and so every frame, the same from run to run.
    const std::size_t n = seal.size();
    if (n > 66 && seal[n - 66] == 0xFF && seal[n - 65] == 64)
        for (std::size_t i = 0; i < 64; ++i) seal[n - 64 + i] = static_cast<std::uint8_t>(i * 97 + 13);
    else
        std::fprintf(stderr, "barcode_bench: unexpected seal layout; the DataMatrix frames vary between runs\n");
    return std::string(seal.begin(), seal.end());
}

// A VDS-NC of typical size (~900 bytes with its certificate); content is filler
// of the right shape, the signature is not checked here.
std::string VdsNcLike() {
    std::string cert(560, 'A');
    for (std::size_t i = 0; i < cert.size(); ++i) cert[i] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"[(i * 37) % 64];
    return R"({"data":{"hdr":{"t":"icao.vacc","v":1,"is":"UTO"},"msg":{"uvci":"U7Q2","pid":{"n":"OKAFOR  CHIDI","dob":"1977-04-05","sex":"M","i":"V47110815"},"ve":[{"des":"XM68M6","nam":"Vaccine","dis":"RA01.0","vd":[{"dvc":"2021-05-01","seq":1,"ctr":"UTO","adm":"Clinic","lot":"L1"}]}]}},"sig":{"alg":"ES256","cer":")" +
           cert + R"(","sigvl":"3S4a8Lk0lKJ3bZr7mQx2cT9vW1yE5uN6oP0aB4dF7gH8iJ9kL2mN3oP4qR5sT6uV7wX8yZ0aB1cD2eF3gH4iJ5k"}})";
}

cv::Mat Frame(const Case& c, const cv::Mat& symbol, unsigned seed, bool mrz) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> u(0, 1);
    testing::Placement p;
    p.seed = seed;
    p.module_px = c.module_lo + (c.module_hi - c.module_lo) * u(rng);
    const float w = static_cast<float>(symbol.cols + 8) * p.module_px, h = static_cast<float>(symbol.rows + 8) * p.module_px;
    // Anywhere the whole symbol (and the MRZ below it) fits.
    const float x_margin = std::min(w / 2 + 60, 900.0f), y_top = std::min(h / 2 + 40, 500.0f);
    const float y_bottom = std::min(h / 2 + (mrz ? 170.0f : 40.0f), 1040.0f - y_top);
    p.centre = {x_margin + (1920 - 2 * x_margin) * u(rng), y_top + std::max(0.0f, 1080 - y_top - y_bottom) * u(rng)};
    p.angle_deg = -15 + 30 * u(rng);
    p.perspective = 0.08f * u(rng);
    p.blur_sigma = 1.2f * u(rng);
    p.noise_sigma = 5 * u(rng);
    p.contrast = 0.7f + 0.3f * u(rng);
    p.mrz = mrz;
    const cv::Mat frame = testing::PlaceInFrame(symbol, p);
    std::vector<std::uint8_t> jpeg;
    cv::imencode(".jpg", frame, jpeg, {cv::IMWRITE_JPEG_QUALITY, 85});
    return cv::imdecode(jpeg, cv::IMREAD_GRAYSCALE);
}

bool Has(const std::vector<std::vector<std::uint8_t>>& found, const std::string& want) {
    for (const auto& b : found)
        if (std::string(b.begin(), b.end()) == want) return true;
    return false;
}

// `found` holds only symbols of the case's format: any other bytes are a misread
// (each frame holds one symbol).
bool Wrong(const std::vector<std::vector<std::uint8_t>>& found, const std::string& want) {
    for (const auto& b : found)
        if (std::string(b.begin(), b.end()) != want) return true;
    return false;
}

BarcodeFormat Ours(ZXing::BarcodeFormat f) {
    switch (f) {
        case ZXing::BarcodeFormat::PDF417: return BarcodeFormat::PDF417;
        case ZXing::BarcodeFormat::DataMatrix: return BarcodeFormat::DataMatrix;
        case ZXing::BarcodeFormat::QRCode: return BarcodeFormat::QRCode;
        default: return BarcodeFormat::Aztec;
    }
}

// The sandboxed rows have no CPU column: the work happens in the worker.
void Print(const char* name, const char* row, const Stats& s) {
    char cpu[16] = "      -";
    if (!s.cpu.empty()) std::snprintf(cpu, sizeof cpu, "%7.1f", Stats::Quantile(s.cpu, 0.5));
    std::printf("%-11s %-22s %3d/%-3d %5.0f%%  %5d  %7.1f %7.1f  %s\n", name, row, s.ok, s.n,
                100.0 * s.ok / std::max(1, s.n), s.wrong, Stats::Quantile(s.wall, 0.5), Stats::Quantile(s.wall, 0.9), cpu);
}

}  // namespace

int main(int argc, char** argv) {
    int frames = 40;
    bool sandbox_row = true, mrz_only = false;
    std::string only;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--no-sandbox-row") sandbox_row = false;
        else if (a == "--mrz-only") mrz_only = true;
        else if (a == "--only" && i + 1 < argc) only = argv[++i];
        else if (std::atoi(a.c_str()) > 0) frames = std::atoi(a.c_str());
        else {
            std::fprintf(stderr, "usage: barcode_bench [FRAMES] [--no-sandbox-row] [--only SYMBOLOGY] [--mrz-only]\n");
            return 2;
        }
    }
    cv::setNumThreads(0);  // single-threaded, as the target says
    const std::vector<Case> cases = {
        {"PDF417", ZXing::BarcodeFormat::PDF417, testing::ComposeAamva({}, 10), 3.2f, 4.8f},
        {"DataMatrix", ZXing::BarcodeFormat::DataMatrix, Seal(), 4.0f, 7.0f},
        {"QRCode", ZXing::BarcodeFormat::QRCode, VdsNcLike(), 3.0f, 4.5f},
        {"Aztec", ZXing::BarcodeFormat::Aztec, "ICAO TEST TICKET 2024-03-01 UTO MUSTERMANN ERIKA C01X00T47", 4.0f, 6.0f},
    };
    BarcodeReader sandboxed;
    std::printf("%d frames per row, 1920x1080, JPEG q85. Times in ms per frame (median, p90 wall; median thread CPU).\n",
                frames);
    std::printf("%-11s %-22s %-8s %5s  %5s  %7s %7s  %7s\n", "symbology", "reader", "read", "rate", "wrong", "wall50",
                "wall90", "cpu50");
    for (const Case& c : cases) {
        if (!only.empty() && only != c.name) continue;
        const cv::Mat symbol = testing::RenderSymbol(c.format, c.payload);
        for (bool mrz : {false, true}) {
            if (mrz_only && !mrz) continue;
            Stats ours, sandbox, baseline;
            for (int i = 0; i < frames; ++i) {
                const cv::Mat frame = Frame(c, symbol, static_cast<unsigned>(1000 * (mrz ? 2 : 1) + i), mrz);
                {
                    const double w0 = WallMs(), c0 = CpuMs();
                    const auto symbols = barcode::DecodeSymbols(frame, barcode::EngineOptions{});
                    ours.wall.push_back(WallMs() - w0);
                    ours.cpu.push_back(CpuMs() - c0);
                    std::vector<std::vector<std::uint8_t>> bytes;
                    for (const auto& s : symbols)
                        if (s.format == Ours(c.format)) bytes.push_back(s.bytes);
                    ours.ok += Has(bytes, c.payload);
                    ours.wrong += Wrong(bytes, c.payload);
                    ++ours.n;
                }
                if (sandbox_row) {
                    const BarcodeReadResult r = sandboxed.Read(ViewOf(frame));
                    sandbox.wall.push_back(r.time_ms);
                    std::vector<std::vector<std::uint8_t>> bytes;
                    for (const auto& b : r.barcodes)
                        if (b.format == Ours(c.format)) bytes.push_back(b.bytes);
                    sandbox.ok += Has(bytes, c.payload);
                    sandbox.wrong += Wrong(bytes, c.payload);
                    ++sandbox.n;
                }
                {
                    ZXing::DecodeHints hints;
                    hints.setFormats(ZXing::BarcodeFormat::PDF417 | ZXing::BarcodeFormat::DataMatrix |
                                     ZXing::BarcodeFormat::QRCode | ZXing::BarcodeFormat::Aztec);
                    const double w0 = WallMs(), c0 = CpuMs();
                    const ZXing::Results results = ZXing::ReadBarcodes(
                        ZXing::ImageView(frame.data, frame.cols, frame.rows, ZXing::ImageFormat::Lum), hints);
                    baseline.wall.push_back(WallMs() - w0);
                    baseline.cpu.push_back(CpuMs() - c0);
                    std::vector<std::vector<std::uint8_t>> bytes;
                    for (const auto& r : results)
                        if (r.isValid() && r.format() == c.format) bytes.emplace_back(r.bytes().begin(), r.bytes().end());
                    baseline.ok += Has(bytes, c.payload);
                    baseline.wrong += Wrong(bytes, c.payload);
                    ++baseline.n;
                }
            }
            const std::string suffix = mrz ? " +MRZ" : "";
            Print(c.name, ("ours in-process" + suffix).c_str(), ours);
            if (sandbox_row) Print(c.name, ("ours sandboxed" + suffix).c_str(), sandbox);
            Print(c.name, ("ZXing whole frame" + suffix).c_str(), baseline);
        }
    }
    if (!only.empty() || mrz_only) return 0;
    // What a kiosk pays for every frame without a symbol.
    Stats empty;
    for (int i = 0; i < frames; ++i) {
        testing::Placement p;
        p.mrz = i % 2 == 1;
        p.seed = static_cast<unsigned>(3000 + i);
        cv::Mat frame = testing::DocumentBackground({1920, 1080}, p.seed);
        if (p.mrz) testing::DrawMrz(frame, {480, 700});
        const double w0 = WallMs(), c0 = CpuMs();
        empty.wrong += !barcode::DecodeSymbols(frame, barcode::EngineOptions{}).empty();
        empty.wall.push_back(WallMs() - w0);
        empty.cpu.push_back(CpuMs() - c0);
        ++empty.n;
    }
    Print("none", "ours in-process", empty);
    return 0;
}
