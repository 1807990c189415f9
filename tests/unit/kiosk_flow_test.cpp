// The kiosk's state machine (kiosk/src/flow.h) with an injected clock: every
// transition, events refused where they do not belong, decline, help and
// protection flags, and the inactivity wipe.
#include <doctest/doctest.h>

#include <docintake/mrz.h>
#include <docintake/record.h>

#include "flow.h"
#include "support/specimen_record.h"

using namespace docintake;
using namespace docintake::kiosk;
using docintake::test::SpecimenRecord;

namespace {

struct Clock {
    double t = 1000;
    FlowTime now() const { return {t, 1'796'000'000 + static_cast<std::int64_t>(t)}; }
};

FlowSettings Settings() {
    FlowSettings s;
    s.inactivity_seconds = 90;
    s.done_seconds = 10;
    s.languages = {"en", "ar"};
    return s;
}

FlowEvent Ev(EventKind kind, std::string value = {}, std::string field = {}) {
    FlowEvent e;
    e.kind = kind;
    e.value = std::move(value);
    e.field = std::move(field);
    return e;
}

// Walks a fresh flow to the review screen with the specimen read.
void ToReview(Flow& flow, Clock& clock) {
    REQUIRE_FALSE(flow.Handle(Ev(EventKind::Start), clock.now()));
    REQUIRE_FALSE(flow.Handle(Ev(EventKind::Language, "ar"), clock.now()));
    REQUIRE_FALSE(flow.Handle(Ev(EventKind::Consent), clock.now()));
    REQUIRE(flow.DocumentRead(SpecimenRecord(), clock.now()));
    REQUIRE(flow.screen() == Screen::Review);
}

}  // namespace

TEST_CASE("the happy path: attract, language, consent, scan, review, confirm, done, attract") {
    Clock clock;
    Flow flow(Settings(), clock.now());
    CHECK(flow.screen() == Screen::Attract);
    CHECK_FALSE(flow.Handle(Ev(EventKind::Start), clock.now()));
    CHECK(flow.screen() == Screen::Language);
    CHECK_FALSE(flow.Handle(Ev(EventKind::Language, "ar"), clock.now()));
    CHECK(flow.screen() == Screen::Consent);
    REQUIRE(flow.language());
    CHECK(*flow.language() == "ar");
    const auto epoch_before = flow.scan_epoch();
    CHECK_FALSE(flow.Handle(Ev(EventKind::Consent), clock.now()));
    CHECK(flow.screen() == Screen::Scan);
    CHECK(flow.scan_epoch() == epoch_before + 1);
    REQUIRE(flow.scan());
    CHECK(flow.scan()->state == "searching");

    ScanStatus reading;
    reading.state = "reading";
    reading.feedback = "hold_still";
    reading.frames = 3;
    flow.UpdateScan(reading);
    CHECK(flow.scan()->feedback == "hold_still");

    CHECK(flow.DocumentRead(SpecimenRecord(), clock.now()));
    CHECK(flow.screen() == Screen::Review);
    REQUIRE(flow.record());
    REQUIRE(flow.record()->consent);
    CHECK(flow.record()->consent->given);
    CHECK(flow.record()->consent->language == "ar");
    CHECK(flow.record()->consent->scope == "intake_record");

    CHECK_FALSE(flow.Handle(Ev(EventKind::Confirm), clock.now()));
    CHECK(flow.screen() == Screen::Done);
    CHECK(flow.outcome() == Outcome::Confirmed);
    CHECK(flow.record() == nullptr);  // cleared after confirm

    clock.t += 9.9;
    CHECK_FALSE(flow.Tick(clock.now()));
    CHECK(flow.screen() == Screen::Done);
    clock.t += 0.2;
    CHECK(flow.Tick(clock.now()));
    CHECK(flow.screen() == Screen::Attract);
    CHECK_FALSE(flow.language());
    CHECK(flow.outcome() == Outcome::None);
}

TEST_CASE("events outside their screen are refused and change nothing") {
    Clock clock;
    Flow flow(Settings(), clock.now());
    for (auto kind : {EventKind::Language, EventKind::Consent, EventKind::Decline, EventKind::Edit,
                      EventKind::Confirm, EventKind::Back}) {
        const Error error = flow.Handle(Ev(kind, "en", "surname"), clock.now());
        CHECK(error.code == ErrorCode::Conflict);
        CHECK(flow.screen() == Screen::Attract);
    }
    REQUIRE_FALSE(flow.Handle(Ev(EventKind::Start), clock.now()));
    CHECK(flow.Handle(Ev(EventKind::Start), clock.now()).code == ErrorCode::Conflict);
    CHECK(flow.Handle(Ev(EventKind::Consent), clock.now()).code == ErrorCode::Conflict);
    // A language that is not offered is a bad value.
    CHECK(flow.Handle(Ev(EventKind::Language, "xx"), clock.now()).code == ErrorCode::InvalidArgument);
    CHECK(flow.screen() == Screen::Language);
    // A document read when not scanning is dropped.
    CHECK_FALSE(flow.DocumentRead(SpecimenRecord(), clock.now()));
    CHECK(flow.record() == nullptr);
}

TEST_CASE("decline goes to done with outcome declined and no record") {
    Clock clock;
    Flow flow(Settings(), clock.now());
    REQUIRE_FALSE(flow.Handle(Ev(EventKind::Start), clock.now()));
    REQUIRE_FALSE(flow.Handle(Ev(EventKind::Language, "en"), clock.now()));
    CHECK_FALSE(flow.Handle(Ev(EventKind::Decline), clock.now()));
    CHECK(flow.screen() == Screen::Done);
    CHECK(flow.outcome() == Outcome::Declined);
    CHECK(flow.record() == nullptr);
    // Nothing to confirm after a decline.
    CHECK(flow.Handle(Ev(EventKind::Confirm), clock.now()).code == ErrorCode::Conflict);
}

TEST_CASE("edit changes the record as the person's correction, keeping the previous value") {
    Clock clock;
    Flow flow(Settings(), clock.now());
    ToReview(flow, clock);
    const RecordField* before = flow.record()->field("given_names");
    REQUIRE(before);
    const std::string original = before->value;
    CHECK_FALSE(flow.Handle(Ev(EventKind::Edit, "ANNA MARIE", "given_names"), clock.now()));
    const RecordField* after = flow.record()->field("given_names");
    REQUIRE(after);
    CHECK(after->value == "ANNA MARIE");
    REQUIRE(after->previous);
    CHECK(*after->previous == original);
    REQUIRE(after->changed_by);
    CHECK(*after->changed_by == Editor::Person);
    CHECK(after->source == "typed");
    // An unknown field or a bad value is refused.
    CHECK(flow.Handle(Ev(EventKind::Edit, "X", "no_such_field"), clock.now()).code == ErrorCode::InvalidArgument);
    CHECK(flow.Handle(Ev(EventKind::Edit, "X"), clock.now()).code == ErrorCode::InvalidArgument);
    CHECK(flow.screen() == Screen::Review);
}

TEST_CASE("help and protection are allowed anywhere and go onto the record") {
    Clock clock;
    Flow flow(Settings(), clock.now());
    CHECK_FALSE(flow.Handle(Ev(EventKind::Protection), clock.now()));  // before a record exists
    CHECK(flow.protection());
    ToReview(flow, clock);
    CHECK(flow.record()->has_flag(RecordFlag::ProtectionRequested));
    CHECK_FALSE(flow.record()->has_flag(RecordFlag::HelpRequested));
    CHECK_FALSE(flow.Handle(Ev(EventKind::Help), clock.now()));  // on review: applied at once
    CHECK(flow.help());
    CHECK(flow.record()->has_flag(RecordFlag::HelpRequested));
    CHECK(flow.screen() == Screen::Review);
}

TEST_CASE("back returns to the previous screen; from review it scans again") {
    Clock clock;
    Flow flow(Settings(), clock.now());
    ToReview(flow, clock);
    const auto epoch = flow.scan_epoch();
    CHECK_FALSE(flow.Handle(Ev(EventKind::Back), clock.now()));
    CHECK(flow.screen() == Screen::Scan);
    CHECK(flow.record() == nullptr);
    CHECK(flow.scan_epoch() == epoch + 1);
    CHECK_FALSE(flow.Handle(Ev(EventKind::Back), clock.now()));
    CHECK(flow.screen() == Screen::Consent);
    CHECK_FALSE(flow.Handle(Ev(EventKind::Back), clock.now()));
    CHECK(flow.screen() == Screen::Language);
    CHECK_FALSE(flow.Handle(Ev(EventKind::Back), clock.now()));
    CHECK(flow.screen() == Screen::Attract);
    CHECK(flow.Handle(Ev(EventKind::Back), clock.now()).code == ErrorCode::Conflict);
}

TEST_CASE("cancel from any screen goes to attract and wipes the session") {
    for (int stop_at = 0; stop_at < 5; ++stop_at) {
        CAPTURE(stop_at);
        Clock clock;
        Flow flow(Settings(), clock.now());
        REQUIRE_FALSE(flow.Handle(Ev(EventKind::Help), clock.now()));
        if (stop_at >= 1) REQUIRE_FALSE(flow.Handle(Ev(EventKind::Start), clock.now()));
        if (stop_at >= 2) REQUIRE_FALSE(flow.Handle(Ev(EventKind::Language, "en"), clock.now()));
        if (stop_at >= 3) REQUIRE_FALSE(flow.Handle(Ev(EventKind::Consent), clock.now()));
        if (stop_at >= 4) REQUIRE(flow.DocumentRead(SpecimenRecord(), clock.now()));
        CHECK_FALSE(flow.Handle(Ev(EventKind::Cancel), clock.now()));
        CHECK(flow.screen() == Screen::Attract);
        CHECK_FALSE(flow.language());
        CHECK_FALSE(flow.help());
        CHECK(flow.record() == nullptr);
        CHECK(flow.scan() == nullptr);
    }
}

TEST_CASE("inactivity: every event extends the countdown; the timeout wipes the session") {
    Clock clock;
    Flow flow(Settings(), clock.now());
    ToReview(flow, clock);
    REQUIRE_FALSE(flow.Handle(Ev(EventKind::Protection), clock.now()));
    clock.t += 60;
    CHECK(flow.remaining_seconds(clock.now()) == doctest::Approx(30));
    CHECK_FALSE(flow.Tick(clock.now()));
    CHECK_FALSE(flow.Handle(Ev(EventKind::Touch), clock.now()));  // someone is still there
    CHECK(flow.remaining_seconds(clock.now()) == doctest::Approx(90));
    clock.t += 60;
    CHECK_FALSE(flow.Tick(clock.now()));
    CHECK(flow.screen() == Screen::Review);
    // A refused event also shows someone is there.
    CHECK(flow.Handle(Ev(EventKind::Start), clock.now()).code == ErrorCode::Conflict);
    clock.t += 89;
    CHECK_FALSE(flow.Tick(clock.now()));
    clock.t += 1.5;
    CHECK(flow.Tick(clock.now()));
    CHECK(flow.screen() == Screen::Attract);
    CHECK(flow.record() == nullptr);
    CHECK_FALSE(flow.language());
    CHECK_FALSE(flow.protection());
    CHECK(flow.outcome() == Outcome::None);
}

TEST_CASE("inactivity on attract wipes flags set there without moving") {
    Clock clock;
    Flow flow(Settings(), clock.now());
    REQUIRE_FALSE(flow.Handle(Ev(EventKind::Help), clock.now()));
    clock.t += 91;
    CHECK_FALSE(flow.Tick(clock.now()));
    CHECK(flow.screen() == Screen::Attract);
    CHECK_FALSE(flow.help());
}

TEST_CASE("the version changes with every visible change") {
    Clock clock;
    Flow flow(Settings(), clock.now());
    auto v = flow.version();
    REQUIRE_FALSE(flow.Handle(Ev(EventKind::Start), clock.now()));
    CHECK(flow.version() > v);
    v = flow.version();
    CHECK(flow.Handle(Ev(EventKind::Start), clock.now()));  // refused
    CHECK(flow.version() == v);
}

TEST_CASE("event names round-trip; unknown names are refused") {
    for (const char* name : {"start", "language", "consent", "decline", "edit", "confirm", "cancel", "help",
                             "protection", "touch", "back"}) {
        const auto kind = EventKindFromString(name);
        REQUIRE(kind);
        CHECK(std::string(ToString(*kind)) == name);
    }
    CHECK_FALSE(EventKindFromString("reboot"));
    CHECK_FALSE(EventKindFromString(""));
}

TEST_CASE("WipeString overwrites and clears") {
    std::string s = "ERIKSSON";
    const char* data = s.data();
    WipeString(s);
    CHECK(s.empty());
    for (int i = 0; i < 8; ++i) CHECK(data[i] == '\0');  // SSO buffer: still ours to read
}
