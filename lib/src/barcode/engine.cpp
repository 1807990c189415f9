// Candidate crops first, whole frame last: ZXing-C++ 1.4's DataMatrix (and
// Aztec) detectors start from the image centre, and its PDF417 detector fails
// on symbols turned by more than a few degrees, so each candidate region is cut
// out upright and centred before ZXing sees it. Decoding crops is also what
// keeps a 1080p frame within its time budget.

#define ZX_USE_UTF8 1  // we never call text(); this only silences 1.4's transition warning
#include <ZXing/ReadBarcode.h>

#include "barcode/engine.h"

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>

#include "barcode/aztec_rectify.h"
#include "barcode/candidates.h"

namespace docintake::barcode {
namespace {

constexpr BarcodeFormat kFormats[] = {BarcodeFormat::PDF417, BarcodeFormat::DataMatrix, BarcodeFormat::QRCode,
                                      BarcodeFormat::Aztec};

ZXing::BarcodeFormats ToZXing(FormatMask mask) {
    ZXing::BarcodeFormats out;
    if (mask & (1u << static_cast<int>(BarcodeFormat::PDF417))) out |= ZXing::BarcodeFormat::PDF417;
    if (mask & (1u << static_cast<int>(BarcodeFormat::DataMatrix))) out |= ZXing::BarcodeFormat::DataMatrix;
    if (mask & (1u << static_cast<int>(BarcodeFormat::QRCode))) out |= ZXing::BarcodeFormat::QRCode;
    if (mask & (1u << static_cast<int>(BarcodeFormat::Aztec))) out |= ZXing::BarcodeFormat::Aztec;
    return out;
}

bool FromZXing(ZXing::BarcodeFormat f, BarcodeFormat& out) {
    switch (f) {
        case ZXing::BarcodeFormat::PDF417: out = BarcodeFormat::PDF417; return true;
        case ZXing::BarcodeFormat::DataMatrix: out = BarcodeFormat::DataMatrix; return true;
        case ZXing::BarcodeFormat::QRCode: out = BarcodeFormat::QRCode; return true;
        case ZXing::BarcodeFormat::Aztec: out = BarcodeFormat::Aztec; return true;
        default: return false;
    }
}

// Decodes one grey image; quad points go through `to_frame` (2x3 affine, may be empty).
void Decode(const cv::Mat& gray, FormatMask formats, const cv::Mat& to_frame, bool rotate, bool downscale,
            std::vector<RawSymbol>& out) {
    ZXing::DecodeHints hints;
    hints.setFormats(ToZXing(formats)).setTryHarder(true).setTryRotate(rotate).setTryDownscale(downscale);
    const ZXing::ImageView view(gray.data, gray.cols, gray.rows, ZXing::ImageFormat::Lum,
                                static_cast<int>(gray.step[0]));
    ZXing::Results results;
    try {
        results = ZXing::ReadBarcodes(view, hints);
    } catch (...) {
        return;  // a decoder exception costs this image, nothing more
    }
    for (const ZXing::Result& r : results) {
        RawSymbol s;
        if (!r.isValid() || !FromZXing(r.format(), s.format)) continue;
        // bytes(), never text(): text() transcodes and loses binary payloads (VDS).
        s.bytes.assign(r.bytes().begin(), r.bytes().end());
        if (s.bytes.empty()) continue;
        const ZXing::Position& p = r.position();
        for (int i = 0; i < 4; ++i) {
            cv::Point2d q(p[i].x, p[i].y);
            if (!to_frame.empty()) {
                // 2x3 affine, or 3x3 projective (the Aztec views).
                const double w = to_frame.rows == 3 ? to_frame.at<double>(2, 0) * q.x + to_frame.at<double>(2, 1) * q.y +
                                                          to_frame.at<double>(2, 2)
                                                    : 1.0;
                q = cv::Point2d(to_frame.at<double>(0, 0) * q.x + to_frame.at<double>(0, 1) * q.y + to_frame.at<double>(0, 2),
                                to_frame.at<double>(1, 0) * q.x + to_frame.at<double>(1, 1) * q.y + to_frame.at<double>(1, 2));
                if (std::abs(w) > 1e-12) q *= 1.0 / w;
            }
            s.quad[static_cast<std::size_t>(2 * i)] = static_cast<float>(q.x);
            s.quad[static_cast<std::size_t>(2 * i + 1)] = static_cast<float>(q.y);
        }
        out.push_back(std::move(s));
    }
}

// Quiet-zone margin of every crop, as a share of the region's short side.
constexpr float kCropMargin = 0.2f;
// Regions retried sharpened and turned when the first pass finds nothing.
constexpr std::size_t kSecondPassRegions = 4;
// Edge-filled area (full-resolution pixels) above which a region that failed
// is retried even when another symbol was found: about 120 x 120 px.
constexpr float kStrongRegionScore = 15000;
// Below this (about 90 x 90 px), a region is not tried once a symbol is found.
constexpr float kSmallRegionScore = 8000;

// How far an elongated region's bars lean from upright, in degrees (0 when
// they stand within a degree, or lean too far to be a tilt). The region's box
// comes from a blob that may include some surroundings, so its angle can be a
// few degrees off, and 1.4's PDF417 detector gives up beyond a few degrees.
// The dominant gradient direction (structure tensor) of the bars tells the rest.
// Measured on a half-resolution crop of large frames: bars are still several
// pixels apart there, and the full-resolution crop is then cut only once, at
// the right angle.
double MeasureTilt(const cv::Mat& gray, cv::Mat& half, const Candidate& c) {
    Candidate probe = c;
    const cv::Mat* source = &gray;
    if (gray.cols >= 1600) {
        if (half.empty()) cv::resize(gray, half, cv::Size(gray.cols / 2, gray.rows / 2), 0, 0, cv::INTER_AREA);
        probe.box.center *= 0.5f;
        probe.box.size = cv::Size2f(c.box.size.width / 2, c.box.size.height / 2);
        source = &half;
    }
    cv::Mat crop = CropCandidate(*source, probe, kCropMargin);
    if (crop.empty()) return 0;
    // Whole-number factors only: OpenCV's fast area-averaging path.
    const int k = std::max(1, crop.cols / 400);
    if (k > 1) {
        cv::Mat small;
        cv::resize(crop(cv::Rect(0, 0, crop.cols - crop.cols % k, crop.rows - crop.rows % k)), small,
                   cv::Size(crop.cols / k, crop.rows / k), 0, 0, cv::INTER_AREA);
        crop = small;
    }
    cv::Mat gx, gy;
    cv::Sobel(crop, gx, CV_32F, 1, 0, 3);
    cv::Sobel(crop, gy, CV_32F, 0, 1, 3);
    const double sxx = gx.dot(gx), syy = gy.dot(gy), sxy = gx.dot(gy);
    // Bars make the gradients point along x; their angle from x is the tilt.
    const double tilt = 0.5 * std::atan2(2 * sxy, sxx - syy) * 180.0 / CV_PI;
    if (std::abs(tilt) < 1.0 || std::abs(tilt) > 30.0) return 0;
    return tilt;
}

// QR codes and Aztec symbols are square: a region more than twice as long as
// it is wide would be one seen at over 60 degrees. The first pass tries only
// PDF417 and DataMatrix (which has oblong sizes) there; the retries try all.
FormatMask FirstPassFormats(const Candidate& c, FormatMask formats) {
    const float lo = std::min(c.box.size.width, c.box.size.height), hi = std::max(c.box.size.width, c.box.size.height);
    if (hi <= 2.0f * lo) return formats;
    const FormatMask square = (1u << static_cast<int>(BarcodeFormat::QRCode)) | (1u << static_cast<int>(BarcodeFormat::Aztec));
    return (formats & ~square) ? (formats & ~square) : formats;
}

// The crop will be wider than 3:2.
bool Elongated(const Candidate& c) {
    const cv::Size2f crop = CropSize(c, kCropMargin);
    return crop.width > 1.5f * crop.height;
}

// 1.4's PDF417 decoder reads codewords on every pixel row of the symbol, and
// its closest-match lookup for each of them is most of a frame's time. Rows
// are at least 3 modules tall, so an elongated crop (bars upright) is first
// decoded at half height, as PDF417 only: the bars keep their width, each row
// at least 1.5 modules of pixel rows. Only when that fails does the full crop
// go to every format.
constexpr FormatMask kPdf417 = 1u << static_cast<int>(BarcodeFormat::PDF417);

void DecodeElongated(const cv::Mat& crop, FormatMask formats, const cv::Mat& to_frame, std::vector<RawSymbol>& out) {
    if ((formats & kPdf417) && crop.rows >= 64) {
        cv::Mat half, half_to_frame = to_frame.clone();
        cv::resize(crop, half, cv::Size(crop.cols, crop.rows / 2), 0, 0, cv::INTER_AREA);
        cv::Mat y_column = half_to_frame.col(1);  // half -> crop stretches y back
        y_column *= static_cast<double>(crop.rows) / half.rows;
        Decode(half, kPdf417, half_to_frame, false, false, out);
        if (!out.empty()) return;
    }
    Decode(crop, formats, to_frame, false, false, out);
}

// 1.4's Aztec detector reads only upright, centred, sharp symbols: decode
// rectified views of the bullseyes in the crop instead (aztec_rectify.h).
void DecodeAztecViews(const cv::Mat& crop, const cv::Mat& to_frame, std::vector<RawSymbol>& out) {
    constexpr FormatMask kAztec = 1u << static_cast<int>(BarcodeFormat::Aztec);
    for (const AztecView& view : FindAztecViews(crop)) {
        // view -> crop (3x3), then crop -> frame (2x3 as 3x3).
        cv::Mat a(3, 3, CV_64F, cv::Scalar(0)), composed;
        to_frame.copyTo(a.rowRange(0, 2));
        a.at<double>(2, 2) = 1.0;
        cv::gemm(a, view.to_crop, 1.0, cv::noArray(), 0.0, composed);
        Decode(view.image, kAztec, composed, false, false, out);
        if (!out.empty()) return;
    }
}

// Thick regions (not text lines) that failed everything else are decoded
// once more enlarged: 1.4's QR detector misjudges finder patterns of about
// 3 px per module, which a large symbol at arm's length has. Regions larger
// than a few hundred pixels have larger modules (or are not one symbol) and
// would cost a decode of most of a frame.
constexpr int kUpscaleMinSide = 200, kUpscaleMaxSide = 900;

void DecodeUpscaled(const cv::Mat& crop, FormatMask formats, const cv::Mat& to_frame, std::vector<RawSymbol>& out) {
    constexpr double kScale = 1.5;  // rescued more of the bench's misses than 2 (and costs less)
    cv::Mat big;
    cv::resize(crop, big, cv::Size(), kScale, kScale, cv::INTER_CUBIC);
    // big -> crop (scale), then crop -> frame, composed as 2x3.
    cv::Mat a(3, 3, CV_64F, cv::Scalar(0)), b(3, 3, CV_64F, cv::Scalar(0)), composed;
    to_frame.copyTo(a.rowRange(0, 2));
    a.at<double>(2, 2) = 1.0;
    b.at<double>(0, 0) = b.at<double>(1, 1) = 1.0 / kScale;
    b.at<double>(2, 2) = 1.0;
    cv::gemm(a, b, 1.0, cv::noArray(), 0.0, composed);
    Decode(big, formats, composed.rowRange(0, 2).clone(), false, false, out);
}

bool Seen(const std::vector<RawSymbol>& found, const RawSymbol& s) {
    return std::any_of(found.begin(), found.end(),
                       [&](const RawSymbol& f) { return f.format == s.format && f.bytes == s.bytes; });
}

}  // namespace

FormatMask ToMask(const std::vector<BarcodeFormat>& formats) {
    if (formats.empty()) return kAllFormats;
    FormatMask mask = 0;
    for (BarcodeFormat f : formats)
        for (BarcodeFormat known : kFormats)
            if (f == known) mask |= 1u << static_cast<int>(f);
    return mask ? mask : kAllFormats;
}

std::vector<RawSymbol> DecodeSymbols(const cv::Mat& gray, const EngineOptions& options) {
    std::vector<RawSymbol> found;
    if (gray.empty() || gray.type() != CV_8UC1 || options.max_symbols <= 0) return found;
    const auto limit = static_cast<std::size_t>(options.max_symbols);
    auto keep = [&](std::vector<RawSymbol>& more) {
        for (RawSymbol& s : more)
            if (found.size() < limit && !Seen(found, s)) found.push_back(std::move(s));
    };
    try {
        // Pass 1, every region as it is: the cheap path that finds clean symbols.
        struct Region {
            cv::Mat crop, to_frame;
            float score = 0;
        };
        std::vector<Region> missed;
        cv::Mat half;  // the frame at half resolution, made when a tilt is first measured
        for (const Candidate& c : FindCandidates(gray)) {
            // Regions come largest first. Once a symbol is found, small regions
            // are text far more often than a second symbol: skip them (a second
            // symbol smaller than about 90 x 90 px is missed in that frame).
            if (!found.empty() && c.score < kSmallRegionScore) break;
            Region r;
            r.score = c.score;
            std::vector<RawSymbol> symbols;
            const FormatMask formats = FirstPassFormats(c, options.formats);
            // Elongated (PDF417-like) regions are cut straightened first: their box
            // angle is often a little off, and a miss costs a whole decode.
            if (Elongated(c)) {
                if (const double tilt = MeasureTilt(gray, half, c); tilt != 0) {
                    Candidate turned = c;
                    turned.box.angle += static_cast<float>(tilt);
                    Region straight;
                    straight.score = c.score;
                    straight.crop = CropCandidate(gray, turned, kCropMargin, &straight.to_frame);
                    if (!straight.crop.empty()) {
                        DecodeElongated(straight.crop, formats, straight.to_frame, symbols);
                        if (!symbols.empty()) r = std::move(straight);
                    }
                }
            }
            if (symbols.empty()) {
                r.crop = CropCandidate(gray, c, kCropMargin, &r.to_frame);
                if (r.crop.empty()) continue;
                if (Elongated(c))
                    DecodeElongated(r.crop, formats, r.to_frame, symbols);
                else
                    Decode(r.crop, formats, r.to_frame, false, false, symbols);
            }
            if (symbols.empty() && (formats & (1u << static_cast<int>(BarcodeFormat::Aztec))))
                DecodeAztecViews(r.crop, r.to_frame, symbols);
            if (symbols.empty()) missed.push_back(std::move(r));
            keep(symbols);
            if (found.size() >= limit) return found;
        }
        // Pass 2, when pass 1 found nothing or missed a large region (most
        // regions that fail are text): turned, because 1.4's DataMatrix detector scans along the
        // centre lines and a turned copy scans differently; then sharpened,
        // because blur and low contrast defeat 1.4's binarizer more often
        // than its detectors.
        {
            const bool none_yet = found.empty();
            for (std::size_t i = 0; i < missed.size() && i < kSecondPassRegions; ++i) {
                // With a symbol found, only large dense regions are worth it:
                // small ones are text, and a second symbol is large.
                if (!none_yet && missed[i].score < kStrongRegionScore) continue;
                std::vector<RawSymbol> symbols;
                Decode(missed[i].crop, options.formats, missed[i].to_frame, true, false, symbols);
                if (symbols.empty()) {
                    cv::Mat soft, sharp;
                    cv::GaussianBlur(missed[i].crop, soft, cv::Size(0, 0), 2.0);
                    cv::addWeighted(missed[i].crop, 2.0, soft, -1.0, 0, sharp);
                    Decode(sharp, options.formats, missed[i].to_frame, true, false, symbols);
                }
                if (symbols.empty() && std::min(missed[i].crop.cols, missed[i].crop.rows) >= kUpscaleMinSide &&
                    std::max(missed[i].crop.cols, missed[i].crop.rows) <= kUpscaleMaxSide)
                    DecodeUpscaled(missed[i].crop, options.formats, missed[i].to_frame, symbols);
                keep(symbols);
            }
        }
        if (found.empty() && options.full_frame_fallback) {
            std::vector<RawSymbol> symbols;
            Decode(gray, options.formats, cv::Mat(), true, true, symbols);
            keep(symbols);
        }
    } catch (const cv::Exception&) {
        // OpenCV rejects a degenerate region: what was found so far stands.
    }
    return found;
}

}  // namespace docintake::barcode
