#include "record/derived_flags.h"

#include "record/dates.h"

namespace docintake::record {

std::int32_t IntakeDateOf(const IntakeRecord& record) {
    const auto d = ParseIsoDate(record.intake_date);
    return d && d->complete() ? d->yyyymmdd() : 0;
}

void UpdateDateFlags(IntakeRecord& record, std::int32_t intake_date) {
    auto set = [&](RecordFlag flag, bool on) { on ? SetFlag(record, flag) : ClearFlag(record, flag); };

    const RecordField* expiry = record.field("expiry_date");
    const auto expiry_date = expiry ? ParseIsoDate(expiry->value) : std::nullopt;
    set(RecordFlag::Expired, expiry_date && expiry_date->complete() && expiry_date->yyyymmdd() < intake_date);

    const RecordField* birth = record.field("birth_date");
    const auto birth_date = birth ? ParseIsoDate(birth->value) : std::nullopt;
    set(RecordFlag::BirthDatePartlyUnknown, birth && !(birth_date && birth_date->complete()));
    bool minor = false;
    if (birth_date && intake_date != 0) {
        IsoDate earliest = *birth_date;
        if (earliest.month == 0) earliest.month = 1;
        if (earliest.day == 0) earliest.day = 1;
        minor = earliest.yyyymmdd() <= intake_date && AgeOn(earliest, intake_date) < 18;
    }
    set(RecordFlag::Minor, minor);
}

}  // namespace docintake::record
