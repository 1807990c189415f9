// DecodePayload's dispatch, the barcode JSON and CrossCheck, on payloads made here.

#include <doctest/doctest.h>

#include <string>

#include "barcode/payload/classify.h"
#include "docintake/cross_check.h"
#include "json/barcode_json.h"
#include "support/aamva_compose.h"
#include "support/vds_encoder.h"

using namespace docintake;
using docintake_test::Bytes;

namespace {

Bytes B(const std::string& s) { return Bytes(s.begin(), s.end()); }

std::string WithCheck(const std::string& s) { return s + ComputeCheckDigit(s); }

std::string Td2(const std::string& name, const std::string& number, const std::string& birth,
                const std::string& expiry) {
    const std::string line1 = name + std::string(36 - name.size(), '<');
    const std::string doc = WithCheck(number), dob = WithCheck(birth), exp = WithCheck(expiry);
    const std::string optional = "<<<<<<<";
    return line1 + doc + "SYR" + dob + "F" + exp + optional + ComputeCheckDigit(doc + dob + exp + optional);
}

Bytes UnsignedAttestation(const std::string& mrz) {
    docintake_test::SealSpec spec;
    spec.icao_version = 3;
    spec.country = "D";
    spec.signer = "DETS";
    spec.cert_ref = "2A";
    spec.document_ref = 0xFD02;
    spec.features = {{2, docintake_test::MrzFeature(mrz)}, {3, docintake_test::EncodeC40("ABC123456DEF")}};
    return docintake_test::EncodeSealBody(spec);
}

Mrz ParseTd2(const std::string& joined) {
    const MrzParseResult r = ParseMrz(joined.substr(0, 36) + "\n" + joined.substr(36), MrzParseOptions{20250101});
    REQUIRE_FALSE(r.error);
    return r.mrz;
}

}  // namespace

TEST_CASE("classify: magic byte, AAMVA header, VDS-NC keys, else nothing") {
    CHECK(payload::Classify({0xDC, 0x02}) == payload::Claim::VDS);
    CHECK(payload::Classify(B(docintake::testing::ComposeAamva({}, 10))) == payload::Claim::AAMVA);
    CHECK(payload::Classify(B(R"({"data":{},"sig":{}})")) == payload::Claim::VDSNC);
    CHECK(payload::Classify(B("data sig")) == payload::Claim::None);
    CHECK(payload::Classify({}) == payload::Claim::None);
}

TEST_CASE("UTF-8 check: strict") {
    CHECK(payload::IsValidUtf8(B("plain ASCII")));
    CHECK(payload::IsValidUtf8(B("M\xC3\xBCller \xE2\x82\xAC \xF0\x9F\x98\x80")));
    CHECK_FALSE(payload::IsValidUtf8(B("\xC0\xAF")));          // overlong '/'
    CHECK_FALSE(payload::IsValidUtf8(B("\xED\xA0\x80")));      // surrogate
    CHECK_FALSE(payload::IsValidUtf8(B("\xF4\x90\x80\x80")));  // above U+10FFFF
    CHECK_FALSE(payload::IsValidUtf8(B("abc\xE2\x82")));       // cut short
    CHECK_FALSE(payload::IsValidUtf8(B("\xFF")));
}

TEST_CASE("DecodePayload: text, binary, and payloads that break the format they claim") {
    const DecodedPayload text = DecodePayload(B("hello"), BarcodeFormat::QRCode);
    CHECK(text.kind == PayloadKind::Text);
    CHECK_FALSE(text.error);
    CHECK(text.fields.empty());

    const DecodedPayload binary = DecodePayload({0x00, 0xFF, 0x80}, BarcodeFormat::DataMatrix);
    CHECK(binary.kind == PayloadKind::Binary);
    CHECK(binary.fields.empty());

    const DecodedPayload seal = DecodePayload({0xDC, 0x03, 0x6A}, BarcodeFormat::DataMatrix);
    CHECK(seal.kind == PayloadKind::Binary);
    CHECK(seal.error.code == ErrorCode::MalformedPayload);
    CHECK(seal.fields.empty());
    CHECK(seal.signature == SignatureStatus::Absent);

    const DecodedPayload json = DecodePayload(B(R"({"data":[1],"sig":{}})"), BarcodeFormat::QRCode);
    CHECK(json.kind == PayloadKind::Text);
    CHECK(json.error.code == ErrorCode::MalformedPayload);
    CHECK(json.fields.empty());

    const DecodedPayload unsigned_seal =
        DecodePayload(UnsignedAttestation(Td2("MED<<MUSTERMANN<<ERIKA", "C01X00T47", "900101", "301231")),
                      BarcodeFormat::DataMatrix, PayloadOptions{nullptr, 20250101});
    CHECK(unsigned_seal.kind == PayloadKind::VDS);
    CHECK(unsigned_seal.signature == SignatureStatus::Absent);
    CHECK(unsigned_seal.document_type == "arrival_attestation");
}

TEST_CASE("JSON of a seal: every member, base64 raw, null error") {
    BarcodeRead read;
    read.format = BarcodeFormat::DataMatrix;
    read.bytes = UnsignedAttestation(Td2("MED<<MUSTERMANN<<ERIKA", "C01X00T47", "900101", "301231"));
    read.payload = DecodePayload(read.bytes, read.format, PayloadOptions{nullptr, 20250101});
    read.quad = {1, 2, 3, 4, 5, 6, 7, 8};
    const nlohmann::json j = ToJson(read);
    CHECK(j["format"] == "DataMatrix");
    CHECK(j["kind"] == "vds");
    CHECK(j["document_type"] == "arrival_attestation");
    CHECK(j["signature"] == "absent");
    CHECK(j["signer"] == "DETS2A");
    CHECK(j["fields"]["surname"] == "MUSTERMANN");
    CHECK(j["fields"]["azr_number"] == "ABC123456DEF");
    CHECK(j["warnings"] == nlohmann::json::array({"unsigned_seal"}));
    CHECK(j["raw_encoding"] == "base64");
    CHECK(j["raw"].get<std::string>().substr(0, 4) == "3AL+");  // 0xDC 0x02 0xFE: magic, version 3, C40 "D"
    CHECK(j["error"].is_null());
    CHECK(j["quad"][7] == 8);
}

TEST_CASE("JSON: base64 padding, invalid UTF-8 never reaches the JSON, errors carry code and message") {
    CHECK(Base64({}) == "");
    CHECK(Base64({'f'}) == "Zg==");
    CHECK(Base64({'f', 'o'}) == "Zm8=");
    CHECK(Base64({'f', 'o', 'o'}) == "Zm9v");

    DecodedPayload p;
    p.kind = PayloadKind::AAMVA;
    p.fields = {{"surname", "M\xFCLLER"}};  // Latin-1 byte from a badly encoded card
    p.error = {ErrorCode::MalformedPayload, "broken"};
    const nlohmann::json j = ToJson(p, BarcodeFormat::PDF417, B("@\n\x1e\rANSI \xFC"));
    CHECK(j["fields"]["surname"] == "M\xEF\xBF\xBDLLER");
    CHECK(j["raw_encoding"] == "base64");  // not valid UTF-8: base64, not mangled text
    CHECK(j["error"]["code"] == "malformed_payload");
    CHECK_NOTHROW((void)j.dump());
}

TEST_CASE("CrossCheck: agreeing seal, disagreeing fields, and what is never compared") {
    const std::string mrz = Td2("MED<<MUSTERMANN<<ERIKA", "C01X00T47", "900101", "301231");
    BarcodeRead seal;
    seal.format = BarcodeFormat::DataMatrix;
    seal.bytes = UnsignedAttestation(mrz);
    seal.payload = DecodePayload(seal.bytes, seal.format, PayloadOptions{nullptr, 20250101});
    REQUIRE(seal.payload.kind == PayloadKind::VDS);

    CHECK(CrossCheck(ParseTd2(mrz), {seal}).empty());

    const auto other = CrossCheck(ParseTd2(Td2("MED<<MUSTERFRAU<<ERIKA", "C01X00T47", "900101", "311231")), {seal});
    REQUIRE(other.size() == 3);
    CHECK(other[0].field == "expiry_date");
    CHECK(other[0].mrz_value == "2031-12-31");
    CHECK(other[0].barcode_value == "2030-12-31");
    CHECK(other[1].field == "surname");
    CHECK(other[1].mrz_value == "MUSTERFRAU");
    CHECK(other[2].field == "mrz");

    // A driving licence, a text symbol and a broken seal are never compared.
    BarcodeRead licence;
    licence.bytes = B(docintake::testing::ComposeAamva({}, 10));
    licence.payload = DecodePayload(licence.bytes, BarcodeFormat::PDF417);
    REQUIRE(licence.payload.kind == PayloadKind::AAMVA);
    BarcodeRead text;
    text.payload = DecodePayload(B("C01X00T48"), BarcodeFormat::QRCode);
    const auto none = CrossCheck(ParseTd2(mrz), {licence, text});
    CHECK(none.empty());

    // Index points at the seal in the caller's vector.
    const auto indexed =
        CrossCheck(ParseTd2(Td2("MED<<MUSTERMANN<<ERIKA", "C01X00T48", "900101", "301231")), {text, seal});
    REQUIRE_FALSE(indexed.empty());
    CHECK(indexed[0].barcode_index == 1);
    CHECK(indexed[0].field == "document_number");
}

TEST_CASE("AddBarcodes: barcodes, barcode_error and cross_check members of a frame's JSON") {
    const std::string mrz = Td2("MED<<MUSTERMANN<<ERIKA", "C01X00T47", "900101", "301231");
    BarcodeReadResult result;
    BarcodeRead seal;
    seal.format = BarcodeFormat::DataMatrix;
    seal.bytes = UnsignedAttestation(mrz);
    seal.payload = DecodePayload(seal.bytes, seal.format, PayloadOptions{nullptr, 20250101});
    result.barcodes.push_back(seal);

    nlohmann::json frame = {{"source", "x.png"}};
    const Mrz other = ParseTd2(Td2("MED<<MUSTERMANN<<ERIKA", "C01X00T48", "900101", "301231"));
    AddBarcodes(frame, result, &other);
    CHECK(frame["source"] == "x.png");
    REQUIRE(frame["barcodes"].size() == 1);
    CHECK(frame["barcodes"][0]["kind"] == "vds");
    CHECK(frame["barcode_error"].is_null());
    REQUIRE(frame["cross_check"].size() == 2);
    CHECK(frame["cross_check"][0] ==
          nlohmann::json({{"barcode", 0}, {"field", "document_number"}, {"mrz", "C01X00T48"}, {"barcode_value", "C01X00T47"}}));
    CHECK(frame["cross_check"][1]["field"] == "mrz");

    result.error = {ErrorCode::DecoderFailed, "barcode worker timed out"};
    result.barcodes.clear();
    AddBarcodes(frame, result, nullptr);
    CHECK(frame["barcodes"].empty());
    CHECK(frame["barcode_error"]["code"] == "decoder_failed");
    CHECK(frame["cross_check"].empty());
}
