#include "ocr/zone_reader.h"

#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>

#include "ocr/align.h"

namespace docintake::ocr {
namespace {

int InkWidth(const cv::Mat& gray) {
    cv::Mat ink, columns;
    cv::threshold(gray, ink, 0, 255, cv::THRESH_BINARY_INV | cv::THRESH_OTSU);
    cv::reduce(ink, columns, 0, cv::REDUCE_SUM, CV_32S);
    int left = -1, right = -1;
    for (int x = 0; x < columns.cols; ++x)
        if (columns.at<int>(0, x) > 0) {
            if (left < 0) left = x;
            right = x;
        }
    return left < 0 ? 0 : right - left + 1;
}

}  // namespace

cv::Mat TightCrop(const cv::Mat& gray_line) {
    if (gray_line.empty() || gray_line.type() != CV_8UC1) return gray_line;
    cv::Mat ink;
    cv::threshold(gray_line, ink, 0, 1, cv::THRESH_BINARY_INV | cv::THRESH_OTSU);
    cv::Mat rows;
    cv::reduce(ink, rows, 1, cv::REDUCE_SUM, CV_32S);
    // The text band: the run of rows with ink in more than a few percent of the
    // columns that holds the most ink.
    const int min_row_ink = std::max(2, gray_line.cols / 50);
    int best_top = -1, best_bottom = -1;
    long best_mass = 0;
    for (int y = 0; y < rows.rows;) {
        if (rows.at<int>(y, 0) < min_row_ink) {
            ++y;
            continue;
        }
        const int top = y;
        long mass = 0;
        while (y < rows.rows && rows.at<int>(y, 0) >= min_row_ink) mass += rows.at<int>(y++, 0);
        if (mass > best_mass) {
            best_mass = mass;
            best_top = top;
            best_bottom = y;
        }
    }
    if (best_top < 0) return gray_line;
    const int band = best_bottom - best_top;
    cv::Mat columns;
    cv::reduce(ink.rowRange(best_top, best_bottom), columns, 0, cv::REDUCE_SUM, CV_32S);
    int left = -1, right = -1;
    for (int x = 0; x < columns.cols; ++x)
        if (columns.at<int>(0, x) >= 2) {
            if (left < 0) left = x;
            right = x + 1;
        }
    if (left < 0) return gray_line;
    const int pad_y = std::max(3, band / 8);
    const int pad_x = std::max(4, band / 4);
    cv::Mat out(band + 2 * pad_y, right - left + 2 * pad_x, CV_8UC1, cv::Scalar(255));
    // Pad with the paper's own level, not pure white, where the source has room.
    const cv::Rect want(left - pad_x, best_top - pad_y, out.cols, out.rows);
    const cv::Rect have = want & cv::Rect(0, 0, gray_line.cols, gray_line.rows);
    gray_line(have).copyTo(out(cv::Rect(have.x - want.x, have.y - want.y, have.width, have.height)));
    return out;
}

int GuessLineLength(const std::vector<ZoneLine>& lines, const std::vector<std::vector<OcrSymbol>>& symbols) {
    if (lines.size() == 3) return 30;
    if (lines.size() != 2) return 0;
    // Votes for 36 and 44 from each line's extent/pitch and symbol count.
    double score36 = 0, score44 = 0;
    for (std::size_t k = 0; k < lines.size(); ++k) {
        std::vector<double> estimates;
        if (lines[k].pitch > 0) estimates.push_back(InkWidth(lines[k].image) / lines[k].pitch);
        if (k < symbols.size() && !symbols[k].empty()) estimates.push_back(static_cast<double>(symbols[k].size()));
        for (double n : estimates) {
            score36 += std::abs(n - 36);
            score44 += std::abs(n - 44);
        }
    }
    if (score36 == 0 && score44 == 0) return 0;
    return score36 < score44 ? 36 : 44;
}

ZoneReading ReadZone(LineOcr& ocr, const std::vector<ZoneLine>& lines) {
    ZoneReading reading;
    if (lines.empty()) return reading;
    std::vector<ZoneLine> cropped;
    for (const ZoneLine& l : lines) cropped.push_back({TightCrop(l.image), l.pitch});
    std::vector<std::vector<OcrSymbol>> per_line;
    for (const ZoneLine& l : cropped) per_line.push_back(ocr.Recognize(l.image));
    reading.line_length = GuessLineLength(cropped, per_line);
    if (reading.line_length == 0) return reading;
    for (std::size_t k = 0; k < cropped.size(); ++k) {
        const CellLayout cells = EstimateCells(cropped[k].image, reading.line_length, cropped[k].pitch);
        auto positions = AlignToCells(per_line[k], cells);
        reading.raw.push_back(TopText(positions));
        reading.candidates.lines.push_back(std::move(positions));
    }
    return reading;
}

}  // namespace docintake::ocr
