#pragma once
// Intake records: what was read from a document, field by field with where each
// value came from, plus the flags staff need to refer a person correctly.
//
//   auto built = docintake::BuildRecord(reading, barcodes);   // or from a ScanUpdate
//   if (built.error) return;                                   // nothing valid to build from
//   docintake::EditField(built.record, "given_names", "ANNA MARIA", docintake::Editor::Person);
//   docintake::SetFlag(built.record, docintake::RecordFlag::ProtectionRequested);
//   std::string json = docintake::RecordToJson(built.record);  // docs/schemas/intake-record.v1.json
//
// Building and editing are pure (no I/O, no clock unless the options leave the
// dates to it); the record's id is random. Parsing a record's JSON is safe on any bytes.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "docintake/barcode.h"
#include "docintake/error.h"
#include "docintake/mrz.h"
#include "docintake/read_mrz.h"
#include "docintake/scanner.h"

namespace docintake {

// The version of the record JSON this library writes (docs/schemas/intake-record.v<N>.json).
constexpr int kRecordSchemaVersion = 1;

// Who changed a field. Never a name: a record says only which role did it.
enum class Editor { Person, Staff };
// "person", "staff".
const char* ToString(Editor editor);

// One field's value and where it came from.
struct RecordField {
    std::string value;
    // "mrz", "barcode:<kind>" (kind as ToString(PayloadKind): "barcode:vds", ...),
    // "typed" (the person at the kiosk) or "staff".
    std::string source;
    bool checked = false;     // covered by a passing check digit or a verified signature
    double confidence = 0;    // 0..1: the reading's confidence; 1 for typed or staff values
    // After an edit: the value before the first edit of this record's life and who
    // made the last edit. Empty / unset when never edited.
    std::optional<std::string> previous;
    std::optional<Editor> changed_by;
};

enum class RecordFlag {
    Expired,                     // the document's expiry date is before the intake date
    Minor,                       // under 18 at the intake date (birth date known to the day)
    StatelessOrRefugeeDocument,  // issuing state or nationality XXA, XXB or XXC
    MrzBarcodeMismatch,          // a seal on the document says something else than its MRZ
    NamePossiblyTruncated,       // the MRZ's name field is full to its last character
    BirthDatePartlyUnknown,      // part of the birth date is printed as fillers
    SignatureInvalid,            // a seal's signature does not verify
    ProtectionRequested,         // the person asked for international protection
    HelpRequested,               // the person asked for help
};
// "expired", "minor", "stateless_or_refugee_document", "mrz_barcode_mismatch",
// "name_possibly_truncated", "birth_date_partly_unknown", "signature_invalid",
// "protection_requested", "help_requested".
const char* ToString(RecordFlag flag);
// The flag with that name, or nullopt.
std::optional<RecordFlag> RecordFlagFromString(std::string_view name);

// What the person agreed to. The kiosk fills it; the CLI records the operator's.
struct Consent {
    bool given = false;
    std::string scope;     // e.g. "intake_record": what was agreed to, as a stable key
    std::string language;  // BCP 47 code of the language the notice was shown in, e.g. "ar"
    std::string at;        // when, RFC 3339 UTC: "2026-12-06T10:15:00Z"
};

struct IntakeRecord {
    std::string id;  // random, 32 lower-case hex characters; stable for the record's life
    int schema_version = kRecordSchemaVersion;
    std::string created_at;  // RFC 3339 UTC
    std::string intake_date;  // YYYY-MM-DD: the date the flags were computed for
    // Field name -> value, in a stable order. Names as `docintake parse` prints them:
    // document_code, issuing_state, surname, given_names, document_number, nationality,
    // birth_date, sex, expiry_date, optional_data, ... plus fields only a seal carries.
    std::vector<std::pair<std::string, RecordField>> fields;
    std::vector<RecordFlag> flags;  // each at most once, in enum order
    std::optional<Consent> consent;
    std::string document_format;  // "TD3", "MRVA", ... (the MRZ's), or empty

    const RecordField* field(std::string_view name) const;
    bool has_flag(RecordFlag flag) const;
};

struct RecordOptions {
    // The intake date (YYYYMMDD) the flags are computed for; 0 means today (UTC).
    std::int32_t intake_date = 0;
    // created_at as RFC 3339; empty means now (UTC).
    std::string created_at;
};

struct RecordBuildResult {
    IntakeRecord record;
    Error error;  // set when there is nothing trustworthy to build from
};

// From one frame's reading and the barcodes read in the same frame. Needs a Valid
// MRZ reading, or a barcode whose seal verified when there is no MRZ; otherwise an
// error (an Ambiguous reading is for the scanner to settle, not a record).
RecordBuildResult BuildRecord(const MrzReadResult& reading, const std::vector<BarcodeRead>& barcodes,
                              const RecordOptions& options = {});
// From the scanner's agreed result (state Done); barcodes as above, may be empty.
RecordBuildResult BuildRecord(const ScanUpdate& scan, const std::vector<BarcodeRead>& barcodes,
                              const RecordOptions& options = {});
// From a parsed MRZ that the caller trusts (e.g. typed MRZ lines that are valid).
RecordBuildResult BuildRecord(const Mrz& mrz, const std::vector<BarcodeRead>& barcodes,
                              const RecordOptions& options = {});

// Sets a field's value as typed by the person or changed by staff. The first edit
// keeps the original in `previous`; the source becomes "typed" or "staff", checked
// false, confidence 1. Values are upper-cased Latin: A-Z, 0-9, space, hyphen, '<'
// (MRZ names are Latin); dates YYYY-MM-DD; sex M, F or X. Flags that depend on the
// field (expired, minor, birth_date_partly_unknown) are computed again.
Error EditField(IntakeRecord& record, std::string_view name, std::string_view value, Editor editor,
                const RecordOptions& options = {});

void SetFlag(IntakeRecord& record, RecordFlag flag);
void ClearFlag(IntakeRecord& record, RecordFlag flag);

// A new random record id (32 hex characters from the system's CSPRNG).
std::string NewRecordId();

// The record JSON that leaves the device (docs/schemas/intake-record.v1.json).
std::string RecordToJson(const IntakeRecord& record);

struct RecordParseResult {
    IntakeRecord record;
    Error error;  // malformed JSON, a missing or mistyped member, an unknown schema version
};
// Parses what RecordToJson wrote. Never throws.
RecordParseResult ParseRecordJson(std::string_view json);

}  // namespace docintake
