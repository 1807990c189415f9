// Binary VDS: header (magic 0xDC, version, C40 country and signer, dates,
// document reference), message zone (TLV) and signature zone (tag 0xFF).
#include <cctype>
#include <cstdio>

#include "barcode/payload/c40.h"
#include "barcode/payload/vds_format.h"

namespace docintake::vds {
namespace {

constexpr std::uint8_t kMagic = 0xDC;
constexpr std::uint8_t kSignatureTag = 0xFF;
// A DataMatrix holds at most 1556 bytes; anything larger is not a seal.
constexpr std::size_t kMaxSealBytes = 4096;

class Reader {
public:
    Reader(const std::vector<std::uint8_t>& bytes) : bytes_(bytes) {}
    std::size_t pos() const { return pos_; }
    std::size_t left() const { return bytes_.size() - pos_; }
    bool Take(std::size_t n, const std::uint8_t*& out) {
        if (n > left()) return false;
        out = bytes_.data() + pos_;
        pos_ += n;
        return true;
    }
    bool Byte(std::uint8_t& out) {
        const std::uint8_t* p = nullptr;
        if (!Take(1, p)) return false;
        out = *p;
        return true;
    }
    bool C40(std::size_t n_bytes, std::string& out) {
        const std::uint8_t* p = nullptr;
        return Take(n_bytes, p) && DecodeC40(p, n_bytes, out);
    }

private:
    const std::vector<std::uint8_t>& bytes_;
    std::size_t pos_ = 0;
};

Error Malformed(const char* what) { return {ErrorCode::MalformedPayload, std::string("VDS: ") + what}; }

// Dates are the decimal number MMDDYYYY in three bytes, big-endian.
bool ReadDate(Reader& in, Date& date) {
    const std::uint8_t* p = nullptr;
    if (!in.Take(3, p)) return false;
    const std::uint32_t v = (std::uint32_t{p[0]} << 16) | (std::uint32_t{p[1]} << 8) | p[2];
    date.month = static_cast<int>(v / 1000000);
    date.day = static_cast<int>(v / 10000 % 100);
    date.year = static_cast<int>(v % 10000);
    return ValidDate(date.year, date.month, date.day);
}

int HexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Version 4 writes the certificate reference's length as two characters after the
// signer identifier: hexadecimal per ICAO, decimal for the German TR-03171 signer
// DEZV (a 40-character reference is written "40").
bool CertRefLength(const std::string& signer, const std::string& digits, int& length) {
    if (digits.size() != 2) return false;
    const int base = signer == "DEZV" ? 10 : 16;
    const int hi = HexValue(digits[0]), lo = HexValue(digits[1]);
    if (hi < 0 || lo < 0 || hi >= base || lo >= base) return false;
    length = hi * base + lo;
    return true;
}

Error ParseHeader(Reader& in, Header& h) {
    std::uint8_t magic = 0, version = 0;
    if (!in.Byte(magic) || magic != kMagic) return Malformed("no 0xDC magic");
    if (!in.Byte(version)) return Malformed("truncated header");
    if (version != 0x02 && version != 0x03)
        return {ErrorCode::Unsupported, "VDS: header version byte " + std::to_string(version)};
    h.icao_version = version + 1;

    if (!in.C40(2, h.issuing_country)) return Malformed("bad issuing country");
    while (!h.issuing_country.empty() && h.issuing_country.back() == ' ') h.issuing_country.pop_back();
    if (h.issuing_country.empty()) return Malformed("empty issuing country");

    if (h.icao_version == 3) {
        // Fixed: 4 signer characters and 5 certificate reference characters.
        std::string s;
        if (!in.C40(6, s) || s.size() != 9) return Malformed("bad signer reference");
        h.signer_id = s.substr(0, 4);
        h.cert_ref = s.substr(4);
    } else {
        std::string s;
        if (!in.C40(4, s) || s.size() != 6) return Malformed("bad signer reference");
        h.signer_id = s.substr(0, 4);
        const std::string digits = s.substr(4);
        int length = 0;
        if (!CertRefLength(h.signer_id, digits, length)) return Malformed("bad certificate reference length");
        // German arrival attestations (signers DEME, DES1) write version 4 but keep
        // version 3's fixed five characters: the two "length" characters are the
        // start of the reference and three more follow. A declared length of 0-3
        // takes two bytes either way, so only the reading of the text differs.
        const bool legacy = (h.signer_id == "DEME" || h.signer_id == "DES1") && length <= 3;
        if (legacy) length = 3;
        if (length == 0) return Malformed("empty certificate reference");
        std::string ref;
        if (!in.C40(C40Size(static_cast<std::size_t>(length)), ref) ||
            ref.size() != static_cast<std::size_t>(length))
            return Malformed("bad certificate reference");
        h.cert_ref = legacy ? digits + ref : ref;
    }
    for (char c : h.signer_id)
        if (!std::isupper(static_cast<unsigned char>(c)) && !std::isdigit(static_cast<unsigned char>(c)))
            return Malformed("bad signer identifier");

    if (!ReadDate(in, h.issue_date)) return Malformed("bad issue date");
    if (!ReadDate(in, h.signature_date)) return Malformed("bad signature date");
    if (!in.Byte(h.feature_ref) || !in.Byte(h.type_category)) return Malformed("truncated header");
    h.size = in.pos();
    return {};
}

// BER-style length: 0-127 in one byte, 0x81 nn, 0x82 nn nn. A bare 0x80 (long
// form with no length bytes) reads as 0, as vdstools reads it: the UTO visa test
// seal relies on it, and the signature covers the bytes either way.
bool ReadLength(Reader& in, std::size_t& length) {
    std::uint8_t first = 0;
    if (!in.Byte(first)) return false;
    if (first < 0x80) {
        length = first;
        return true;
    }
    const int n = first & 0x7F;
    if (n > 2) return false;
    length = 0;
    for (int i = 0; i < n; ++i) {
        std::uint8_t b = 0;
        if (!in.Byte(b)) return false;
        length = length << 8 | b;
    }
    return true;
}

}  // namespace

std::string Date::iso() const {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
    return buf;
}

bool ValidDate(int year, int month, int day) {
    static const int kDays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return false;
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    if (month == 2 && !leap) return day <= 28;
    return day <= kDays[month - 1];
}

std::string StripLeadingZeros(const std::string& hex) {
    std::size_t i = 0;
    while (i + 1 < hex.size() && hex[i] == '0') ++i;
    std::string out = hex.substr(i);
    for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

std::string Header::signer_cert_ref() const { return signer_id + StripLeadingZeros(cert_ref); }

Error ParseSeal(const std::vector<std::uint8_t>& bytes, Seal& seal) {
    seal = Seal{};
    if (bytes.empty()) return {ErrorCode::EmptyInput, "VDS: no bytes"};
    if (bytes.size() > kMaxSealBytes) return Malformed("larger than any DataMatrix");
    Reader in(bytes);
    if (Error e = ParseHeader(in, seal.header)) return e;

    // Every feature takes at least two bytes, so this loop ends.
    while (in.left() > 0) {
        const std::size_t start = in.pos();
        std::uint8_t tag = 0;
        std::size_t length = 0;
        const std::uint8_t* value = nullptr;
        if (!in.Byte(tag) || !ReadLength(in, length)) return Malformed("truncated feature");
        if (!in.Take(length, value)) return Malformed("feature longer than the seal");
        if (tag == kSignatureTag) {
            if (in.left() != 0) return Malformed("bytes after the signature");
            if (length == 0 || length % 2 != 0) return Malformed("bad signature length");
            seal.signed_size = start;
            seal.signature.assign(value, value + length);
            seal.has_signature = true;
            break;
        }
        for (const Feature& f : seal.features)
            if (f.tag == tag) return Malformed("repeated feature tag");
        seal.features.push_back({tag, std::vector<std::uint8_t>(value, value + length)});
    }
    if (!seal.has_signature) seal.signed_size = bytes.size();
    if (seal.features.empty()) return Malformed("empty message zone");
    return {};
}

}  // namespace docintake::vds
