#include "flow.h"

#include <sodium.h>

#include <algorithm>
#include <ctime>

namespace docintake::kiosk {

const char* ToString(Screen screen) {
    switch (screen) {
        case Screen::Attract: return "attract";
        case Screen::Language: return "language";
        case Screen::Consent: return "consent";
        case Screen::Scan: return "scan";
        case Screen::Review: return "review";
        case Screen::Done: return "done";
    }
    return "attract";
}

const char* ToString(Outcome outcome) {
    switch (outcome) {
        case Outcome::None: return nullptr;
        case Outcome::Confirmed: return "confirmed";
        case Outcome::Declined: return "declined";
    }
    return nullptr;
}

namespace {
constexpr std::pair<EventKind, const char*> kEventNames[] = {
    {EventKind::Start, "start"},     {EventKind::Language, "language"}, {EventKind::Consent, "consent"},
    {EventKind::Decline, "decline"}, {EventKind::Edit, "edit"},         {EventKind::Confirm, "confirm"},
    {EventKind::Cancel, "cancel"},   {EventKind::Help, "help"},         {EventKind::Protection, "protection"},
    {EventKind::Touch, "touch"},     {EventKind::Back, "back"},
};
}  // namespace

const char* ToString(EventKind kind) {
    for (const auto& [k, name] : kEventNames)
        if (k == kind) return name;
    return "touch";
}

std::optional<EventKind> EventKindFromString(std::string_view name) {
    for (const auto& [k, n] : kEventNames)
        if (name == n) return k;
    return std::nullopt;
}

void WipeString(std::string& s) {
    if (!s.empty()) sodium_memzero(s.data(), s.size());
    s.clear();
}

void WipeRecord(IntakeRecord& record) {
    for (auto& [name, field] : record.fields) {
        WipeString(field.value);
        if (field.previous) WipeString(*field.previous);
    }
    record.fields.clear();
    WipeString(record.id);
}

std::string FormatRfc3339(std::int64_t unix_s) {
    const std::time_t t = static_cast<std::time_t>(unix_s);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

Flow::Flow(FlowSettings settings, FlowTime start) : settings_(std::move(settings)) {
    last_activity_s_ = start.monotonic_s;
    screen_entered_s_ = start.monotonic_s;
}

Flow::~Flow() { WipeSession(); }

void Flow::WipeSession() {
    if (record_) WipeRecord(*record_);
    record_.reset();
    if (language_) WipeString(*language_);
    language_.reset();
    help_ = false;
    protection_ = false;
    consent_unix_s_ = 0;
    scan_.reset();
    outcome_ = Outcome::None;
}

void Flow::Enter(Screen screen, FlowTime now) {
    if (screen == Screen::Attract) WipeSession();
    if (screen == Screen::Scan) {
        ++scan_epoch_;
        scan_ = ScanStatus{};
    } else if (screen != Screen::Review) {
        scan_.reset();
    }
    if (screen != Screen::Review && record_) {
        WipeRecord(*record_);
        record_.reset();
    }
    screen_ = screen;
    screen_entered_s_ = now.monotonic_s;
    Changed();
}

Error Flow::Handle(const FlowEvent& event, FlowTime now) {
    last_activity_s_ = now.monotonic_s;
    const auto not_here = [&] {
        return Error{ErrorCode::Conflict,
                     std::string("event '") + ToString(event.kind) + "' is not allowed in state " + ToString(screen_)};
    };
    switch (event.kind) {
        case EventKind::Start:
            if (screen_ != Screen::Attract) return not_here();
            Enter(Screen::Language, now);
            return {};
        case EventKind::Language: {
            if (screen_ != Screen::Language) return not_here();
            const auto& offered = settings_.languages;
            if (std::find(offered.begin(), offered.end(), event.value) == offered.end())
                return {ErrorCode::InvalidArgument, "unknown language"};
            language_ = event.value;
            Enter(Screen::Consent, now);
            return {};
        }
        case EventKind::Consent:
            if (screen_ != Screen::Consent) return not_here();
            consent_unix_s_ = now.unix_s;
            Enter(Screen::Scan, now);
            return {};
        case EventKind::Decline:
            if (screen_ != Screen::Consent) return not_here();
            Enter(Screen::Done, now);
            outcome_ = Outcome::Declined;
            return {};
        case EventKind::Edit: {
            if (screen_ != Screen::Review || !record_) return not_here();
            if (event.field.empty()) return {ErrorCode::InvalidArgument, "edit needs a field"};
            Error error = EditField(*record_, event.field, event.value, Editor::Person);
            if (error) return {ErrorCode::InvalidArgument, "the field or its value is not accepted"};
            Changed();
            return {};
        }
        case EventKind::Confirm:
            if (screen_ != Screen::Review || !record_) return not_here();
            Enter(Screen::Done, now);  // the caller stored record() before confirming
            outcome_ = Outcome::Confirmed;
            return {};
        case EventKind::Cancel:
            Enter(Screen::Attract, now);
            return {};
        case EventKind::Help:
        case EventKind::Protection: {
            const bool help = event.kind == EventKind::Help;
            (help ? help_ : protection_) = true;
            if (record_) SetFlag(*record_, help ? RecordFlag::HelpRequested : RecordFlag::ProtectionRequested);
            Changed();
            return {};
        }
        case EventKind::Touch:
            return {};
        case EventKind::Back:
            switch (screen_) {
                case Screen::Language: Enter(Screen::Attract, now); return {};
                case Screen::Consent: Enter(Screen::Language, now); return {};
                case Screen::Scan: Enter(Screen::Consent, now); return {};
                case Screen::Review: Enter(Screen::Scan, now); return {};  // read it again
                default: return not_here();
            }
    }
    return not_here();
}

bool Flow::DocumentRead(IntakeRecord record, FlowTime now) {
    if (screen_ != Screen::Scan) {
        WipeRecord(record);
        return false;
    }
    if (help_) SetFlag(record, RecordFlag::HelpRequested);
    if (protection_) SetFlag(record, RecordFlag::ProtectionRequested);
    Consent consent;
    consent.given = true;
    consent.scope = "intake_record";
    consent.language = language_.value_or("");
    consent.at = FormatRfc3339(consent_unix_s_ ? consent_unix_s_ : now.unix_s);
    record.consent = consent;
    record_ = std::move(record);
    if (scan_) {
        scan_->state = "done";
        scan_->feedback = "ok";
    }
    Enter(Screen::Review, now);
    return true;
}

void Flow::UpdateScan(const ScanStatus& status) {
    if (screen_ != Screen::Scan) return;
    if (scan_ && scan_->state == status.state && scan_->feedback == status.feedback &&
        scan_->frames == status.frames && scan_->confidence == status.confidence)
        return;
    scan_ = status;
    Changed();
}

bool Flow::Tick(FlowTime now) {
    if (screen_ == Screen::Done && now.monotonic_s - screen_entered_s_ >= settings_.done_seconds) {
        Enter(Screen::Attract, now);
        last_activity_s_ = now.monotonic_s;
        return true;
    }
    if (now.monotonic_s - last_activity_s_ >= settings_.inactivity_seconds) {
        last_activity_s_ = now.monotonic_s;
        const bool moved = screen_ != Screen::Attract;
        const bool had_session = language_ || help_ || protection_ || record_;
        if (moved || had_session) Enter(Screen::Attract, now);
        return moved;
    }
    return false;
}

double Flow::remaining_seconds(FlowTime now) const {
    return std::max(0.0, settings_.inactivity_seconds - (now.monotonic_s - last_activity_s_));
}

}  // namespace docintake::kiosk
