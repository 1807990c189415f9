// Corrections typed by the person or made by staff, checked for shape only:
// the kiosk's keyboard is Latin (MRZ names are Latin) and dates are ISO 8601.
#include <algorithm>
#include <cctype>

#include "docintake/record.h"
#include "record/dates.h"
#include "record/derived_flags.h"

namespace docintake {
namespace {

enum class Shape { Name, Code, Alnum, Date, Sex, DocumentCode };

struct EditableField {
    const char* name;
    Shape shape;
    std::size_t max_length;
};

// The fields a record may carry an edit for; seal-only fields keep their seal's value.
constexpr EditableField kEditable[] = {
    {"surname", Shape::Name, 64},        {"given_names", Shape::Name, 64},
    {"document_number", Shape::Alnum, 24}, {"optional_data", Shape::Alnum, 32},
    {"optional_data_2", Shape::Alnum, 32}, {"issuing_state", Shape::Code, 3},
    {"nationality", Shape::Code, 3},     {"birth_date", Shape::Date, 10},
    {"expiry_date", Shape::Date, 10},    {"issue_date", Shape::Date, 10},
    {"sex", Shape::Sex, 1},              {"document_code", Shape::DocumentCode, 2},
};

// Upper case, '<' and runs of spaces as one space, no spaces at the ends.
std::string Normalise(std::string_view in) {
    std::string out;
    bool space = false;
    for (char c : in) {
        if (c == ' ' || c == '<' || c == '\t') {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return out;
}

bool AllOf(const std::string& s, bool (*ok)(char)) { return std::all_of(s.begin(), s.end(), ok); }
bool Letter(char c) { return c >= 'A' && c <= 'Z'; }
bool NameChar(char c) { return Letter(c) || c == ' ' || c == '-'; }
bool AlnumChar(char c) { return Letter(c) || (c >= '0' && c <= '9'); }

// Empty when the value fits the shape, else why not (no personal data: the value is not echoed).
std::string Fits(const std::string& v, Shape shape) {
    switch (shape) {
        case Shape::Name: return AllOf(v, NameChar) ? "" : "names take Latin letters A-Z, spaces and hyphens";
        case Shape::Alnum:
            return !v.empty() && AllOf(v, AlnumChar) ? "" : "takes letters A-Z and digits 0-9, without spaces";
        case Shape::Code:
            return (v.size() == 3 || v == "D") && AllOf(v, Letter) ? "" : "takes a three-letter code such as UTO";
        case Shape::DocumentCode: return !v.empty() && AllOf(v, Letter) ? "" : "takes one or two letters";
        case Shape::Sex: return v == "M" || v == "F" || v == "X" ? "" : "takes M, F or X";
        case Shape::Date:
            return record::ParseIsoDate(v) ? "" : "takes a date YYYY-MM-DD (or YYYY-MM, YYYY when parts are unknown)";
    }
    return "unknown shape";
}

}  // namespace

Error EditField(IntakeRecord& record, std::string_view name, std::string_view value, Editor editor,
                const RecordOptions& options) {
    const auto spec = std::find_if(std::begin(kEditable), std::end(kEditable),
                                   [&](const EditableField& f) { return name == f.name; });
    if (spec == std::end(kEditable))
        return {ErrorCode::InvalidArgument, "field '" + std::string(name.substr(0, 32)) + "' cannot be edited"};
    const std::string v = Normalise(value);
    if (v.size() > spec->max_length)
        return {ErrorCode::InvalidArgument, std::string(spec->name) + ": at most " + std::to_string(spec->max_length) +
                                                " characters"};
    if (std::string why = Fits(v, spec->shape); !why.empty())
        return {ErrorCode::InvalidArgument, std::string(spec->name) + ": " + why};

    auto it = std::find_if(record.fields.begin(), record.fields.end(), [&](const auto& f) { return f.first == name; });
    if (it == record.fields.end()) {
        record.fields.emplace_back(spec->name, RecordField{});
        it = std::prev(record.fields.end());
        it->second.previous = "";  // the field was absent: an edit added it
    } else if (it->second.value == v) {
        return {};  // nothing changes: no edit to record
    } else if (!it->second.previous) {
        it->second.previous = it->second.value;  // the value as read, kept through later edits
    }
    RecordField& f = it->second;
    f.value = v;
    f.source = editor == Editor::Staff ? "staff" : "typed";
    f.checked = false;
    f.confidence = 1;
    f.changed_by = editor;
    const std::int32_t intake = options.intake_date ? options.intake_date : record::IntakeDateOf(record);
    record::UpdateDateFlags(record, intake ? intake : record::TodayUtc());
    return {};
}

}  // namespace docintake
