#pragma once
// The kiosk's screens and what moves between them: a pure state machine. No
// threads, no I/O, no clock of its own: every call is given the time, so tests
// drive it with an injected clock.
//
//   attract -start-> language -language-> consent -consent-> scan
//   scan -(document read)-> review -confirm-> done -(done_seconds)-> attract
//   consent -decline-> done (nothing stored); cancel: any -> attract (wiped)
//   no event for inactivity_seconds: -> attract, the session wiped
//
// The session (language, flags, the record) lives only in memory and is wiped
// (string contents overwritten) whenever it ends.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "docintake/error.h"
#include "docintake/record.h"

namespace docintake::kiosk {

enum class Screen { Attract, Language, Consent, Scan, Review, Done };
// "attract", "language", "consent", "scan", "review", "done".
const char* ToString(Screen screen);

enum class Outcome { None, Confirmed, Declined };
// null for None: "confirmed", "declined".
const char* ToString(Outcome outcome);

enum class EventKind { Start, Language, Consent, Decline, Edit, Confirm, Cancel, Help, Protection, Touch, Back };
const char* ToString(EventKind kind);
std::optional<EventKind> EventKindFromString(std::string_view name);

struct FlowEvent {
    EventKind kind = EventKind::Touch;
    std::string value;  // language: the code; edit: the new text
    std::string field;  // edit: the field's name
};

// The scanner's progress as the screen shows it.
struct ScanStatus {
    std::string state = "searching";  // searching, reading, done, failed
    std::string feedback = "no_document";
    double confidence = 0;
    int frames = 0;
};

struct FlowSettings {
    double inactivity_seconds = 90;
    double done_seconds = 10;
    std::vector<std::string> languages = {"en"};
};

// Monotonic seconds for the countdowns; Unix seconds for what the record says.
struct FlowTime {
    double monotonic_s = 0;
    std::int64_t unix_s = 0;
};

class Flow {
public:
    Flow(FlowSettings settings, FlowTime start);
    ~Flow();
    Flow(const Flow&) = delete;
    Flow& operator=(const Flow&) = delete;

    // Applies a person's event. InvalidArgument: a bad value; Conflict: the
    // event is not allowed on this screen. Nothing changes on an error except
    // that the countdown is extended (someone is there).
    Error Handle(const FlowEvent& event, FlowTime now);
    // The scanner agreed on a document and a record was built: scan -> review.
    // The session's flags and consent are applied to it. False (and the record
    // dropped) when not on the scan screen any more.
    bool DocumentRead(IntakeRecord record, FlowTime now);
    // The scanner's progress; ignored outside the scan screen.
    void UpdateScan(const ScanStatus& status);
    // Timeouts. True when the screen changed.
    bool Tick(FlowTime now);

    Screen screen() const { return screen_; }
    Outcome outcome() const { return outcome_; }
    const std::optional<std::string>& language() const { return language_; }
    bool help() const { return help_; }
    bool protection() const { return protection_; }
    // The record being reviewed: exactly what confirm stores.
    const IntakeRecord* record() const { return record_ ? &*record_ : nullptr; }
    // Set on the scan screen (and kept on review).
    const ScanStatus* scan() const { return scan_ ? &*scan_ : nullptr; }
    double remaining_seconds(FlowTime now) const;
    const FlowSettings& settings() const { return settings_; }
    // Changes each time the scan screen is entered: the camera loop starts a new scan.
    std::uint64_t scan_epoch() const { return scan_epoch_; }
    // Changes on every visible change (for the event stream).
    std::uint64_t version() const { return version_; }

private:
    void Enter(Screen screen, FlowTime now);
    void WipeSession();
    void Changed() { ++version_; }

    FlowSettings settings_;
    Screen screen_ = Screen::Attract;
    Outcome outcome_ = Outcome::None;
    std::optional<std::string> language_;
    bool help_ = false;
    bool protection_ = false;
    std::int64_t consent_unix_s_ = 0;
    std::optional<IntakeRecord> record_;
    std::optional<ScanStatus> scan_;
    double last_activity_s_ = 0;
    double screen_entered_s_ = 0;
    std::uint64_t scan_epoch_ = 0;
    std::uint64_t version_ = 0;
};

// Overwrites a string's bytes before it is cleared (cheap defence against the
// session lingering in freed memory).
void WipeString(std::string& s);
void WipeRecord(IntakeRecord& record);

// RFC 3339 UTC, "2026-12-06T10:15:00Z".
std::string FormatRfc3339(std::int64_t unix_s);

}  // namespace docintake::kiosk
