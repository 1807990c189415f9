// AAMVA header, subfile designators and data elements.
//
// The standard's layout: '@', LF, RS, CR, "ANSI " + IIN(6) + version(2) +
// jurisdiction version(2, from version 02) + entries(2), then one designator per
// subfile (type(2) offset(4) length(4)), then the subfiles, each starting with
// its type, elements separated by LF and ended by CR. Real payloads break most of
// that (see tests/unit/aamva_test.cpp), so offsets are checked, never trusted:
// subfiles are found by their type followed by an element id.

#include "barcode/payload/aamva.h"

#include <algorithm>
#include <cstring>

namespace docintake::aamva {
namespace {

constexpr std::size_t kMarkerSearchLimit = 40;  // quirky headers put junk before "ANSI "

bool IsDigit(std::uint8_t c) { return c >= '0' && c <= '9'; }
bool IsUpper(std::uint8_t c) { return c >= 'A' && c <= 'Z'; }
bool IsUpperOrDigit(std::uint8_t c) { return IsUpper(c) || IsDigit(c); }

bool AllDigits(const std::uint8_t* p, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i)
        if (!IsDigit(p[i])) return false;
    return true;
}

int Number(const std::uint8_t* p, std::size_t n) {
    int v = 0;
    for (std::size_t i = 0; i < n; ++i) v = v * 10 + (p[i] - '0');
    return v;
}

// Skips a UTF-8 byte order mark and whitespace.
std::size_t SkipPreamble(const std::uint8_t* data, std::size_t size) {
    std::size_t i = 0;
    if (size >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF) i = 3;
    while (i < size && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r'))
        ++i;
    return i;
}

// Position just after "ANSI " / "AAMVA" when a 6-digit IIN follows, or 0.
std::size_t FindMarkerEnd(const std::uint8_t* data, std::size_t size) {
    const std::size_t start = SkipPreamble(data, size);
    if (start >= size || data[start] != '@') return 0;
    const std::size_t limit = std::min(size, start + kMarkerSearchLimit);
    for (std::size_t i = start + 1; i + 5 + 6 <= size && i < limit; ++i) {
        if (std::memcmp(data + i, "ANSI ", 5) != 0 && std::memcmp(data + i, "AAMVA", 5) != 0) continue;
        if (AllDigits(data + i + 5, 6)) return i + 5;
    }
    return 0;
}

// Length of the element separator at i (LF, CR, RS, any C0 control, or a C1
// control written as UTF-8, which some scanner drivers emit), or 0.
std::size_t SeparatorLength(const std::uint8_t* data, std::size_t size, std::size_t i) {
    if (data[i] < 0x20) return 1;
    if (data[i] == 0xC2 && i + 1 < size && data[i + 1] >= 0x80 && data[i + 1] <= 0x9F) return 2;
    return 0;
}

bool StartsElement(const std::uint8_t* p, std::size_t n) {
    return n >= 3 && p[0] == 'D' && IsUpper(p[1]) && IsUpper(p[2]);
}

bool IsIdentityType(const std::uint8_t* p) {
    return (p[0] == 'D' && p[1] == 'L') || (p[0] == 'I' && p[1] == 'D');
}

// Length of an identity subfile's start ("DL"/"ID", then possibly separators
// some cards insert, before a 'D' element id), or 0.
std::size_t IdentityStartLength(const std::uint8_t* p, std::size_t n) {
    if (n < 5 || !IsIdentityType(p)) return 0;
    std::size_t i = 2;
    while (i < n && i < 4 && (p[i] == '\n' || p[i] == '\r' || p[i] == 0x1E)) ++i;
    return i + 3 <= n && p[i] == 'D' && IsUpper(p[i + 1]) && IsUpper(p[i + 2]) ? i : 0;
}

bool StartsIdentitySubfile(const std::uint8_t* p, std::size_t n) { return IdentityStartLength(p, n) != 0; }

// "ZVZVA...": a jurisdiction subfile's type repeated as its first element's prefix.
bool StartsJurisdictionSubfile(const std::uint8_t* p, std::size_t n) {
    return n >= 5 && p[0] == 'Z' && IsUpper(p[1]) && p[2] == 'Z' && p[3] == p[1] && IsUpperOrDigit(p[4]);
}

void AddElement(Subfile& subfile, const std::uint8_t* p, std::size_t n) {
    if (n < 3 || !IsUpper(p[0]) || !IsUpperOrDigit(p[1]) || !IsUpperOrDigit(p[2])) return;
    Element e;
    e.id.assign(reinterpret_cast<const char*>(p), 3);
    e.value.assign(reinterpret_cast<const char*>(p) + 3, n - 3);
    subfile.elements.push_back(std::move(e));
}

}  // namespace

const Element* Subfile::find(const std::string& id) const {
    for (const auto& e : elements)
        if (e.id == id) return &e;
    return nullptr;
}

const Subfile* Record::identity_subfile() const {
    for (const char* type : {"DL", "ID"})
        for (const auto& s : subfiles)
            if (s.type == type) return &s;
    return nullptr;
}

bool LooksLikeAamva(const std::uint8_t* data, std::size_t size) {
    return data != nullptr && FindMarkerEnd(data, size) != 0;
}

bool ParseRecord(const std::uint8_t* data, std::size_t size, Record& record, Error& error) {
    record = Record{};
    const std::size_t marker_end = data ? FindMarkerEnd(data, size) : 0;
    if (marker_end == 0) {
        error = {ErrorCode::MalformedPayload, "no AAMVA header"};
        return false;
    }
    std::size_t p = marker_end;
    record.iin = Number(data + p, 6);
    p += 6;
    if (p + 4 > size || !AllDigits(data + p, 4)) {
        error = {ErrorCode::MalformedPayload, "AAMVA header too short"};
        return false;
    }
    record.version = Number(data + p, 2);
    p += 2;
    if (record.version >= 2) {
        record.jurisdiction_version = Number(data + p, 2);
        p += 2;
        if (p + 2 > size || !AllDigits(data + p, 2)) {
            error = {ErrorCode::MalformedPayload, "AAMVA header too short"};
            return false;
        }
    }
    record.declared_entries = Number(data + p, 2);
    p += 2;
    if (record.version > 10) record.warnings.push_back("newer_aamva_version");

    // Designators: trusted only as far as they are well formed.
    const std::size_t header_start = SkipPreamble(data, size);
    std::size_t body_search_from = p;
    std::size_t first_offset = 0;
    std::string first_type;
    for (int i = 0; i < record.declared_entries && p + 10 <= size; ++i, p += 10) {
        if (!IsUpper(data[p]) || !IsUpperOrDigit(data[p + 1]) || !AllDigits(data + p + 2, 8)) {
            record.warnings.push_back("malformed_subfile_designator");
            break;
        }
        if (i == 0) {
            first_offset = static_cast<std::size_t>(Number(data + p + 2, 4));
            first_type.assign(reinterpret_cast<const char*>(data + p), 2);
        }
        body_search_from = p + 10;
    }
    // The first subfile: at its declared offset when that holds a subfile start,
    // else the first identity subfile start after the designators, else (cards
    // that omit the type before the first element) elements right after the
    // designators or at the declared offset.
    std::size_t body = size;
    bool implicit_type = false;
    const std::size_t declared = header_start + first_offset;
    auto starts_subfile = [&](std::size_t at) {
        return at + 5 <= size &&
               (StartsIdentitySubfile(data + at, size - at) || StartsJurisdictionSubfile(data + at, size - at));
    };
    if (first_offset != 0 && starts_subfile(declared)) {
        body = declared;
    } else {
        for (std::size_t i = body_search_from; i + 5 <= size; ++i)
            if (StartsIdentitySubfile(data + i, size - i)) {
                body = i;
                break;
            }
        if (body == size) {
            for (std::size_t at : {body_search_from, declared})
                if (at < size && StartsElement(data + at, size - at)) {
                    body = at;
                    implicit_type = true;
                    break;
                }
        }
        if (body < size && first_offset != 0) record.warnings.push_back("subfile_offset_wrong");
    }
    if (body >= size) {
        error = {ErrorCode::MalformedPayload, "AAMVA payload without a DL or ID subfile"};
        return false;
    }

    // Elements, one per line; a line that starts a new subfile switches to it.
    Subfile* current = nullptr;
    if (implicit_type) {
        const bool id_card = first_type == "ID";
        record.subfiles.push_back(Subfile{id_card ? "ID" : "DL", {}});
        current = &record.subfiles.back();
        record.warnings.push_back("subfile_type_missing");
    }
    std::size_t line_start = body;
    for (std::size_t i = body; i <= size;) {
        const std::size_t sep = i < size ? SeparatorLength(data, size, i) : 1;
        if (sep == 0) {
            ++i;
            continue;
        }
        const std::uint8_t* line = data + line_start;
        std::size_t n = i - line_start;
        i += sep;
        line_start = i;
        if (n == 0) continue;
        const bool identity_start =
            StartsIdentitySubfile(line, n) || (n == 2 && IsIdentityType(line) && line + 2 < data + size &&
                                               StartsIdentitySubfile(line, static_cast<std::size_t>(data + size - line)));
        const bool jurisdiction_start = StartsJurisdictionSubfile(line, n);
        if ((identity_start || jurisdiction_start) &&
            (!current || current->type.compare(0, 2, reinterpret_cast<const char*>(line), 2) != 0)) {
            record.subfiles.push_back(Subfile{std::string(reinterpret_cast<const char*>(line), 2), {}});
            current = &record.subfiles.back();
            line += 2;
            n -= 2;
        }
        if (current) AddElement(*current, line, n);
    }
    if (!record.identity_subfile() || record.identity_subfile()->elements.empty()) {
        error = {ErrorCode::MalformedPayload, "AAMVA identity subfile has no elements"};
        return false;
    }
    error = {};
    return true;
}

}  // namespace docintake::aamva
