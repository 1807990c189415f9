// VDS-NC (ICAO Visible Digital Seal for non-constrained environments): JSON in a
// QR code, signed over the canonical JSON of "data" by a barcode signer whose
// certificate travels in the seal and must chain to a trusted CSCA.
#include <cstring>

#include <nlohmann/json.hpp>

#include "barcode/payload/trust_store_impl.h"
#include "barcode/payload/vds.h"
#include "barcode/payload/vds_crypto.h"
#include "barcode/payload/vds_format.h"
#include "barcode/payload/vdsnc_canonical.h"

namespace docintake {
namespace {

using nlohmann::json;

// A QR code holds at most 7089 characters.
constexpr std::size_t kMaxJsonBytes = 8 * 1024;
constexpr int kMaxDepth = 16;
constexpr std::size_t kMaxEvents = 32;

Error Malformed(const std::string& what) { return {ErrorCode::MalformedPayload, "VDS-NC: " + what}; }

// Nesting depth outside strings, so that no parser recursion meets a hostile depth.
bool DepthWithin(std::string_view text, int limit) {
    int depth = 0;
    bool in_string = false, escaped = false;
    for (char c : text) {
        if (in_string) {
            if (escaped) escaped = false;
            else if (c == '\\') escaped = true;
            else if (c == '"') in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '{' || c == '[') {
            if (++depth > limit) return false;
        } else if (c == '}' || c == ']') {
            --depth;
        }
    }
    return true;
}

const json* Member(const json& object, const char* key) {
    if (!object.is_object()) return nullptr;
    auto it = object.find(key);
    return it == object.end() ? nullptr : &*it;
}

const std::string* StringMember(const json& object, const char* key) {
    const json* v = Member(object, key);
    return v && v->is_string() ? &v->get_ref<const std::string&>() : nullptr;
}

std::string Scalar(const json& v) {
    if (v.is_string()) return v.get<std::string>();
    if (v.is_number_integer()) return std::to_string(v.get<std::int64_t>());
    if (v.is_number_unsigned()) return std::to_string(v.get<std::uint64_t>());
    return {};
}

class FieldWriter {
public:
    explicit FieldWriter(DecodedPayload& out) : out_(out) {}
    void Add(const std::string& name, const json& object, const char* key) {
        if (const json* v = Member(object, key)) Put(name, Scalar(*v));
    }
    void Put(const std::string& name, const std::string& value) {
        if (!value.empty()) out_.fields.emplace_back(name, value);
    }
    // ISO dates pass as they are; anything else is kept under name_text.
    void Date(const std::string& name, const json& object, const char* key) {
        const std::string* s = StringMember(object, key);
        if (!s) return;
        int y = 0, m = 0, d = 0;
        const bool iso = s->size() == 10 && std::sscanf(s->c_str(), "%4d-%2d-%2d", &y, &m, &d) == 3 &&
                         (*s)[4] == '-' && (*s)[7] == '-' && vds::ValidDate(y, m, d);
        Put(iso ? name : name + "_text", *s);
    }

private:
    DecodedPayload& out_;
};

// pid.n is the MRZ name with "<<" written as two spaces: surname, then given names.
void AddName(const std::string& name, FieldWriter& w) {
    const std::size_t split = name.find("  ");
    auto trim = [](std::string s) {
        const auto b = s.find_first_not_of(' ');
        const auto e = s.find_last_not_of(' ');
        return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
    };
    w.Put("surname", trim(name.substr(0, split)));
    if (split != std::string::npos) w.Put("given_names", trim(name.substr(split + 2)));
}

void AddPerson(const json& pid, FieldWriter& w, DecodedPayload& out) {
    if (const std::string* n = StringMember(pid, "n")) AddName(*n, w);
    w.Date("birth_date", pid, "dob");
    if (const std::string* sex = StringMember(pid, "sex")) {
        if (*sex == "M" || *sex == "F" || *sex == "X") w.Put("sex", *sex);
        else out.warnings.push_back("unknown_sex_code");
    }
    w.Add("document_number", pid, "i");   // travel document number (vaccination)
    w.Add("document_number", pid, "dn");  // document number (testing)
    w.Add("other_document_number", pid, "ai");
    w.Add("document_kind", pid, "dt");
}

void AddVaccination(const json& msg, FieldWriter& w) {
    w.Add("certificate_id", msg, "uvci");
    const json* events = Member(msg, "ve");
    if (!events || !events->is_array()) return;
    std::size_t k = 0;
    for (const json& event : *events) {
        const json* doses = Member(event, "vd");
        if (!doses || !doses->is_array()) continue;
        for (const json& dose : *doses) {
            if (++k > kMaxEvents) return;
            const std::string p = "vaccination_" + std::to_string(k) + "_";
            w.Add(p + "vaccine", event, "nam");
            w.Add(p + "disease", event, "dis");
            w.Date(p + "date", dose, "dvc");
            w.Add(p + "dose", dose, "seq");
            w.Add(p + "country", dose, "ctr");
            w.Add(p + "batch", dose, "lot");
            w.Add(p + "administered_by", dose, "adm");
        }
    }
}

void AddTest(const json& msg, FieldWriter& w) {
    w.Add("certificate_id", msg, "utci");
    if (const json* sp = Member(msg, "sp")) {
        w.Add("test_provider", *sp, "spn");
        w.Add("test_country", *sp, "ctr");
    }
    if (const json* dat = Member(msg, "dat")) {
        w.Add("sample_collected", *dat, "sc");
        w.Add("report_issued", *dat, "ri");
    }
    if (const json* tr = Member(msg, "tr")) {
        w.Add("test_type", *tr, "tc");
        w.Add("test_result", *tr, "r");
        w.Add("sampling_method", *tr, "m");
    }
}

const EVP_MD* DigestFor(const std::string& alg) {
    if (alg == "ES256") return EVP_sha256();
    if (alg == "ES384") return EVP_sha384();
    if (alg == "ES512") return EVP_sha512();
    return nullptr;
}

std::int32_t TodayUtc() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    return (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}

// verified: signature good and the signer certificate chains to the trust store;
// unverified: signature good, issuer not trusted (or algorithm we cannot check);
// invalid: signature or signer certificate bad.
void Verify(const json& data, const json& sig, const PayloadOptions& options, DecodedPayload& out) {
    const std::string* alg = StringMember(sig, "alg");
    const std::string* cer = StringMember(sig, "cer");
    const std::string* sigvl = StringMember(sig, "sigvl");
    std::vector<std::uint8_t> der, signature;
    vds::X509Ptr cert;
    if (cer && vds::DecodeBase64(*cer, der)) cert = vds::CertFromDer(der);
    if (!cert || !sigvl || !vds::DecodeBase64(*sigvl, signature)) {
        out.signature = SignatureStatus::Invalid;
        out.warnings.push_back("bad_signer_certificate_or_signature");
        return;
    }
    out.signer = vds::SubjectEntry(cert.get(), NID_countryName) + vds::SubjectEntry(cert.get(), NID_commonName) +
                 vds::SerialHex(cert.get());
    const EVP_MD* md = alg ? DigestFor(*alg) : nullptr;
    if (!md) {
        out.signature = SignatureStatus::Unverified;
        out.warnings.push_back("unsupported_signature_algorithm");
        return;
    }
    std::string canonical;
    if (!vds::CanonicalJson(data, canonical)) {
        out.signature = SignatureStatus::Invalid;
        return;
    }
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(canonical.data());
    if (!vds::VerifyRawEcdsa(X509_get0_pubkey(cert.get()), bytes, canonical.size(), signature, md)) {
        out.signature = SignatureStatus::Invalid;
        return;
    }
    const std::int32_t ref = options.reference_date ? options.reference_date : TodayUtc();
    const std::int64_t day = vds::UtcDayStart(ref / 10000, ref / 100 % 100, ref % 100);
    if (!vds::CertValidDuring(cert.get(), day, day + 86399))
        out.warnings.push_back("signer_certificate_expired");
    out.signature = vds::IssuedByTrusted(options.trust, cert.get()) ? SignatureStatus::Verified
                                                                    : SignatureStatus::Unverified;
}

}  // namespace

bool LooksLikeVdsNc(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    return first != std::string_view::npos && text[first] == '{' &&
           text.find("\"data\"") != std::string_view::npos && text.find("\"sig\"") != std::string_view::npos;
}

DecodedPayload DecodeVdsNc(std::string_view text, const PayloadOptions& options) {
    DecodedPayload out;
    out.kind = PayloadKind::Text;
    if (text.empty()) {
        out.error = {ErrorCode::EmptyInput, "VDS-NC: no text"};
        return out;
    }
    if (text.size() > kMaxJsonBytes || !DepthWithin(text, kMaxDepth)) {
        out.error = Malformed("too large or too deeply nested");
        return out;
    }
    const json root = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
    if (root.is_discarded()) {
        out.error = Malformed("not JSON");
        return out;
    }
    const json* data = Member(root, "data");
    const json* sig = Member(root, "sig");
    if (!data || !data->is_object()) {
        out.error = Malformed("not a VDS-NC seal (no data object)");
        return out;
    }
    const json* hdr = Member(*data, "hdr");
    const json* msg = Member(*data, "msg");
    const std::string* type = hdr ? StringMember(*hdr, "t") : nullptr;
    if (!hdr || !msg || !msg->is_object() || !type || (sig && !sig->is_object())) {
        out.error = Malformed("header, message or signature missing");
        return out;
    }

    out.kind = PayloadKind::VDSNC;
    FieldWriter w(out);
    w.Add("issuing_state", *hdr, "is");
    const json* version = Member(*hdr, "v");
    if (!version || !version->is_number_integer() || version->get<std::int64_t>() != 1)
        out.warnings.push_back("unknown_header_version");
    if (*type == "icao.vacc" || *type == "icao.test") {
        out.document_type = *type == "icao.vacc" ? "proof_of_vaccination" : "proof_of_testing";
        if (const json* pid = Member(*msg, "pid")) AddPerson(*pid, w, out);
        if (*type == "icao.vacc") AddVaccination(*msg, w);
        else AddTest(*msg, w);
    } else {
        // A type we do not know: the message as it is, never guessed into identity fields.
        out.document_type = "unknown";
        w.Put("seal_type", *type);
        std::string raw;
        if (vds::CanonicalJson(*msg, raw)) w.Put("message", raw);
    }

    if (!sig) {
        out.signature = SignatureStatus::Absent;
        out.warnings.push_back("unsigned_seal");
        return out;
    }
    Verify(*data, *sig, options, out);
    return out;
}

}  // namespace docintake
