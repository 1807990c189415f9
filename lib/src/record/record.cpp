// The record's vocabulary: editors, flags, ids.
#include "docintake/record.h"

#include <algorithm>
#include <array>
#include <utility>

#include <openssl/rand.h>

namespace docintake {
namespace {

constexpr std::array<std::pair<RecordFlag, const char*>, 9> kFlagNames{{
    {RecordFlag::Expired, "expired"},
    {RecordFlag::Minor, "minor"},
    {RecordFlag::StatelessOrRefugeeDocument, "stateless_or_refugee_document"},
    {RecordFlag::MrzBarcodeMismatch, "mrz_barcode_mismatch"},
    {RecordFlag::NamePossiblyTruncated, "name_possibly_truncated"},
    {RecordFlag::BirthDatePartlyUnknown, "birth_date_partly_unknown"},
    {RecordFlag::SignatureInvalid, "signature_invalid"},
    {RecordFlag::ProtectionRequested, "protection_requested"},
    {RecordFlag::HelpRequested, "help_requested"},
}};

}  // namespace

const char* ToString(Editor editor) { return editor == Editor::Staff ? "staff" : "person"; }

const char* ToString(RecordFlag flag) {
    for (const auto& [f, name] : kFlagNames)
        if (f == flag) return name;
    return "unknown";
}

std::optional<RecordFlag> RecordFlagFromString(std::string_view name) {
    for (const auto& [f, n] : kFlagNames)
        if (name == n) return f;
    return std::nullopt;
}

const RecordField* IntakeRecord::field(std::string_view name) const {
    for (const auto& [n, f] : fields)
        if (n == name) return &f;
    return nullptr;
}

bool IntakeRecord::has_flag(RecordFlag flag) const {
    return std::find(flags.begin(), flags.end(), flag) != flags.end();
}

void SetFlag(IntakeRecord& record, RecordFlag flag) {
    if (record.has_flag(flag)) return;
    record.flags.push_back(flag);
    std::sort(record.flags.begin(), record.flags.end());  // enum order: stable JSON
}

void ClearFlag(IntakeRecord& record, RecordFlag flag) {
    record.flags.erase(std::remove(record.flags.begin(), record.flags.end(), flag), record.flags.end());
}

std::string NewRecordId() {
    std::array<unsigned char, 16> bytes{};
    // 128 random bits: ids never collide in practice and say nothing about the person.
    if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) return {};
    static const char kHex[] = "0123456789abcdef";
    std::string id;
    for (unsigned char b : bytes) {
        id += kHex[b >> 4];
        id += kHex[b & 15];
    }
    return id;
}

}  // namespace docintake
