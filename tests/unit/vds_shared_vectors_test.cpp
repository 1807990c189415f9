// Every binary seal of tsenger/vdstools in the shared data (read SOURCES.md
// there): the values its tests assert, by name, and the two asserted signatures
// with the certificates given. Skipped when the shared data is absent.

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "barcode/payload/c40.h"
#include "barcode/payload/vds.h"
#include "barcode/payload/vds_format.h"

using namespace docintake;
using nlohmann::json;

namespace {

const std::string kVdsDir = std::string(DOCINTAKE_SHARED_DATA_DIR) + "/barcodes/vds/";

std::vector<std::uint8_t> FromHex(const std::string& hex) {
    std::vector<std::uint8_t> out;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
        out.push_back(static_cast<std::uint8_t>(std::stoi(hex.substr(i, 2), nullptr, 16)));
    return out;
}

std::vector<json> Vectors() {
    std::vector<json> out;
    std::ifstream in(kVdsDir + "vds_vectors.jsonl");
    for (std::string line; std::getline(in, line);)
        if (!line.empty()) out.push_back(json::parse(line));
    return out;
}

std::map<std::string, std::string> FieldMap(const DecodedPayload& p) {
    std::map<std::string, std::string> m;
    for (const auto& f : p.fields) m[f.first] = f.second;
    return m;
}

// vdstools' message names and ours.
const std::map<std::string, std::string> kFieldNames = {
    {"MRZ", "mrz"},
    {"MRZ_MRVB", "mrz"},
    {"PASSPORT_NUMBER", "passport_number"},
    {"AZR", "azr_number"},
    {"SHEET_NUMBER", "sheet_number"},
    {"DOCUMENT_NUMBER", "document_number"},
    {"AGS", "municipality_code"},
    {"ADDRESS", "address"},
    {"POSTAL_CODE", "postal_code"},
    {"SOCIAL_INSURANCE_NUMBER", "social_insurance_number"},
    {"SURNAME", "surname"},
    {"FIRST_NAME", "given_names"},
    {"BIRTH_NAME", "birth_name"},
    {"ACADEMIC_DEGREE", "academic_degree"},
    {"MOVING_DATE", "move_in_date"},
    {"DATE_OF_NOTIFICATION", "notification_date"},
    {"DURATION_OF_STAY", "duration_of_stay"},
    {"NUMBER_OF_ENTRIES", "number_of_entries"},
};

const std::map<std::string, std::string> kDocumentTypes = {
    {"SOCIAL_INSURANCE_CARD", "social_insurance_card"},
    {"EMERGENCY_TRAVEL_DOCUMENT", "emergency_travel_document"},
    {"ARRIVAL_ATTESTATION", "arrival_attestation"},
    {"MELDEBESCHEINIGUNG", "registration_certificate"},
    {"UNKNOWN", "unknown"},
};

// Our reading of a value vdstools gives as printed: visas' MRZ line 2 is filled
// to its full length with fillers; YYYYMMDD dates become ISO.
std::string Expected(const std::string& name, const std::string& value) {
    if (name == "MRZ_MRVB") {
        const auto nl = value.find('\n');
        return value + std::string(36 - (value.size() - nl - 1), '<');
    }
    if (name == "MOVING_DATE" || name == "DATE_OF_NOTIFICATION")
        return value.substr(0, 4) + "-" + value.substr(4, 2) + "-" + value.substr(6, 2);
    return value;
}

}  // namespace

TEST_CASE("shared VDS vectors: asserted values") {
    if (!std::filesystem::exists(kVdsDir + "vds_vectors.jsonl")) {
        MESSAGE("shared VDS vectors absent; skipped");
        return;
    }
    const std::vector<json> vectors = Vectors();
    REQUIRE(vectors.size() == 15);
    int negatives = 0;
    for (const json& v : vectors) {
        const std::string name = v["name"];
        CAPTURE(name);
        const auto bytes = FromHex(v["hex"]);
        const json& expect = v["expect"];
        const DecodedPayload p = DecodeVds(bytes, {});
        if (expect.value("must_reject", false)) {
            ++negatives;
            CHECK(p.error.code == ErrorCode::MalformedPayload);
            CHECK(p.fields.empty());
            continue;
        }
        REQUIRE_FALSE(p.error);
        CHECK(p.kind == PayloadKind::VDS);
        CHECK(p.signature == SignatureStatus::Unverified);  // no trust store given
        if (name == "permanentResidencePermit") {
            // Upstream only uses it with byte 16 set to 0x99: an unknown document type.
            auto changed = bytes;
            changed[16] = 0x99;
            const DecodedPayload u = DecodeVds(changed, {});
            REQUIRE_FALSE(u.error);
            CHECK(u.document_type == "unknown");
            CHECK(FieldMap(u).count("surname") == 0);
        }
        auto fields = FieldMap(p);
        vds::Seal seal;
        REQUIRE_FALSE(vds::ParseSeal(bytes, seal));

        if (expect.contains("messages"))
            for (auto& [key, value] : expect["messages"].items()) {
                CAPTURE(key);
                REQUIRE(kFieldNames.count(key) == 1);
                CHECK(fields[kFieldNames.at(key)] == Expected(key, value.get<std::string>()));
            }
        if (expect.contains("messages_rawhex"))
            for (auto& [key, value] : expect["messages_rawhex"].items()) {
                CHECK(key == "DURATION_OF_STAY");
                const auto raw = FromHex(value.get<std::string>());
                // Bytes days, months, years as an ISO 8601 duration (here days only).
                CHECK(raw[1] == 0);
                CHECK(raw[2] == 0);
                CHECK(fields["duration_of_stay"] == "P" + std::to_string(raw[0]) + "D");
            }
        if (expect.contains("absent_messages"))
            for (const auto& key : expect["absent_messages"])
                if (key == "NUMBER_OF_ENTRIES") CHECK(fields.count("number_of_entries") == 0);
        if (expect.contains("message_by_tag"))
            for (auto& [tag, value] : expect["message_by_tag"].items()) {
                const vds::Feature* feature = nullptr;
                for (const auto& f : seal.features)
                    if (f.tag == std::stoi(tag)) feature = &f;
                REQUIRE(feature != nullptr);
                const std::string text = value;
                if (text.find('\n') != std::string::npos) {
                    std::string decoded;
                    REQUIRE(vds::DecodeC40(feature->value.data(), feature->value.size(), decoded));
                    for (char& c : decoded)
                        if (c == ' ') c = '<';
                    std::string flat = text;
                    flat.erase(flat.find('\n'), 1);
                    CHECK(decoded == flat);
                } else {
                    CHECK(std::string(feature->value.begin(), feature->value.end()) == text);
                }
            }
        for (const char* key : {"signerCertReference", "signerCertificateReference"})
            if (expect.contains(key)) CHECK(p.signer == expect[key].get<std::string>());
        if (expect.contains("certificateReference"))
            CHECK(seal.header.cert_ref == expect["certificateReference"].get<std::string>());
        if (expect.contains("signingDate")) CHECK(fields["signature_date"] == expect["signingDate"].get<std::string>());
        if (expect.contains("issuingDate")) CHECK(fields["issue_date"] == expect["issuingDate"].get<std::string>());
        if (expect.contains("documentType"))
            CHECK(p.document_type == kDocumentTypes.at(expect["documentType"].get<std::string>()));
        if (expect.contains("issuingCountry"))
            CHECK(fields["issuing_state"] == expect["issuingCountry"].get<std::string>());
        if (expect.contains("messageCount")) CHECK(seal.features.size() == expect["messageCount"].get<std::size_t>());
        if (expect.contains("plainSignatureLength"))
            CHECK(seal.signature.size() == expect["plainSignatureLength"].get<std::size_t>());
        if (expect.contains("signedBytesLength"))
            CHECK(seal.signed_size == expect["signedBytesLength"].get<std::size_t>());
        if (expect.contains("signatureAlgorithm"))
            CHECK(expect["signatureAlgorithm"] == "SHA256_WITH_ECDSA");  // 64-byte r||s, 256-bit curve
        if (expect.contains("header")) {
            const json& h = expect["header"];
            CHECK(seal.header.signer_id == h["signerIdentifier"].get<std::string>());
            CHECK(seal.header.cert_ref == h["certificateReference"].get<std::string>());
            CHECK(seal.header.issue_date.iso() == h["issuingDate"].get<std::string>());
            CHECK(seal.header.signature_date.iso() == h["sigDate"].get<std::string>());
            CHECK(seal.header.feature_ref == h["docFeatureRef"].get<int>());
            CHECK(seal.header.type_category == std::stoi(h["docTypeCat"].get<std::string>(), nullptr, 16));
            std::string country = h["issuingCountry"];
            while (!country.empty() && country.back() == ' ') country.pop_back();
            CHECK(fields["issuing_state"] == country);
        }
    }
    CHECK(negatives == 1);
}

TEST_CASE("shared VDS vectors: signatures with the given certificates") {
    if (!std::filesystem::exists(kVdsDir + "certs/sealgen_UTTS5B.crt")) {
        MESSAGE("shared VDS certificates absent; skipped");
        return;
    }
    Error error;
    const TrustStore trust = TrustStore::FromDirectory(kVdsDir + "certs", &error);
    REQUIRE_FALSE(error);
    REQUIRE(trust.size() == 2);  // the .bks keystore is not a certificate file
    PayloadOptions options;
    options.trust = &trust;
    std::map<std::string, std::vector<std::uint8_t>> seals;
    for (const json& v : Vectors()) seals[v["name"]] = FromHex(v["hex"]);

    // Asserted valid upstream: UTTS5B (brainpoolP256r1), DETS32 (brainpoolP224r1, SHA-224;
    // the certificate has expired since, but was valid on the signature date).
    for (const char* name : {"residentPermit", "visa_224bitSig"}) {
        CAPTURE(name);
        const DecodedPayload p = DecodeVds(seals[name], options);
        REQUIRE_FALSE(p.error);
        CHECK(p.signature == SignatureStatus::Verified);
        auto flipped = seals[name];
        flipped[flipped.size() - 1] ^= 0x80;
        CHECK(DecodeVds(flipped, options).signature == SignatureStatus::Invalid);
        CHECK(DecodeVds(seals[name], {}).signature == SignatureStatus::Unverified);
    }
    // DETS27's certificate is only in a BKS keystore: not trusted here.
    CHECK(DecodeVds(seals["arrivalAttestation"], options).signature == SignatureStatus::Unverified);
    for (const auto& [name, bytes] : seals) {
        CAPTURE(name);
        const DecodedPayload p = DecodeVds(bytes, options);
        if (!p.error) CHECK(p.signature != SignatureStatus::Absent);
    }
}
