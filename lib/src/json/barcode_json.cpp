#include "json/barcode_json.h"

#include "barcode/payload/classify.h"

namespace docintake {
namespace {

// Valid UTF-8 passes unchanged; every byte that does not start a valid
// sequence becomes U+FFFD, so that nlohmann never throws on a hostile payload.
std::string SafeUtf8(const std::string& s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
        if (len > 0 && i + len <= s.size()) {
            if (payload::IsValidUtf8(reinterpret_cast<const std::uint8_t*>(s.data()) + i, len)) {
                out.append(s, i, len);
                i += len;
                continue;
            }
        }
        out += "\xEF\xBF\xBD";
        ++i;
    }
    return out;
}

}  // namespace

std::string Base64(const std::vector<std::uint8_t>& bytes) {
    static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    for (std::size_t i = 0; i < bytes.size(); i += 3) {
        const std::uint32_t n = static_cast<std::uint32_t>(bytes[i]) << 16 |
                                (i + 1 < bytes.size() ? static_cast<std::uint32_t>(bytes[i + 1]) << 8 : 0u) |
                                (i + 2 < bytes.size() ? static_cast<std::uint32_t>(bytes[i + 2]) : 0u);
        out += kAlphabet[n >> 18 & 63];
        out += kAlphabet[n >> 12 & 63];
        out += i + 1 < bytes.size() ? kAlphabet[n >> 6 & 63] : '=';
        out += i + 2 < bytes.size() ? kAlphabet[n & 63] : '=';
    }
    return out;
}

nlohmann::json ToJson(const DecodedPayload& p, BarcodeFormat format, const std::vector<std::uint8_t>& bytes) {
    nlohmann::json j;
    j["format"] = ToString(format);
    j["kind"] = ToString(p.kind);
    j["document_type"] = p.document_type.empty() ? nlohmann::json(nullptr) : nlohmann::json(SafeUtf8(p.document_type));
    nlohmann::json fields = nlohmann::json::object();
    for (const auto& f : p.fields) fields[SafeUtf8(f.first)] = SafeUtf8(f.second);
    j["fields"] = std::move(fields);
    j["signature"] = ToString(p.signature);
    j["signer"] = p.signer.empty() ? nlohmann::json(nullptr) : nlohmann::json(SafeUtf8(p.signer));
    nlohmann::json warnings = nlohmann::json::array();
    for (const auto& w : p.warnings) warnings.push_back(SafeUtf8(w));
    j["warnings"] = std::move(warnings);
    const bool as_text = p.kind != PayloadKind::VDS && p.kind != PayloadKind::Binary && payload::IsValidUtf8(bytes);
    j["raw"] = as_text ? std::string(bytes.begin(), bytes.end()) : Base64(bytes);
    j["raw_encoding"] = as_text ? "text" : "base64";
    if (p.error)
        j["error"] = {{"code", ToString(p.error.code)}, {"message", SafeUtf8(p.error.message)}};
    else
        j["error"] = nullptr;
    return j;
}

nlohmann::json ToJson(const BarcodeRead& read) {
    nlohmann::json j = ToJson(read.payload, read.format, read.bytes);
    j["quad"] = read.quad;
    return j;
}

nlohmann::json ToJson(const std::vector<BarcodeMismatch>& mismatches) {
    nlohmann::json out = nlohmann::json::array();
    for (const BarcodeMismatch& m : mismatches)
        out.push_back({{"barcode", m.barcode_index},
                       {"field", m.field},
                       {"mrz", SafeUtf8(m.mrz_value)},
                       {"barcode_value", SafeUtf8(m.barcode_value)}});
    return out;
}

void AddBarcodes(nlohmann::json& frame, const BarcodeReadResult& barcodes, const Mrz* mrz) {
    nlohmann::json list = nlohmann::json::array();
    for (const BarcodeRead& b : barcodes.barcodes) list.push_back(ToJson(b));
    frame["barcodes"] = std::move(list);
    if (barcodes.error)
        frame["barcode_error"] = {{"code", ToString(barcodes.error.code)}, {"message", SafeUtf8(barcodes.error.message)}};
    else
        frame["barcode_error"] = nullptr;
    frame["cross_check"] = mrz ? ToJson(CrossCheck(*mrz, barcodes.barcodes)) : nlohmann::json::array();
}

}  // namespace docintake
