// DocumentScanner: votes frame readings into one MRZ and decides when it is settled.
#include "docintake/scanner.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <optional>
#include <utility>

#include "reader/independent_frames.h"
#include "reader/reading_policy.h"
#include "reader/vote.h"
#include "util/exception_error.h"

namespace docintake {

namespace {

// One frame's own view of the text, to count who agrees with the vote.
struct FrameReading {
    std::vector<std::string> lines;
    bool valid = false;  // the frame alone read a Valid MRZ
    double confidence = 0;
    std::optional<Mrz> mrz;  // kept for valid frames
};

}  // namespace

struct DocumentScanner::Impl {
    ScannerOptions options;
    std::optional<MrzReader> reader;  // made on the first image, so voting works without a model
    Error init_error;

    reader::CandidateVote vote;
    std::vector<FrameReading> readings;
    std::map<FrameFeedback, int> feedback_counts;
    int frames_seen = 0;
    int stable_updates = 0;  // consecutive contributing frames after which the vote was the same Valid text
    std::vector<std::string> last_voted;
    bool ever_valid = false;
    bool ever_ambiguous = false;
    ScanUpdate last;  // the final update once Done or Failed
    // Views of the frames added to the vote: where the zone lay, and what the OCR
    // offered, to tell a new sample of the print from a repeat.
    std::vector<std::array<float, 8>> quads;
    std::vector<MrzCandidates> offered;

    MrzCorrectionOptions Correction() const {
        MrzCorrectionOptions c = options.reader.correction;
        if (options.reader.parse.reference_date != 0) c.parse = options.reader.parse;
        return c;
    }

    bool Finished() const { return last.state == ScanUpdate::State::Done || last.state == ScanUpdate::State::Failed; }

    // The current vote, checked. `final_frame`: the stream ended.
    ScanUpdate Evaluate(FrameFeedback frame_feedback, bool contributed, bool stream_ended) {
        ScanUpdate u;
        u.feedback = frame_feedback;
        u.frames_seen = frames_seen;
        u.frames_used = vote.frames();
        if (u.frames_used == 0) {
            u.state = ScanUpdate::State::Searching;
            u.reason = "no MRZ read yet";
            return Conclude(u, stream_ended);
        }
        u.state = ScanUpdate::State::Reading;
        MrzCorrectionResult c = CorrectMrz(vote.Voted(), Correction());
        const MrzReadingStatus status = reader::FinalStatus(c, options.reader.strict_unchecked);
        if (status != MrzReadingStatus::Unreadable) {
            u.lines = c.mrz.lines;
            u.mrz = c.mrz;
        }
        u.confidence = status == MrzReadingStatus::Valid ? c.confidence : 0.0;
        ever_valid = ever_valid || status == MrzReadingStatus::Valid;
        ever_ambiguous = ever_ambiguous || status == MrzReadingStatus::Ambiguous;

        if (contributed) {
            if (status == MrzReadingStatus::Valid && u.lines == last_voted)
                ++stable_updates;
            else
                stable_updates = status == MrzReadingStatus::Valid ? 1 : 0;
            last_voted = status == MrzReadingStatus::Valid ? u.lines : std::vector<std::string>{};
        }
        int agree = 0, disagree = 0;
        auto same_shape = [](const std::vector<std::string>& a, const std::vector<std::string>& b) {
            if (a.size() != b.size()) return false;
            for (std::size_t i = 0; i < a.size(); ++i)
                if (a[i].size() != b[i].size()) return false;
            return true;
        };
        for (const FrameReading& r : readings) {
            if (r.lines == u.lines) ++agree;
            else if (r.valid && same_shape(r.lines, u.lines)) ++disagree;  // other shapes lost the vote already
        }
        // Each frame that read the same text on its own is a further confirmation:
        // the chance that all of them are wrong the same way shrinks with each one
        // (an estimate: frames of one scene are not fully independent). Frames that
        // read another valid text count against it.
        if (agree > 1) u.confidence = 1.0 - std::pow(1.0 - u.confidence, agree);
        if (agree + disagree > 0) u.confidence *= static_cast<double>(agree) / (agree + disagree);

        const int need = std::max(1, options.min_agreeing_frames);
        const bool confident = status == MrzReadingStatus::Valid && u.confidence >= options.min_confidence;
        const bool outvoted_rivals = agree >= 2 * disagree;
        const bool stable = agree >= need || stable_updates >= need + 1;
        if (confident && outvoted_rivals && (stable || stream_ended)) {
            u.state = ScanUpdate::State::Done;
            u.feedback = FrameFeedback::Ok;
            u.reason = std::to_string(agree) + " of " + std::to_string(u.frames_used) + " frames agree";
            return u;
        }
        // Frames that each read the same text as Valid on their own also settle the
        // scan, even when the averaged vote stays ambiguous (a rival that the same
        // probabilities keep close in every frame).
        if (const FrameReading* agreed = AgreedValidFrames(need, status, u.lines)) {
            int n = 0;
            double all_wrong = 1;
            for (const FrameReading& r : readings)
                if (r.valid && r.lines == agreed->lines) {
                    ++n;
                    all_wrong *= 1.0 - r.confidence;
                }
            if (1.0 - all_wrong >= options.min_confidence) {
                u.state = ScanUpdate::State::Done;
                u.feedback = FrameFeedback::Ok;
                u.mrz = agreed->mrz;
                u.lines = agreed->lines;
                u.confidence = 1.0 - all_wrong;
                u.reason = std::to_string(n) + " of " + std::to_string(u.frames_used) + " frames read it valid";
                return u;
            }
        }
        // The frames as independent samples of the print: their calibrated
        // probabilities multiplied bound the reading's chance of being wrong.
        if (options.max_error_probability > 0 && vote.samples() >= need) {
            const auto independent =
                reader::ReadIndependent(vote, Correction(), options.reader.strict_unchecked);
            if (independent && independent->status == MrzReadingStatus::Valid &&
                independent->error_probability <= options.max_error_probability) {
                u.state = ScanUpdate::State::Done;
                u.feedback = FrameFeedback::Ok;
                u.mrz = independent->correction.mrz;
                u.lines = independent->correction.mrz.lines;
                u.confidence = 1.0 - independent->error_probability;
                u.reason = std::to_string(vote.samples()) + " frames, taken as independent, settle it";
                return u;
            }
        }
        if (status == MrzReadingStatus::Valid) {
            u.reason = disagree > 0 ? "frames disagree on the reading" : "waiting for another frame to agree";
            if (disagree > 0 && frame_feedback == FrameFeedback::Ok) u.feedback = FrameFeedback::HoldStill;
        } else if (status == MrzReadingStatus::Ambiguous) {
            u.reason = "reading still ambiguous";
        } else {
            u.reason = "check digits do not agree yet";
        }
        return Conclude(u, stream_ended);
    }

    // The text that at least `need` frames read as Valid, outnumbering any other
    // valid text of the same shape two to one, unless the vote is Valid for
    // another text. nullptr when there is none.
    const FrameReading* AgreedValidFrames(int need, MrzReadingStatus vote_status,
                                          const std::vector<std::string>& vote_lines) const {
        const FrameReading* best = nullptr;
        int best_count = 0, valid_total = 0;
        for (const FrameReading& r : readings) {
            if (!r.valid) continue;
            ++valid_total;
            int count = 0;
            for (const FrameReading& o : readings) count += o.valid && o.lines == r.lines;
            if (count > best_count) {
                best = &r;
                best_count = count;
            }
        }
        if (!best || best_count < need || best_count < 2 * (valid_total - best_count)) return nullptr;
        if (vote_status == MrzReadingStatus::Valid && vote_lines != best->lines) return nullptr;
        return best;
    }

    ScanUpdate Conclude(ScanUpdate u, bool stream_ended) {
        if (!stream_ended && frames_seen < options.max_frames) return u;
        u.state = ScanUpdate::State::Failed;
        if (u.frames_used == 0) {
            // The most frequent reason no zone was read.
            FrameFeedback common = FrameFeedback::NoDocument;
            int most = -1;
            for (const auto& [f, n] : feedback_counts)
                if (n > most) {
                    most = n;
                    common = f;
                }
            u.reason = "no MRZ in " + std::to_string(frames_seen) + " frames (mostly " + ToString(common) + ")";
            u.feedback = common;
        } else if (!ever_valid && !ever_ambiguous) {
            u.reason = "check digits never agreed in " + std::to_string(u.frames_used) + " frames";
        } else if (!ever_valid) {
            u.reason = "reading stayed ambiguous over " + std::to_string(u.frames_used) + " frames";
        } else {
            u.reason = "frames did not agree on one valid reading (" + std::to_string(u.frames_used) + " frames)";
        }
        u.mrz.reset();
        u.lines.clear();
        u.confidence = 0;
        return u;
    }

    // Whether this frame is a new view of the print rather than a repeat: the
    // zone moved by more than kSameViewPx at some corner since every earlier
    // frame (a document lying still under a fixed camera gives near-identical
    // images whose misreadings coincide), or, where the zone's place is unknown
    // (readings made elsewhere), the OCR offered something else. Recorded.
    bool NewSample(const MrzReadResult& r) {
        constexpr float kSameViewPx = 1.0f;
        const bool placed = std::any_of(r.quad.begin(), r.quad.end(), [](float v) { return v != 0.f; });
        bool fresh = true;
        for (std::size_t i = 0; i < quads.size() && fresh; ++i) {
            if (placed) {
                float moved = 0;
                for (std::size_t k = 0; k < 8; ++k) moved = std::max(moved, std::abs(r.quad[k] - quads[i][k]));
                fresh = moved > kSameViewPx;
            } else {
                fresh = !SameCandidates(r.candidates, offered[i]);
            }
        }
        quads.push_back(r.quad);
        offered.push_back(r.candidates);
        return fresh;
    }

    static bool SameCandidates(const MrzCandidates& a, const MrzCandidates& b) {
        if (a.lines.size() != b.lines.size()) return false;
        for (std::size_t l = 0; l < a.lines.size(); ++l) {
            if (a.lines[l].size() != b.lines[l].size()) return false;
            for (std::size_t p = 0; p < a.lines[l].size(); ++p) {
                const auto& x = a.lines[l][p];
                const auto& y = b.lines[l][p];
                if (x.size() != y.size()) return false;
                for (std::size_t k = 0; k < x.size(); ++k)
                    if (x[k].c != y[k].c || x[k].probability != y[k].probability) return false;
            }
        }
        return true;
    }

    ScanUpdate Add(const MrzReadResult& r) {
        if (Finished()) return last;
        ++frames_seen;
        ++feedback_counts[r.feedback];
        bool contributed = false;
        // A frame whose lines may be cut short would vote for the shorter format.
        if (!r.may_be_cut_short && (r.status != MrzReadingStatus::Unreadable || !r.candidates.lines.empty())) {
            contributed = vote.Add(r.candidates, NewSample(r));
            if (contributed) {
                FrameReading fr;
                fr.valid = r.status == MrzReadingStatus::Valid;
                if (r.status == MrzReadingStatus::Valid || r.status == MrzReadingStatus::Ambiguous) fr.lines = r.lines;
                if (fr.valid) {
                    fr.confidence = r.confidence;
                    fr.mrz = r.mrz;
                }
                readings.push_back(std::move(fr));
            }
        }
        ScanUpdate u = Evaluate(r.feedback, contributed, false);
        if (u.state == ScanUpdate::State::Done || u.state == ScanUpdate::State::Failed) last = u;
        return u;
    }
};

DocumentScanner::DocumentScanner(ScannerOptions options) : impl_(std::make_unique<Impl>()) {
    impl_->options = std::move(options);
}
DocumentScanner::~DocumentScanner() = default;
DocumentScanner::DocumentScanner(DocumentScanner&&) noexcept = default;
DocumentScanner& DocumentScanner::operator=(DocumentScanner&&) noexcept = default;

namespace {
const Error kScannerMovedFrom{ErrorCode::Internal, "DocumentScanner used after being moved from"};

ScanUpdate MovedFrom() {
    ScanUpdate u;
    u.state = ScanUpdate::State::Failed;
    u.reason = kScannerMovedFrom.message;
    return u;
}
}  // namespace

const Error& DocumentScanner::init_error() const {
    if (!impl_) return kScannerMovedFrom;
    if (!impl_->reader) impl_->reader.emplace(impl_->options.reader);
    return impl_->reader->init_error();
}

namespace {
// A frame the scanner could not take (no model, an invalid image, memory ran
// out): that frame failed; the votes so far stay for the next.
ScanUpdate FrameFailed(const Error& error, int frames_seen) {
    ScanUpdate u;
    u.state = ScanUpdate::State::Failed;
    u.reason = error.message;
    u.error = error;
    u.frames_seen = frames_seen;
    return u;
}
}  // namespace

ScanUpdate DocumentScanner::Push(const ImageView& frame) {
    if (!impl_) return MovedFrom();
    if (impl_->Finished()) return impl_->last;
    try {
        if (!impl_->reader) impl_->reader.emplace(impl_->options.reader);
        MrzReadResult r = impl_->reader->Read(frame);
        if (r.error) return FrameFailed(r.error, impl_->frames_seen);
        return impl_->Add(r);
    } catch (const std::exception& e) {
        return FrameFailed(util::ErrorOfException(e, "scanning the frame"), impl_->frames_seen);
    }
}

ScanUpdate DocumentScanner::Push(const MrzReadResult& reading) {
    if (!impl_) return MovedFrom();
    try {
        return impl_->Add(reading);
    } catch (const std::exception& e) {
        return FrameFailed(util::ErrorOfException(e, "scanning the frame"), impl_->frames_seen);
    }
}

ScanUpdate DocumentScanner::Finish() {
    if (!impl_) return MovedFrom();
    if (impl_->Finished()) return impl_->last;
    impl_->last = impl_->Evaluate(FrameFeedback::NoDocument, false, true);
    if (impl_->last.state != ScanUpdate::State::Done) impl_->last.state = ScanUpdate::State::Failed;
    return impl_->last;
}

void DocumentScanner::Reset() {
    if (!impl_) impl_ = std::make_unique<Impl>();
    ScannerOptions options = std::move(impl_->options);
    std::optional<MrzReader> reader = std::move(impl_->reader);
    *impl_ = Impl();
    impl_->options = std::move(options);
    impl_->reader = std::move(reader);
}

}  // namespace docintake
