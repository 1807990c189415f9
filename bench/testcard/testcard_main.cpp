// docintake-testcard: writes the self-test card (docintake selftest) as a PNG
// and a one-page A4 PDF holding it at actual size, the ChArUco board for lens
// calibration (docintake calibrate --lens) the same way, and optionally a camera
// shot of the card with known scale, blur and glare, to try the self-test without a camera.
//   docintake-testcard --out DIR [--dpi 600] [--shot FILE --px-per-mm 8 --blur 0.7]
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <opencv2/aruco/charuco.hpp>
#include <opencv2/imgcodecs.hpp>

#include <docintake/calibrate.h>

#include "test_card.h"

namespace {

std::uint32_t BigEndian32(const unsigned char* p) {
    return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | std::uint32_t{p[3]};
}

// A PDF page can show a PNG's compressed pixels as they are: the IDAT chunks
// together are one zlib stream, with PNG's row filters (Predictor 15). Only
// 8-bit grey, non-interlaced PNGs, which is what this program writes.
bool PngToPdf(const std::vector<unsigned char>& png, double width_mm, double height_mm, const std::string& path) {
    static const unsigned char kSignature[8] = {137, 80, 78, 71, 13, 10, 26, 10};
    if (png.size() < 33 || !std::equal(kSignature, kSignature + 8, png.begin())) return false;
    std::uint32_t width = 0, height = 0;
    std::string idat;
    for (std::size_t at = 8; at + 12 <= png.size();) {
        const std::uint32_t len = BigEndian32(&png[at]);
        const std::string type(reinterpret_cast<const char*>(&png[at + 4]), 4);
        if (at + 12 + len > png.size()) return false;
        const unsigned char* data = &png[at + 8];
        if (type == "IHDR") {
            width = BigEndian32(data);
            height = BigEndian32(data + 4);
            if (data[8] != 8 || data[9] != 0 || data[12] != 0) return false;  // 8-bit grey, not interlaced
        } else if (type == "IDAT") {
            idat.append(reinterpret_cast<const char*>(data), len);
        }
        at += 12 + len;
    }
    if (width == 0 || idat.empty()) return false;
    const double pt_per_mm = 72 / 25.4;
    const double page_w = 210 * pt_per_mm, page_h = 297 * pt_per_mm;
    const double w = width_mm * pt_per_mm, h = height_mm * pt_per_mm;
    char content[200];
    std::snprintf(content, sizeof content, "q %.3f 0 0 %.3f %.3f %.3f cm /Card Do Q\n", w, h, (page_w - w) / 2, (page_h - h) / 2);

    std::string pdf = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n";
    std::vector<std::size_t> offsets;
    auto object = [&](const std::string& body) {
        offsets.push_back(pdf.size());
        pdf += std::to_string(offsets.size()) + " 0 obj\n" + body + "\nendobj\n";
    };
    char media[100];
    std::snprintf(media, sizeof media, "[0 0 %.3f %.3f]", page_w, page_h);
    object("<< /Type /Catalog /Pages 2 0 R >>");
    object("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
    object(std::string("<< /Type /Page /Parent 2 0 R /MediaBox ") + media +
           " /Resources << /XObject << /Card 5 0 R >> >> /Contents 4 0 R >>");
    object("<< /Length " + std::to_string(std::strlen(content)) + " >>\nstream\n" + content + "endstream");
    object("<< /Type /XObject /Subtype /Image /Width " + std::to_string(width) + " /Height " + std::to_string(height) +
           " /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode /DecodeParms << /Predictor 15 /Colors 1 "
           "/BitsPerComponent 8 /Columns " +
           std::to_string(width) + " >> /Length " + std::to_string(idat.size()) + " >>\nstream\n" + idat + "\nendstream");
    const std::size_t xref = pdf.size();
    pdf += "xref\n0 " + std::to_string(offsets.size() + 1) + "\n0000000000 65535 f \n";
    for (std::size_t o : offsets) {
        char line[24];
        std::snprintf(line, sizeof line, "%010zu 00000 n \n", o);
        pdf += line;
    }
    pdf += "trailer\n<< /Size " + std::to_string(offsets.size() + 1) + " /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
    std::ofstream out(path, std::ios::binary);
    out << pdf;
    return static_cast<bool>(out);
}

}  // namespace

int main(int argc, char** argv) {
    std::string out_dir, shot_path;
    double dpi = 600, px_per_mm = 8, blur = 0.7, angle = 0, glare_mm = 0;
    CLI::App app{"Writes the docintake self-test card as testcard.png and testcard.pdf (A4, card at actual size)"};
    app.add_option("--out", out_dir, "Output folder (created)")->required();
    app.add_option("--dpi", dpi, "Resolution of the printed card")->check(CLI::Range(150.0, 1200.0))->capture_default_str();
    app.add_option("--shot", shot_path, "Also write a 1920x1080 camera view of the card to this file (in --out)");
    app.add_option("--px-per-mm", px_per_mm, "Scale of the shot at the card")->check(CLI::Range(2.0, 14.0))->capture_default_str();
    app.add_option("--blur", blur, "Gaussian blur of the shot, px")->check(CLI::Range(0.0, 20.0))->capture_default_str();
    app.add_option("--angle", angle, "Rotation of the card in the shot, degrees")->capture_default_str();
    app.add_option("--glare-mm", glare_mm, "Radius of a glare spot over the card's upper MRZs, mm (0: none)")->capture_default_str();
    CLI11_PARSE(app, argc, argv);

    std::error_code ec;
    std::filesystem::create_directories(out_dir, ec);
    const cv::Mat card = docintake::testcard::RenderCard(dpi / 25.4);
    if (card.empty()) {
        std::fprintf(stderr, "docintake-testcard: the OCR-B or DejaVu font is missing (fonts-ocr-b, fonts-dejavu-core)\n");
        return 2;
    }
    std::vector<unsigned char> png;
    if (!cv::imencode(".png", card, png)) return 2;
    const std::string png_path = out_dir + "/testcard.png", pdf_path = out_dir + "/testcard.pdf";
    std::ofstream(png_path, std::ios::binary).write(reinterpret_cast<const char*>(png.data()), static_cast<std::streamsize>(png.size()));
    if (!PngToPdf(png, docintake::testcard::kCardWidthMm, docintake::testcard::kCardHeightMm, pdf_path)) {
        std::fprintf(stderr, "docintake-testcard: could not wrap the PNG in a PDF\n");
        return 2;
    }
    std::printf("%s (%dx%d px at %.0f dpi)\n%s (A4, card %.0f x %.0f mm at actual size)\n", png_path.c_str(), card.cols, card.rows, dpi,
                pdf_path.c_str(), docintake::testcard::kCardWidthMm, docintake::testcard::kCardHeightMm);
    {
        // The lens board at actual size: squares of CharucoBoardSpec's millimetres, 10 mm white margin.
        const docintake::CharucoBoardSpec spec;
        const double board_px_per_mm = dpi / 25.4, margin_mm = 10;
        const double w_mm = spec.squares_x * spec.square_mm + 2 * margin_mm, h_mm = spec.squares_y * spec.square_mm + 2 * margin_mm;
        auto board = cv::aruco::CharucoBoard::create(spec.squares_x, spec.squares_y, static_cast<float>(spec.square_mm),
                                                     static_cast<float>(spec.marker_mm),
                                                     cv::aruco::getPredefinedDictionary(cv::aruco::DICT_5X5_100));
        cv::Mat img;
        board->draw(cv::Size(static_cast<int>(w_mm * board_px_per_mm), static_cast<int>(h_mm * board_px_per_mm)), img,
                    static_cast<int>(margin_mm * board_px_per_mm), 1);
        std::vector<unsigned char> board_png;
        const std::string board_png_path = out_dir + "/charuco.png", board_pdf_path = out_dir + "/charuco.pdf";
        if (!cv::imencode(".png", img, board_png)) return 2;
        std::ofstream(board_png_path, std::ios::binary)
            .write(reinterpret_cast<const char*>(board_png.data()), static_cast<std::streamsize>(board_png.size()));
        if (!PngToPdf(board_png, w_mm, h_mm, board_pdf_path)) return 2;
        std::printf("%s\n%s (A4, ChArUco %dx%d squares of %.0f mm, DICT_5X5_100, for docintake calibrate --lens)\n",
                    board_png_path.c_str(), board_pdf_path.c_str(), spec.squares_x, spec.squares_y, spec.square_mm);
    }
    if (!shot_path.empty()) {
        docintake::testcard::Shot shot;
        shot.px_per_mm = px_per_mm;
        shot.blur_sigma = blur;
        shot.angle_deg = angle;
        shot.glare_mm = {60, 30};
        shot.glare_radius_mm = glare_mm;
        const std::string path = out_dir + "/" + shot_path;
        if (!cv::imwrite(path, docintake::testcard::RenderShot(shot))) return 2;
        std::printf("%s (camera view: %.1f px/mm, blur %.1f px)\n", path.c_str(), px_per_mm, blur);
    }
    return 0;
}
