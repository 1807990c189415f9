// SelfTest: read the printed test card over frames and judge (selftest.h).
#include "docintake/selftest.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

#include <opencv2/imgproc.hpp>

#include "calibrate/focus.h"
#include "docintake/read_mrz.h"
#include "vision/gray.h"

namespace docintake {
namespace {

// Margins are looked for in these steps; the first that loses an MRZ ends the search.
constexpr std::array<double, 6> kBlurSteps = {0.5, 0.75, 1.0, 1.5, 2.0, 3.0};
constexpr std::array<double, 4> kDistanceSteps = {1.15, 1.33, 1.6, 2.0};
constexpr std::array<double, 4> kGlareSteps = {0.5, 1.0, 2.0, 3.0};  // spot diameters in character heights

std::string Format(const char* fmt, double a = 0, double b = 0, double c = 0) {
    char buf[256];
    std::snprintf(buf, sizeof buf, fmt, a, b, c);
    return buf;
}

double Median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

// Covers a read zone (and a character height around it) with the level around
// it, so that the next read finds the card's other zones.
void MaskZone(cv::Mat& gray, const MrzReadResult& r) {
    std::array<cv::Point2f, 4> q;
    cv::Point2f centre(0, 0);
    for (std::size_t i = 0; i < 4; ++i) {
        q[i] = cv::Point2f(r.quad[2 * i], r.quad[2 * i + 1]);
        centre += q[i] * 0.25f;
    }
    std::array<cv::Point, 4> grown;
    for (std::size_t i = 0; i < 4; ++i) {
        cv::Point2f d = q[i] - centre;
        const double n = std::hypot(d.x, d.y);
        if (n > 0) d *= static_cast<float>((n + 1.2 * r.char_height_px) / n);
        grown[i] = cv::Point(static_cast<int>(std::lround(centre.x + d.x)), static_cast<int>(std::lround(centre.y + d.y)));
    }
    const cv::Rect box = cv::boundingRect(std::vector<cv::Point>(grown.begin(), grown.end())) & cv::Rect(0, 0, gray.cols, gray.rows);
    if (box.empty()) return;
    const double level = cv::mean(gray(box))[0];
    cv::fillConvexPoly(gray, grown.data(), 4, cv::Scalar(level));
}

}  // namespace

const std::vector<TestCardMrz>& TestCardMrzs() {
    // A fictional specimen (UTO is ICAO's specimen state), all check digits
    // right, composed independently with tests/support/mrz_compose.h.
    static const std::vector<TestCardMrz> card = {
        {MrzFormat::TD3, {"P<UTOSPECIMEN<<TEST<CARD<<<<<<<<<<<<<<<<<<<<", "T03S000035UTO9001011X3612314<<<<<<<<<<<<<<<8"}},
        {MrzFormat::TD2, {"I<UTOSPECIMEN<<TEST<CARD<<<<<<<<<<<<", "T02S000023UTO9001011X3612314<<<<<<<2"}},
        {MrzFormat::TD1, {"I<UTOT01S000011<<<<<<<<<<<<<<<", "9001011X3612314UTO<<<<<<<<<<<6", "SPECIMEN<<TEST<CARD<<<<<<<<<<<"}},
        {MrzFormat::MRVA, {"V<UTOSPECIMEN<<TEST<CARD<<<<<<<<<<<<<<<<<<<<", "T04S000047UTO9001011X3612314<<<<<<<<<<<<<<<<"}},
        {MrzFormat::MRVB, {"V<UTOSPECIMEN<<TEST<CARD<<<<<<<<<<<<", "T05S000059UTO9001011X3612314<<<<<<<<"}},
    };
    return card;
}

const std::vector<TestCardBarcode>& TestCardBarcodes() {
    static const std::vector<TestCardBarcode> card = {
        {BarcodeFormat::QRCode, "DOCINTAKE SELFTEST QR 1"},
        {BarcodeFormat::DataMatrix, "DOCINTAKE SELFTEST DATAMATRIX 1"},
        {BarcodeFormat::Aztec, "DOCINTAKE SELFTEST AZTEC 1"},
        {BarcodeFormat::PDF417, "DOCINTAKE SELFTEST PDF417 1"},
    };
    return card;
}

int SelfTest::FrameRead::count() const { return static_cast<int>(std::count(read.begin(), read.end(), true)); }

SelfTest::SelfTest(MrzReader& reader, SelfTestOptions options, BarcodeReader* barcodes)
    : reader_(reader), options_(options), barcode_reader_(barcodes), barcode_reads_(TestCardBarcodes().size(), 0),
      reads_(TestCardMrzs().size(), 0) {}

SelfTest::FrameRead SelfTest::ReadAllGray(std::vector<std::uint8_t>& pixels, int width, int height, FrameMeasures* measures) {
    const std::vector<TestCardMrz>& card = TestCardMrzs();
    FrameRead out;
    out.read.assign(card.size(), false);
    out.where.assign(card.size(), {0, 0, 0});
    cv::Mat gray(height, width, CV_8UC1, pixels.data());
    // One more attempt than the card has zones: a zone read twice is masked the first time.
    for (std::size_t attempt = 0; attempt <= card.size(); ++attempt) {
        const ImageView view(gray.data, width, height, PixelFormat::Gray);
        const MrzReadResult r = reader_.Read(view);
        if (r.error) {
            error_ = r.error;
            break;
        }
        if (r.char_height_px <= 0) break;  // no zone left
        if (measures && attempt == 0) *measures = MeasureFrame(view, &r);
        if (r.valid()) {
            bool matched = false;
            for (std::size_t i = 0; i < card.size(); ++i)
                if (r.lines == card[i].lines) {
                    out.read[i] = true;
                    out.where[i] = {(r.quad[0] + r.quad[2] + r.quad[4] + r.quad[6]) / 4.0,
                                    (r.quad[1] + r.quad[3] + r.quad[5] + r.quad[7]) / 4.0, r.char_height_px};
                    matched = true;
                }
            if (!matched) ++out.wrong;
        }
        MaskZone(gray, r);
    }
    return out;
}

SelfTest::FrameRead SelfTest::ReadAll(const ImageView& frame, FrameMeasures* measures) {
    const cv::Mat gray = vision::ToGray(frame);
    std::vector<std::uint8_t> pixels(gray.total());
    for (int y = 0; y < gray.rows; ++y) std::copy_n(gray.ptr<std::uint8_t>(y), gray.cols, pixels.data() + static_cast<std::size_t>(y) * gray.cols);
    const std::vector<std::uint8_t> original = pixels;
    FrameRead read = ReadAllGray(pixels, gray.cols, gray.rows, measures);
    if (read.count() > best_count_) {
        best_ = original;
        best_width_ = gray.cols;
        best_height_ = gray.rows;
        best_count_ = read.count();
    }
    return read;
}

std::vector<bool> SelfTest::ReadBarcodes(const ImageView& frame) {
    const std::vector<TestCardBarcode>& card = TestCardBarcodes();
    std::vector<bool> seen(card.size(), false);
    // The reader is made for one symbol per document: read, mask what was
    // found, read again, as for the MRZs.
    cv::Mat gray = vision::ToGray(frame).clone();
    for (std::size_t attempt = 0; attempt < card.size(); ++attempt) {
        const BarcodeReadResult symbols = barcode_reader_->Read(ImageView(gray.data, gray.cols, gray.rows, PixelFormat::Gray,
                                                                         static_cast<int>(gray.step[0])));
        if (symbols.error) {
            if (!error_) error_ = symbols.error;
            break;
        }
        if (symbols.barcodes.empty()) break;
        for (const BarcodeRead& b : symbols.barcodes) {
            for (std::size_t i = 0; i < card.size(); ++i)
                if (b.format == card[i].format && std::string(b.bytes.begin(), b.bytes.end()) == card[i].text) seen[i] = true;
            std::vector<cv::Point> quad;
            for (std::size_t k = 0; k < 4; ++k)
                quad.emplace_back(static_cast<int>(std::lround(b.quad[2 * k])), static_cast<int>(std::lround(b.quad[2 * k + 1])));
            const cv::Rect box = cv::boundingRect(quad) & cv::Rect(0, 0, gray.cols, gray.rows);
            if (box.empty()) continue;
            // Grown by a tenth of the symbol each way: its quiet zone and edge modules go too.
            const int grow = std::max(4, std::max(box.width, box.height) / 10);
            const cv::Rect wide = cv::Rect(box.x - grow, box.y - grow, box.width + 2 * grow, box.height + 2 * grow) &
                                  cv::Rect(0, 0, gray.cols, gray.rows);
            cv::rectangle(gray, wide, cv::Scalar(cv::mean(gray(wide))[0] > 128 ? 230 : 128), cv::FILLED);
        }
    }
    return seen;
}

void SelfTest::Push(const ImageView& frame) {
    if (frames_ == 0) start_ = std::chrono::steady_clock::now();
    ++frames_;
    if (!frame.valid()) {
        run_ = 0;
        return;
    }
    FrameMeasures m = meter_.Push(frame);  // replaced by the measures with the first MRZ read, when there is one
    const std::optional<double> motion = m.motion;
    const FrameRead read = ReadAll(frame, &m);
    m.motion = motion;
    per_frame_.push_back(m);
    if (m.px_per_mm) scales_.push_back(*m.px_per_mm);
    if (m.mrz_sharpness) sharpness_.push_back(*m.mrz_sharpness);
    glare_ = std::max(glare_, m.glare_fraction);
    wrong_ += read.wrong;
    if (barcode_reader_) {
        const std::vector<bool> seen = ReadBarcodes(frame);
        for (std::size_t i = 0; i < seen.size(); ++i) barcode_reads_[i] += seen[i] ? 1 : 0;
    }
    for (std::size_t i = 0; i < read.read.size(); ++i) reads_[i] += read.read[i] ? 1 : 0;
    last_ms_ = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start_).count();
    if (read.count() > 0) {
        ++frames_read_;
        if (++run_ >= options_.stable_frames && !stable_frame_) {
            stable_frame_ = frames_ - 1;
            stable_ms_ = last_ms_;
        }
    } else {
        run_ = 0;
    }
}

SelfTestReport SelfTest::Finish() {
    const std::vector<TestCardMrz>& card = TestCardMrzs();
    // Fewer frames than a stable run needs (a single photo of the card): every
    // one of them reading is as stable as they can show.
    if (!stable_frame_ && frames_ > 0 && frames_ < options_.stable_frames && run_ == frames_) {
        stable_frame_ = frames_ - 1;
        stable_ms_ = last_ms_;
    }
    SelfTestReport rep;
    rep.error = error_;
    rep.frames = frames_;
    rep.frames_read = frames_read_;
    rep.wrong_reads = wrong_;
    rep.first_stable_frame = stable_frame_;
    rep.first_stable_ms = stable_ms_;
    rep.glare_fraction = glare_;
    if (!scales_.empty()) rep.px_per_mm = Median(scales_);
    if (!sharpness_.empty()) rep.mrz_sharpness = Median(sharpness_);
    int worst = frames_;
    std::size_t worst_format = 0;
    for (std::size_t i = 0; i < card.size(); ++i) {
        rep.formats.push_back({card[i].format, reads_[i]});
        if (reads_[i] < worst) {
            worst = reads_[i];
            worst_format = i;
        }
    }
    std::string worst_name = ToString(card[worst_format].format);
    if (barcode_reader_) {
        const std::vector<TestCardBarcode>& symbols = TestCardBarcodes();
        for (std::size_t i = 0; i < symbols.size(); ++i) {
            rep.barcodes.push_back({symbols[i].format, barcode_reads_[i]});
            if (barcode_reads_[i] < worst) {
                worst = barcode_reads_[i];
                worst_name = ToString(symbols[i].format);
            }
        }
    }
    rep.read_rate = frames_ > 0 ? static_cast<double>(worst) / frames_ : 0;

    if (options_.measure_margins && best_count_ > 0 && !error_) {
        std::vector<std::uint8_t> scratch = best_;
        const FrameRead base = ReadAllGray(scratch, best_width_, best_height_, nullptr);
        // Should the best frame read nothing now, there is no margin to speak of (0 and x1).
        auto keeps = [&](const FrameRead& r) {
            for (std::size_t i = 0; i < base.read.size(); ++i)
                if (base.read[i] && !r.read[i]) return false;
            return r.wrong == 0;
        };
        const cv::Mat best(best_height_, best_width_, CV_8UC1, best_.data());
        rep.blur_margin_px = 0;
        rep.distance_margin = 1;
        for (double sigma : kBlurSteps) {
            if (base.count() == 0) break;
            cv::Mat blurred;
            cv::GaussianBlur(best, blurred, {0, 0}, sigma);
            std::vector<std::uint8_t> px(blurred.datastart, blurred.dataend);
            if (!keeps(ReadAllGray(px, best_width_, best_height_, nullptr))) break;
            rep.blur_margin_px = sigma;
        }
        for (double f : kDistanceSteps) {
            if (base.count() == 0) break;
            cv::Mat small;
            cv::resize(best, small, {}, 1 / f, 1 / f, cv::INTER_AREA);
            std::vector<std::uint8_t> px(small.datastart, small.dataend);
            if (!keeps(ReadAllGray(px, small.cols, small.rows, nullptr))) break;
            rep.distance_margin = f;
        }
        rep.glare_margin_chars = 0;
        for (double diameter : kGlareSteps) {
            if (base.count() == 0) break;
            cv::Mat glared = best.clone();
            for (std::size_t i = 0; i < base.read.size(); ++i)
                if (base.read[i])
                    cv::circle(glared, cv::Point(static_cast<int>(base.where[i][0]), static_cast<int>(base.where[i][1])),
                               std::max(1, static_cast<int>(diameter * base.where[i][2] / 2)), cv::Scalar(255), cv::FILLED, cv::LINE_AA);
            std::vector<std::uint8_t> px(glared.datastart, glared.dataend);
            if (!keeps(ReadAllGray(px, best_width_, best_height_, nullptr))) break;
            rep.glare_margin_chars = diameter;
        }
    }

    rep.per_frame = per_frame_;
    if (best_count_ > 0) {
        // Focus over the frame as a grid of tiles, on the frame that read best.
        const cv::Mat best(best_height_, best_width_, CV_8UC1, best_.data());
        rep.map_cols = 8;
        rep.map_rows = 6;
        for (int r = 0; r < rep.map_rows; ++r)
            for (int c = 0; c < rep.map_cols; ++c) {
                const cv::Rect tile(c * best.cols / rep.map_cols, r * best.rows / rep.map_rows, best.cols / rep.map_cols,
                                    best.rows / rep.map_rows);
                rep.sharpness_map.push_back(calibrate::EdgeSharpness(best(tile)));
            }
    }

    // The verdict: the first reason to fail, else why it passed.
    std::string why_unread;
    if (rep.mrz_sharpness && *rep.mrz_sharpness < CalibrationTargets{}.min_mrz_sharpness)
        why_unread = Format(" (the MRZ looks blurred: sharpness %.2f)", *rep.mrz_sharpness);
    else if (rep.glare_fraction > CalibrationTargets{}.max_glare_fraction)
        why_unread = Format(" (glare over %.2f%% of the frame)", 100 * rep.glare_fraction);
    if (rep.error) {
        rep.reason = std::string("the reader failed: ") + rep.error.message;
    } else if (frames_ == 0) {
        rep.reason = "no frames";
    } else if (wrong_ > 0) {
        rep.reason = Format("%.0f readings passed their checks but are not the card's: misreads; do not use this setup", wrong_);
    } else if (frames_read_ == 0) {
        rep.reason = "the card was not read in any frame" + why_unread;
    } else if (rep.read_rate < options_.min_read_rate) {
        rep.reason = worst_name + Format(" read in %.0f of %.0f frames, below %.0f%%", worst, frames_, 100 * options_.min_read_rate) + why_unread;
    } else if (!stable_frame_) {
        rep.reason = Format("never %.0f frames in a row read the card", options_.stable_frames);
    } else if (rep.blur_margin_px && *rep.blur_margin_px < options_.min_blur_margin_px) {
        rep.reason = Format("blur margin %.2f px, below %.2f px: focus or hold is at the edge of what the reader tolerates",
                            *rep.blur_margin_px, options_.min_blur_margin_px);
    } else if (rep.distance_margin && *rep.distance_margin < options_.min_distance_margin) {
        rep.reason = Format("distance margin x%.2f, below x%.2f: the MRZ characters are near the smallest the reader reads; "
                            "bring the camera closer",
                            *rep.distance_margin, options_.min_distance_margin);
    } else {
        rep.pass = true;
        rep.reason = Format(barcode_reader_ ? "every card MRZ and barcode read in at least %.0f%% of %.0f frames, stable from frame %.0f"
                                            : "every card MRZ read in at least %.0f%% of %.0f frames, stable from frame %.0f",
                            100 * rep.read_rate, frames_, *stable_frame_);
        if (rep.blur_margin_px)
            rep.reason += Format("; margins: blur +%.2f px, distance x%.2f, glare %.1f characters", *rep.blur_margin_px, *rep.distance_margin,
                                 *rep.glare_margin_chars);
    }
    return rep;
}

}  // namespace docintake
