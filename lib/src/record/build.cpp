// Building an intake record from what was read: the MRZ's fields with their
// check-digit coverage and the OCR's confidence, plus what a seal adds.
#include <algorithm>
#include <functional>

#include "docintake/cross_check.h"
#include "docintake/record.h"
#include "mrz/layout.h"
#include "mrz/licence.h"
#include "record/dates.h"
#include "record/derived_flags.h"

namespace docintake {
namespace {

// The layout field whose positions hold a record field (surname and given names
// share the name field except on the French ID; the personal number is printed
// as optional_data).
const char* LayoutName(MrzFormat format, const std::string& field) {
    if ((field == "surname" || field == "given_names") && format != MrzFormat::FrenchId &&
        format != MrzFormat::FrenchDrivingLicence)
        return "name";
    if (field == "optional_data" && format == MrzFormat::TD3) return "personal_number";
    return field.c_str();
}

const mrz::FieldSpec* FindSpec(const mrz::Layout& layout, const char* name) {
    for (const auto& f : layout.fields)
        if (std::string(f.name) == name) return &f;
    return nullptr;
}

bool Covers(const mrz::CheckSpec& check, const mrz::Span& s) {
    for (const auto& c : check.covered)
        if (c.line == s.line && c.start <= s.start && s.start + s.length <= c.start + c.length) return true;
    return false;
}

// Confidence of one field given its span: how sure the reading is of it.
using SpanConfidence = std::function<double(const mrz::Span&, bool checked)>;

void AddMrzFields(IntakeRecord& r, const Mrz& m, const SpanConfidence& confidence) {
    const mrz::Layout& layout = mrz::LayoutOf(m.format);
    const bool shaped = static_cast<int>(m.lines.size()) == layout.line_count;
    std::vector<mrz::CheckSpec> checks;
    if (shaped) checks = mrz::ResolveChecks(m.format, m.lines);
    auto add = [&](const std::string& name, const std::string& value) {
        // A driving licence prints few fields (no nationality, sex, often no dates):
        // the record holds only those its layout has, not empty stand-ins.
        if (mrz::IsLicence(m.format) && !FindSpec(layout, LayoutName(m.format, name))) return;
        RecordField f;
        f.value = value;
        f.source = "mrz";
        const mrz::FieldSpec* spec = shaped ? FindSpec(layout, LayoutName(m.format, name)) : nullptr;
        if (spec)
            f.checked = std::any_of(checks.begin(), checks.end(), [&](const mrz::CheckSpec& c) {
                return Covers(c, spec->span) && mrz::CheckPasses(c, m.lines);
            });
        f.confidence = spec ? confidence(spec->span, f.checked) : confidence({}, f.checked);
        r.fields.emplace_back(name, std::move(f));
    };
    add("document_code", m.document_code);
    add("issuing_state", m.issuing_state.code);
    add("surname", m.surname);
    add("given_names", m.given_names);
    add("document_number", m.document_number);
    add("nationality", m.nationality.code);
    add("birth_date", m.birth_date.iso());
    add("sex", ToString(m.sex));
    if (!m.expiry_date.raw.empty()) add("expiry_date", m.expiry_date.iso());
    if (m.format == MrzFormat::FrenchId) add("issue_date", m.issue_date.iso());
    if (!m.optional_data.empty()) add("optional_data", m.optional_data);
    if (!m.optional_data_2.empty()) add("optional_data_2", m.optional_data_2);
}

bool IsSeal(const DecodedPayload& p) {
    return !p.error && (p.kind == PayloadKind::VDS || p.kind == PayloadKind::VDSNC);
}

// A seal's fields: those the record has already are confirmed by a verified
// signature (when they agree); the others are added with the seal as source.
void AddSealFields(IntakeRecord& r, const DecodedPayload& p, const std::vector<std::string>& mismatched) {
    const bool verified = p.signature == SignatureStatus::Verified;
    for (const auto& entry : p.fields) {
        const std::string& name = entry.first;  // not a structured binding: the lambda below captures it
        if (name == "mrz") continue;  // the seal's copy of the MRZ: compared, not a field
        auto it = std::find_if(r.fields.begin(), r.fields.end(), [&](const auto& f) { return f.first == name; });
        if (it != r.fields.end()) {
            const bool disagrees = std::find(mismatched.begin(), mismatched.end(), name) != mismatched.end();
            if (verified && !disagrees) it->second.checked = true;
            continue;
        }
        RecordField f;
        f.value = entry.second;
        f.source = std::string("barcode:") + ToString(p.kind);
        f.checked = verified;
        f.confidence = 1;  // a symbol's error correction gives its bytes exactly
        r.fields.emplace_back(name, std::move(f));
    }
}

bool StatelessOrRefugee(const std::string& code) { return code == "XXA" || code == "XXB" || code == "XXC"; }

RecordBuildResult Start(const RecordOptions& options) {
    RecordBuildResult out;
    out.record.id = NewRecordId();
    if (out.record.id.empty()) out.error = {ErrorCode::Internal, "the system's random generator failed"};
    out.record.created_at = options.created_at.empty() ? record::NowRfc3339() : options.created_at;
    const std::int32_t intake = options.intake_date ? options.intake_date : record::TodayUtc();
    out.record.intake_date = record::IsoFromYyyymmdd(intake);
    return out;
}

void Finish(IntakeRecord& r, const std::vector<BarcodeRead>& barcodes) {
    for (const auto& b : barcodes)
        if (b.payload.signature == SignatureStatus::Invalid) SetFlag(r, RecordFlag::SignatureInvalid);
    for (const char* name : {"issuing_state", "nationality"})
        if (const RecordField* f = r.field(name); f && StatelessOrRefugee(f->value))
            SetFlag(r, RecordFlag::StatelessOrRefugeeDocument);
    record::UpdateDateFlags(r, record::IntakeDateOf(r));
}

RecordBuildResult FromMrz(const Mrz& mrz, const SpanConfidence& confidence, const std::vector<BarcodeRead>& barcodes,
                          const RecordOptions& options) {
    RecordBuildResult out = Start(options);
    if (out.error) return out;
    IntakeRecord& r = out.record;
    r.document_format = ToString(mrz.format);
    AddMrzFields(r, mrz, confidence);
    const std::vector<BarcodeMismatch> mismatches = CrossCheck(mrz, barcodes);
    if (!mismatches.empty()) SetFlag(r, RecordFlag::MrzBarcodeMismatch);
    for (std::size_t i = 0; i < barcodes.size(); ++i) {
        if (!IsSeal(barcodes[i].payload)) continue;  // a driving licence's PDF417 is another document
        std::vector<std::string> mismatched;
        for (const auto& m : mismatches)
            if (m.barcode_index == i) mismatched.push_back(m.field);
        AddSealFields(r, barcodes[i].payload, mismatched);
    }
    if (mrz.has_warning(MrzWarning::NamePossiblyTruncated)) SetFlag(r, RecordFlag::NamePossiblyTruncated);
    Finish(r, barcodes);
    return out;
}

// No MRZ: a seal whose signature verified is the document's word on its own.
RecordBuildResult FromSealOnly(const std::vector<BarcodeRead>& barcodes, const RecordOptions& options) {
    const auto seal = std::find_if(barcodes.begin(), barcodes.end(), [](const BarcodeRead& b) {
        return IsSeal(b.payload) && b.payload.signature == SignatureStatus::Verified;
    });
    if (seal == barcodes.end()) {
        RecordBuildResult out;
        out.error = {ErrorCode::InvalidArgument, "no valid MRZ reading and no verified seal to build a record from"};
        return out;
    }
    RecordBuildResult out = Start(options);
    if (out.error) return out;
    AddSealFields(out.record, seal->payload, {});
    Finish(out.record, barcodes);
    return out;
}

}  // namespace

RecordBuildResult BuildRecord(const MrzReadResult& reading, const std::vector<BarcodeRead>& barcodes,
                              const RecordOptions& options) {
    if (!reading.mrz || reading.status != MrzReadingStatus::Valid) return FromSealOnly(barcodes, options);
    const Mrz& mrz = *reading.mrz;
    const auto& cells = reading.candidates.lines;
    // A field is as sure as its least sure character (the OCR's probability of the
    // character finally chosen there); a check digit that passes vouches for the
    // characters it covers as much as the reading as a whole is trusted.
    const SpanConfidence confidence = [&](const mrz::Span& s, bool checked) {
        double c = reading.confidence;
        if (checked || s.length == 0) return c;
        for (int p = s.start; p < s.start + s.length; ++p) {
            const auto line = static_cast<std::size_t>(s.line), pos = static_cast<std::size_t>(p);
            if (line >= cells.size() || pos >= cells[line].size() || line >= mrz.lines.size()) continue;
            double chosen = 0;
            for (const auto& cand : cells[line][pos])
                if (cand.c == mrz.lines[line][pos]) chosen = std::max(chosen, static_cast<double>(cand.probability));
            c = std::min(c, chosen);
        }
        return c;
    };
    return FromMrz(mrz, confidence, barcodes, options);
}

RecordBuildResult BuildRecord(const ScanUpdate& scan, const std::vector<BarcodeRead>& barcodes,
                              const RecordOptions& options) {
    if (scan.state != ScanUpdate::State::Done || !scan.mrz) return FromSealOnly(barcodes, options);
    const double c = scan.confidence;
    return FromMrz(*scan.mrz, [c](const mrz::Span&, bool) { return c; }, barcodes, options);
}

RecordBuildResult BuildRecord(const Mrz& mrz, const std::vector<BarcodeRead>& barcodes, const RecordOptions& options) {
    if (!mrz.valid()) {
        RecordBuildResult out;
        out.error = {ErrorCode::InvalidArgument, "the MRZ does not pass its checks (" + mrz.first_failed_check() + ")"};
        return out;
    }
    return FromMrz(mrz, [](const mrz::Span&, bool) { return 1.0; }, barcodes, options);
}

}  // namespace docintake
