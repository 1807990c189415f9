// MrzReader: locate (vision), read (ocr), repair (CorrectMrz).
#include "docintake/read_mrz.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <exception>
#include <optional>
#include <string>
#include <utility>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "ocr/line_ocr.h"
#include "ocr/zone_reader.h"
#include "reader/glyph_evidence.h"
#include "reader/policy.h"
#include "reader/reading_policy.h"
#include "util/exception_error.h"
#include "vision/continuation.h"
#include "vision/gray.h"
#include "vision/locate.h"

namespace docintake {
namespace {

using Clock = std::chrono::steady_clock;

double MsSince(Clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

FrameFeedback FeedbackOf(vision::FrameIssue issue) {
    switch (issue) {
        case vision::FrameIssue::None: return FrameFeedback::Ok;
        case vision::FrameIssue::NoDocument: return FrameFeedback::NoDocument;
        case vision::FrameIssue::TooSmall: return FrameFeedback::TooSmall;
        case vision::FrameIssue::Blurred: return FrameFeedback::Blurred;
        case vision::FrameIssue::Glare: return FrameFeedback::Glare;
        case vision::FrameIssue::TooDark: return FrameFeedback::TooDark;
        case vision::FrameIssue::PartiallyVisible: return FrameFeedback::PartiallyVisible;
    }
    return FrameFeedback::NoDocument;
}

// Valid beats Ambiguous beats Invalid beats Unreadable; then the likelier reading.
bool Better(const MrzCorrectionResult& a, const MrzCorrectionResult& b) {
    auto rank = [](MrzReadingStatus s) {
        switch (s) {
            case MrzReadingStatus::Valid: return 3;
            case MrzReadingStatus::Ambiguous: return 2;
            case MrzReadingStatus::Invalid: return 1;
            case MrzReadingStatus::Unreadable: return 0;
        }
        return 0;
    };
    if (rank(a.status) != rank(b.status)) return rank(a.status) > rank(b.status);
    return a.log_likelihood > b.log_likelihood;
}

using namespace reader::policy;

double MeanTopProbability(const MrzCandidates& c) {
    double sum = 0;
    int n = 0;
    for (const auto& line : c.lines)
        for (const auto& cell : line) {
            sum += cell.empty() ? 0.0 : cell.front().probability;
            ++n;
        }
    return n ? sum / n : 0.0;
}

bool Settled(MrzReadingStatus s) { return s == MrzReadingStatus::Valid || s == MrzReadingStatus::Ambiguous; }

struct ZoneAttempt {
    ocr::ZoneReading reading;
    MrzCorrectionResult correction;
    bool turned = false;          // the zone's lines were read turned 180 degrees
    const char* doubt = nullptr;  // why a reading that passes its checks is Ambiguous
    bool may_be_cut_short = false;
    // What the person should change when the doubt is about the frame.
    std::optional<FrameFeedback> feedback;
};

// A 36-character reading whose document code a 44-character format also uses
// (V: MRV-A for MRV-B; P: a TD3 passport cut short reads as a TD2 whose
// composite check can pass) is vouched for only once its lines are seen to end:
// MRZ lines have no gaps, so a line ended where its next cell is seen blank and
// in the frame (continuation.h; constants: reader/policy.h).

// The zone's lines as the OCR reads them: `turned` 180 degrees (and so in
// reverse order), resampled by `scale`.
std::vector<ocr::ZoneLine> LinesOf(const vision::MrzZone& zone, bool turned, double scale) {
    std::vector<ocr::ZoneLine> lines;
    for (const auto& l : zone.lines) {
        ocr::ZoneLine line{l.image, l.char_pitch_px * scale};
        if (scale != 1.0) cv::resize(l.image, line.image, cv::Size(), scale, scale, cv::INTER_AREA);
        if (turned) {  // into a new image: line.image may share the zone's pixels
            cv::Mat rotated;
            cv::rotate(line.image, rotated, cv::ROTATE_180);
            line.image = rotated;
        }
        lines.push_back(std::move(line));
    }
    if (turned) std::reverse(lines.begin(), lines.end());
    return lines;
}

// Every character of `lines` is among the candidates the OCR offered for its cell.
bool Offered(const MrzCandidates& candidates, const std::vector<std::string>& lines) {
    if (candidates.lines.size() != lines.size()) return false;
    for (std::size_t l = 0; l < lines.size(); ++l) {
        if (candidates.lines[l].size() != lines[l].size()) return false;
        for (std::size_t i = 0; i < lines[l].size(); ++i) {
            const auto& cell = candidates.lines[l][i];
            if (std::none_of(cell.begin(), cell.end(), [&](const MrzCharCandidate& c) { return c.c == lines[l][i]; }))
                return false;
        }
    }
    return true;
}

// Zones with characters under 10 px, read from an upsampled copy: there the
// OCR is confidently wrong where no check digit looks (on the camera set shrunk
// to 6-9 px, docs/mrz-low-resolution.md: W read as V, M as H, B as U, M as X,
// R as F at p >= 0.94; the glyph cues turned 0 into O). Their readings are at
// most Ambiguous; a person or the scanner's vote confirms them.
constexpr const char* kTooSmallToVouch = "characters too small to vouch for the fields no check digit covers";

}  // namespace

struct MrzReader::Impl {
    MrzReaderOptions options;
    MrzCorrectionOptions correction;
    ocr::LineOcr ocr;
    // OCR-B's shapes at about the blur of a camera glyph (reader/policy.h).
    vision::GlyphAtlas atlas{kAtlasBlur};
    Error init_error;
    // Reused from frame to frame (not allocated per frame): the grey frame and the locator's images.
    cv::Mat gray_buffer;
    vision::LocateBuffers locate_buffers;

    // `turned`: the lines are the zone's, turned 180 degrees and in reverse order.
    ZoneAttempt ReadLines(const vision::MrzZone& zone, const std::vector<ocr::ZoneLine>& lines, bool turned,
                          MrzTimings& t) {
        ZoneAttempt a;
        a.turned = turned;
        auto t0 = Clock::now();
        a.reading = ocr::ReadZone(ocr, lines);
        t.ocr_ms += MsSince(t0);
        t0 = Clock::now();
        if (a.reading.line_length > 0) {
            reader::WeighRoundGlyphs(zone, turned, a.reading.candidates);
            a.correction = CorrectMrz(a.reading.candidates, correction);
            if (options.check_glyph_shapes)
                reader::ConfirmUncheckedByShape(atlas, zone, turned, a.correction, a.reading.candidates);
            a.correction.status = reader::FinalStatus(a.correction, options.strict_unchecked, &a.doubt);
            if (a.correction.status == MrzReadingStatus::Valid && options.strict_unchecked &&
                zone.upsampled) {
                a.correction.status = MrzReadingStatus::Ambiguous;
                a.doubt = kTooSmallToVouch;
            }
        } else {
            a.correction.status = MrzReadingStatus::Unreadable;
            a.correction.error = {ErrorCode::WrongLineLength, "the zone's lines fit no MRZ format"};
        }
        t.correct_ms += MsSince(t0);
        return a;
    }

    ZoneAttempt ReadZone(const vision::MrzZone& zone, MrzTimings& t) {
        ZoneAttempt best = ReadLines(zone, LinesOf(zone, false, 1.0), false, t);
        if (Settled(best.correction.status) || !options.try_all_orientations) return best;
        // Upside-down text reads as low-confidence garbage; a confident reading
        // that merely fails a check is upright, and turning it would only cost
        // another OCR pass.
        const double mean = MeanTopProbability(best.reading.candidates);
        if (mean >= (zone.orientation_certain ? kCertainUprightMeanProbability : kUprightMeanProbability)) return best;
        ZoneAttempt other = ReadLines(zone, LinesOf(zone, true, 1.0), true, t);
        return Better(other.correction, best.correction) ? std::move(other) : std::move(best);
    }

    // A second look at a zone whose first reading is not Valid: the same lines
    // resampled smaller, which moves every glyph against the network's input
    // grid. Taken only when it is Valid and the first look offered each of its
    // characters: a character the first look did not see at all is a
    // contradiction, not a confirmation.
    void ReadAgain(const cv::Mat& gray, const vision::MrzZone& zone, ZoneAttempt& first, MrzTimings& t) {
        if (first.correction.status == MrzReadingStatus::Valid || first.reading.line_length == 0) return;
        // Taken only when Valid, which an upsampled zone's reading never is (kTooSmallToVouch).
        if (zone.upsampled) return;
        // A doubt about the frame (cut short, past its edge) is the same in any resampling.
        if (first.may_be_cut_short || first.feedback) return;
        for (const double scale : kRereadScales) {
            ZoneAttempt again = ReadLines(zone, LinesOf(zone, first.turned, scale), first.turned, t);
            CheckNotCutShort(gray, zone, again, t);
            if (again.correction.status != MrzReadingStatus::Valid) continue;
            if (!Offered(first.reading.candidates, again.correction.mrz.lines)) continue;
            first = std::move(again);
            return;
        }
    }

    // Lowers a Valid 36-character reading to Ambiguous when its lines may go on
    // past what was seen (see kLongerFormatCells). An Ambiguous one is looked at
    // too: the scanner votes on Ambiguous readings, and must not on a cut-off line.
    void CheckNotCutShort(const cv::Mat& gray, const vision::MrzZone& zone, ZoneAttempt& a, MrzTimings& t) {
        if (!Settled(a.correction.status) || a.reading.line_length != 36) return;
        // I, A and C (TD2 cards) have no 44-character format to be cut from.
        const char code = a.correction.mrz.document_code.empty() ? '?' : a.correction.mrz.document_code[0];
        if (code != 'V' && code != 'P') return;
        const char* doubt = ContinuationDoubt(gray, zone, a, t);
        if (!doubt) return;
        a.doubt = doubt;
        a.correction.status = MrzReadingStatus::Ambiguous;
        a.may_be_cut_short = true;
    }

    const char* ContinuationDoubt(const cv::Mat& gray, const vision::MrzZone& zone, ZoneAttempt& a,
                                  MrzTimings& t) {
        const vision::Continuation c = vision::ExtractContinuation(gray, zone, kLongerFormatCells, a.turned);
        if (c.visible_cells < kVisibleCells) {
            a.feedback = FrameFeedback::PartiallyVisible;
            return "the lines may go on past the frame's edge";
        }
        for (std::size_t k = 0; k < c.lines.size(); ++k) {
            if (c.inked_cells[k] < kInkedRun) continue;
            const auto t0 = Clock::now();
            int confident = 0;
            for (const ocr::OcrSymbol& s : ocr.Recognize(ocr::TightCrop(c.lines[k])))
                if (!s.alternatives.empty() && s.alternatives.front().probability >= kContinuingProbability) ++confident;
            t.ocr_ms += MsSince(t0);
            if (confident >= kContinuingSymbols) return "characters go on past the zone's last cell";
        }
        return nullptr;
    }
};

MrzReader::MrzReader(MrzReaderOptions options) {
    // Nothing escapes the constructor: a failure is the reader's init_error().
    try {
        impl_ = std::make_unique<Impl>();
    } catch (const std::exception&) {
        return;  // no state: init_error() and Read report it
    }
    impl_->options = std::move(options);
    impl_->correction = impl_->options.correction;
    if (impl_->options.parse.reference_date != 0) impl_->correction.parse = impl_->options.parse;
    try {
        impl_->init_error = impl_->ocr.Init({impl_->options.model_dir, impl_->options.model_name,
                                             ocr::KnownInputRows(impl_->options.model_name),
                                             impl_->options.model_probe_path,
                                             impl_->options.trust_model_without_probe});
    } catch (const std::exception& e) {
        impl_->init_error = util::ErrorOfException(e, "loading the OCR model");
    }
}

MrzReader::~MrzReader() = default;
MrzReader::MrzReader(MrzReader&&) noexcept = default;
MrzReader& MrzReader::operator=(MrzReader&&) noexcept = default;

namespace {
const Error kMovedFrom{ErrorCode::Internal, "MrzReader has no state (moved from, or memory ran out while it was made)"};
const MrzReaderOptions kNoOptions;
}  // namespace

const Error& MrzReader::init_error() const { return impl_ ? impl_->init_error : kMovedFrom; }
const MrzReaderOptions& MrzReader::options() const { return impl_ ? impl_->options : kNoOptions; }

MrzReadResult MrzReader::Read(const ImageView& frame) {
    if (!impl_) {
        MrzReadResult result;
        result.error = kMovedFrom;
        return result;
    }
    // OpenCV reports some failures (allocation, odd sizes) by exception; a frame
    // must give a typed error, never take the caller down.
    try {
        return ReadChecked(frame);
    } catch (const std::exception& e) {
        MrzReadResult result;
        result.error = util::ErrorOfException(e, "reading the frame");
        return result;
    }
}

MrzReadResult MrzReader::ReadChecked(const ImageView& frame) {
    const auto start = Clock::now();
    MrzReadResult result;
    if (impl_->init_error) {
        result.error = impl_->init_error;
        return result;
    }
    if (!frame.valid()) {
        result.error = {ErrorCode::InvalidImage, "image view has no pixels or a bad size or stride"};
        return result;
    }
    auto t0 = Clock::now();
    const cv::Mat gray = vision::ToGray(frame, &impl_->gray_buffer);
    vision::LocateOptions locate;
    locate.min_char_height_px = impl_->options.min_char_height_px;
    locate.try_all_orientations = impl_->options.try_all_orientations;
    const vision::LocateResult located = vision::LocateMrz(gray, locate, &impl_->locate_buffers);
    result.timings.locate_ms = MsSince(t0);
    result.feedback = FeedbackOf(located.issue);

    const vision::MrzZone* chosen_zone = nullptr;
    ZoneAttempt chosen;
    for (const vision::MrzZone& zone : located.zones) {
        if (zone.lines.size() < 2) continue;
        ZoneAttempt a = impl_->ReadZone(zone, result.timings);
        impl_->CheckNotCutShort(gray, zone, a, result.timings);
        impl_->ReadAgain(gray, zone, a, result.timings);
        if (!chosen_zone || Better(a.correction, chosen.correction)) {
            chosen = std::move(a);
            chosen_zone = &zone;
        }
        // A second zone costs another OCR call: only when the first gave no MRZ.
        if (Settled(chosen.correction.status)) break;
    }
    if (chosen_zone) {
        for (int k = 0; k < 4; ++k) {
            result.quad[static_cast<std::size_t>(2 * k)] = chosen_zone->quad[static_cast<std::size_t>(k)].x;
            result.quad[static_cast<std::size_t>(2 * k + 1)] = chosen_zone->quad[static_cast<std::size_t>(k)].y;
        }
        result.char_height_px = chosen_zone->char_height_px;
        MrzCorrectionResult& c = chosen.correction;
        result.status = c.status;
        result.raw_lines = chosen.reading.raw;
        result.candidates = std::move(chosen.reading.candidates);
        result.confidence = c.confidence;
        if (c.status == MrzReadingStatus::Ambiguous && chosen.doubt) result.doubt = chosen.doubt;
        result.may_be_cut_short = chosen.may_be_cut_short;
        if (c.status != MrzReadingStatus::Unreadable) {
            result.lines = c.mrz.lines;
            result.corrections = std::move(c.corrections);
            result.uncertain = std::move(c.uncertain);
            result.mrz = std::move(c.mrz);
        }
        if (chosen.feedback)
            result.feedback = *chosen.feedback;
        else if (c.status == MrzReadingStatus::Valid || c.status == MrzReadingStatus::Ambiguous)
            result.feedback = FrameFeedback::Ok;
        else if (result.feedback == FrameFeedback::Ok || result.feedback == FrameFeedback::NoDocument)
            result.feedback = FrameFeedback::Unreadable;
    } else if (result.feedback == FrameFeedback::Ok) {
        result.feedback = FrameFeedback::NoDocument;
    }
    result.timings.total_ms = MsSince(start);
    return result;
}

MrzReadResult ReadMrz(const ImageView& frame, const MrzReaderOptions& options) {
    MrzReader reader(options);
    return reader.Read(frame);
}

}  // namespace docintake
