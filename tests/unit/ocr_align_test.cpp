// Mapping OCR symbols to MRZ character cells, on synthetic symbols (no OCR).
#include <doctest/doctest.h>

#include <opencv2/imgproc.hpp>

#include "ocr/align.h"
#include "ocr/zone_reader.h"

using namespace docintake;
using namespace docintake::ocr;

namespace {

constexpr double kPitch = 20;
constexpr double kFirst = 30;  // centre of cell 0

// One symbol per character of `text`, centred on its cell plus `jitter[i]`.
std::vector<OcrSymbol> Symbols(const std::string& text, float p = 0.95f, double shift = 0) {
    std::vector<OcrSymbol> out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const double c = kFirst + kPitch * static_cast<double>(i) + shift;
        OcrSymbol s;
        s.x0 = static_cast<float>(c - 7);
        s.x1 = static_cast<float>(c + 7);
        s.alternatives = {{text[i], p}};
        out.push_back(s);
    }
    return out;
}

CellLayout Cells(int length, double first = kFirst, double pitch = kPitch) { return {first, pitch, length}; }

}  // namespace

TEST_CASE("one symbol per cell maps straight through, even with a poor estimate") {
    const std::string text = "L898902C36UTO7408122F1204159ZE184226B<<<<<10";
    const auto cells = AlignToCells(Symbols(text), Cells(44, kFirst + 9, kPitch * 1.06));
    CHECK(TopText(cells) == text);
    CHECK(cells[0].front().probability == doctest::Approx(0.95f));
}

TEST_CASE("a dropped filler leaves its cell unreadable, not a shift") {
    // Its cell is left to CorrectMrz (an unreadable cell, its filler's class
    // decides); the rule that wrote a doubtful '<' there cost nothing when
    // removed (docs/reading-policy.md).
    const std::string text = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<";
    auto symbols = Symbols(text);
    symbols.erase(symbols.begin() + 30);  // Tesseract lost one '<' in the run
    const auto cells = AlignToCells(symbols, Cells(44));
    CHECK(TopText(cells) == "P<UTOERIKSSON<<ANNA<MARIA<<<<<?<<<<<<<<<<<<<");
    CHECK(cells[30].empty());
    CHECK(cells[29].front().probability == doctest::Approx(0.95f));
    CHECK(cells[31].front().probability == doctest::Approx(0.95f));
}

TEST_CASE("a dropped letter is an unreadable cell, never a guess") {
    const std::string text = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<";
    auto symbols = Symbols(text);
    symbols.erase(symbols.begin() + 8);  // the 'K' of ERIKSSON
    const auto cells = AlignToCells(symbols, Cells(44));
    CHECK(TopText(cells) == "P<UTOERI?SSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<");
    CHECK(cells[8].empty());
}

TEST_CASE("a doubled symbol is dropped, the rest stays in place") {
    const std::string text = "I<UTOD231458907<<<<<<<<<<<<<<<";
    auto symbols = Symbols(text);
    OcrSymbol twin = symbols[20];
    twin.x0 += 8;
    twin.x1 += 8;
    symbols.insert(symbols.begin() + 21, twin);
    const auto cells = AlignToCells(symbols, Cells(30));
    CHECK(TopText(cells) == text);
}

TEST_CASE("trailing fillers lost at the end of the line leave their cells unreadable") {
    const std::string text = "VCPOLKOWALSKA<KWIATKOWSKA<<BEATA<<<<";
    auto symbols = Symbols(text);
    symbols.resize(33);
    const auto cells = AlignToCells(symbols, Cells(36));
    CHECK(TopText(cells) == "VCPOLKOWALSKA<KWIATKOWSKA<<BEATA<???");
    CHECK(cells[35].empty());
}

TEST_CASE("symbols shifted by a third of a pitch still land in their cells") {
    const std::string text = "D231458907UTO7408122F1204159<<<<<<<6";
    auto symbols = Symbols(text, 0.9f, kPitch / 3);
    symbols.erase(symbols.begin() + 3);
    const auto cells = AlignToCells(symbols, Cells(36));
    CHECK(TopText(cells) == "D23?458907UTO7408122F1204159<<<<<<<6");
}

TEST_CASE("cells from the ink extent of a line image") {
    cv::Mat line(40, 500, CV_8UC1, cv::Scalar(255));
    // 20 dark blocks, 10 px wide, on a 20 px pitch starting at x = 45.
    for (int i = 0; i < 20; ++i) cv::rectangle(line, cv::Rect(45 + 20 * i, 10, 10, 20), cv::Scalar(0), cv::FILLED);
    const CellLayout with_hint = EstimateCells(line, 20, 20);
    CHECK(with_hint.pitch == doctest::Approx(20));
    CHECK(with_hint.first_center == doctest::Approx(49.5).epsilon(0.02));
    const CellLayout derived = EstimateCells(line, 20, 0);
    CHECK(derived.pitch == doctest::Approx(390.0 / 19.75).epsilon(0.001));
}

TEST_CASE("tight crop keeps the text band and drops a neighbouring line's edge") {
    cv::Mat line(80, 300, CV_8UC1, cv::Scalar(250));
    cv::rectangle(line, cv::Rect(40, 30, 200, 20), cv::Scalar(10), cv::FILLED);  // the text
    cv::rectangle(line, cv::Rect(40, 0, 200, 4), cv::Scalar(10), cv::FILLED);    // the line above
    const cv::Mat crop = TightCrop(line);
    // Band of 20 rows plus 3 each side; 200 columns plus 5 each side.
    CHECK(crop.rows == 26);
    CHECK(crop.cols == 210);
    CHECK(crop.at<unsigned char>(0, 0) == 250);
    CHECK(crop.at<unsigned char>(13, 100) == 10);
}

TEST_CASE("line length from the symbol count when no pitch is known") {
    std::vector<ZoneLine> two(2, ZoneLine{cv::Mat(30, 100, CV_8UC1, cv::Scalar(255)), 0});
    std::vector<std::vector<OcrSymbol>> symbols(2);
    symbols[0].resize(42);
    symbols[1].resize(45);
    CHECK(GuessLineLength(two, symbols) == 44);
    symbols[0].resize(35);
    symbols[1].resize(37);
    CHECK(GuessLineLength(two, symbols) == 36);
    std::vector<ZoneLine> three(3, two[0]);
    CHECK(GuessLineLength(three, {}) == 30);
    CHECK(GuessLineLength({two[0]}, {}) == 0);
}
