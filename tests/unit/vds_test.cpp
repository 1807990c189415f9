// Binary ICAO Visible Digital Seals made here: test keys and certificates from
// OpenSSL (brainpoolP256r1, P-256, P-384), seals for an arrival attestation, a
// residence permit and a visa, signed, decoded and verified; tampering, missing
// trust and broken bytes.

#include <doctest/doctest.h>

#include <cstdlib>
#include <map>

#include "barcode/payload/c40.h"
#include "barcode/payload/vds.h"
#include "barcode/payload/vds_format.h"
#include "docintake/mrz.h"
#include "support/temp_dir.h"
#include "support/vds_encoder.h"

using namespace docintake;
using namespace docintake_test;

namespace {

std::map<std::string, std::string> FieldMap(const DecodedPayload& p) {
    std::map<std::string, std::string> m;
    for (const auto& f : p.fields) m[f.first] = f.second;
    return m;
}

bool HasWarning(const DecodedPayload& p, const std::string& w) {
    for (const auto& x : p.warnings)
        if (x == w) return true;
    return false;
}

std::string WithCheck(const std::string& s) { return s + ComputeCheckDigit(s); }

// TD2-sized MRZ (2 x 36) with every check digit right.
std::string Td2Mrz(const std::string& code_state_name, const std::string& number, const std::string& nationality,
                   const std::string& birth, char sex, const std::string& expiry) {
    const std::string line1 = code_state_name + std::string(36 - code_state_name.size(), '<');
    const std::string doc = WithCheck(number), dob = WithCheck(birth), exp = WithCheck(expiry);
    const std::string optional = "<<<<<<<";
    const char composite = ComputeCheckDigit(doc + dob + exp + optional);
    return line1 + doc + nationality + dob + sex + exp + optional + composite;
}

// MRV-B line 1 and the first 28 characters of line 2, as a visa seal carries them.
std::string MrvbSealMrz(const std::string& name_line, const std::string& number, const std::string& nationality,
                        const std::string& birth, char sex, const std::string& expiry) {
    const std::string line1 = name_line + std::string(36 - name_line.size(), '<');
    return line1 + WithCheck(number) + nationality + WithCheck(birth) + sex + WithCheck(expiry);
}

struct Signer {
    KeyPtr key;
    CertPtr cert;
};

Signer MakeSigner(const char* curve, const char* country, const char* cn, long serial,
                  const char* not_before = "20200101000000Z", const char* not_after = "20350101000000Z") {
    Signer s;
    s.key = GenerateEcKey(curve);
    s.cert = MakeCert(s.key.get(), country, cn, serial, not_before, not_after);
    return s;
}

SealSpec ArrivalAttestation() {
    SealSpec spec;
    spec.icao_version = 3;
    spec.country = "D";
    spec.signer = "DETS";
    spec.cert_ref = "2A";
    spec.document_ref = 0xFD02;
    spec.features = {{2, MrzFeature(Td2Mrz("MED<<MUSTERMANN<<ERIKA", "C01X00T47", "SYR", "900101", 'F', "301231"))},
                     {3, EncodeC40("ABC123456DEF")}};
    return spec;
}

SealSpec ResidencePermit() {
    SealSpec spec;
    spec.country = "D";
    spec.signer = "DETS";
    spec.cert_ref = "2B";
    spec.document_ref = 0xFB06;
    spec.features = {{2, MrzFeature(Td2Mrz("ATD<<RASHID<<AMIRA<NOOR", "Y12345678", "AFG", "851130", 'F', "290615"))},
                     {3, EncodeC40("P12345678")}};
    return spec;
}

SealSpec Visa() {
    SealSpec spec;
    spec.country = "UTO";
    spec.signer = "UTTS";
    spec.cert_ref = "1C";
    spec.document_ref = 0x5D01;
    spec.features = {{2, MrzFeature(MrvbSealMrz("VCUTOOKAFOR<<CHIDI", "V47110815", "NGA", "770405", 'M', "250930"))},
                     {3, {2}},
                     {4, {90, 0, 0}},
                     {5, EncodeC40("A01234567")}};
    return spec;
}

struct Fixture {
    TempDir dir;
    Signer aa = MakeSigner("brainpoolP256r1", "DE", "TS", 0x2A);
    Signer rp = MakeSigner("P-384", "DE", "TS", 0x2B);
    Signer visa = MakeSigner("P-256", "UT", "TS", 0x1C);
    TrustStore trust;
    Fixture() {
        WriteFile(dir.file("aa.der"), CertDer(aa.cert.get()));
        WriteFile(dir.file("rp.cer"), CertDer(rp.cert.get()));
        WriteFile(dir.file("visa.crt"), CertDer(visa.cert.get()));
        Error error;
        trust = TrustStore::FromDirectory(dir.path(), &error);
        REQUIRE_FALSE(error);
        REQUIRE(trust.size() == 3);
    }
    PayloadOptions Options() const {
        PayloadOptions o;
        o.trust = &trust;
        o.reference_date = 20250101;
        return o;
    }
};

}  // namespace

TEST_CASE("C40: the VDS header's country 'D  ' is 0x6ABC; round trips; bad bytes rejected") {
    std::string out;
    const std::uint8_t d[] = {0x6A, 0xBC};
    REQUIRE(vds::DecodeC40(d, 2, out));
    CHECK(out == "D  ");
    const std::uint8_t single[] = {0xFE, 0x45};  // a lone 'D' after unlatching
    REQUIRE(vds::DecodeC40(single, 2, out));
    CHECK(out == "D");
    for (const std::string text : {"", "A", "AB", "ABC", "ABCD", "ABCDE", "0123456789 XYZ", "UFO001979"}) {
        const Bytes enc = EncodeC40(text);
        CHECK(enc.size() == vds::C40Size(text.size()));
        REQUIRE(vds::DecodeC40(enc.data(), enc.size(), out));
        CHECK(out == text);
    }
    const std::uint8_t odd[] = {0x6A};
    CHECK_FALSE(vds::DecodeC40(odd, 1, out));
    const std::uint8_t too_big[] = {0xFA, 0x01};  // 64001 > 40^3
    CHECK_FALSE(vds::DecodeC40(too_big, 2, out));
    const std::uint8_t pad_inside[] = {0x00, 0x01, 0x6A, 0xBC};  // shift values before the end
    CHECK_FALSE(vds::DecodeC40(pad_inside, 4, out));
    const std::uint8_t unlatch_inside[] = {0xFE, 0x45, 0x6A, 0xBC};
    CHECK_FALSE(vds::DecodeC40(unlatch_inside, 4, out));
}

TEST_CASE("arrival attestation (version 3 header, brainpoolP256r1): fields and verified") {
    Fixture fx;
    const Bytes seal = SignSeal(ArrivalAttestation(), fx.aa.key.get());
    const DecodedPayload p = DecodeVds(seal, fx.Options());
    REQUIRE_FALSE(p.error);
    CHECK(p.kind == PayloadKind::VDS);
    CHECK(p.document_type == "arrival_attestation");
    CHECK(p.signature == SignatureStatus::Verified);
    CHECK(p.signer == "DETS2A");
    auto f = FieldMap(p);
    CHECK(f["issuing_state"] == "D");
    CHECK(f["issue_date"] == "2024-03-01");
    CHECK(f["signature_date"] == "2024-03-02");
    CHECK(f["surname"] == "MUSTERMANN");
    CHECK(f["given_names"] == "ERIKA");
    CHECK(f["document_number"] == "C01X00T47");
    CHECK(f["nationality"] == "SYR");
    CHECK(f["birth_date"] == "1990-01-01");
    CHECK(f["sex"] == "F");
    CHECK(f["expiry_date"] == "2030-12-31");
    CHECK(f["azr_number"] == "ABC123456DEF");
    CHECK(f["mrz"].substr(0, 22) == "MED<<MUSTERMANN<<ERIKA");
    CHECK(p.warnings.empty());
}

TEST_CASE("residence permit (version 4 header, P-384 / SHA-384): fields and verified") {
    Fixture fx;
    const DecodedPayload p = DecodeVds(SignSeal(ResidencePermit(), fx.rp.key.get()), fx.Options());
    REQUIRE_FALSE(p.error);
    CHECK(p.document_type == "residence_permit");
    CHECK(p.signature == SignatureStatus::Verified);
    CHECK(p.signer == "DETS2B");
    auto f = FieldMap(p);
    CHECK(f["surname"] == "RASHID");
    CHECK(f["given_names"] == "AMIRA NOOR");
    CHECK(f["document_number"] == "Y12345678");
    CHECK(f["nationality"] == "AFG");
    CHECK(f["birth_date"] == "1985-11-30");
    CHECK(f["expiry_date"] == "2029-06-15");
    CHECK(f["passport_number"] == "P12345678");
}

TEST_CASE("visa (MRV-B, P-256): fields, optional data filled in, verified") {
    Fixture fx;
    const DecodedPayload p = DecodeVds(SignSeal(Visa(), fx.visa.key.get()), fx.Options());
    REQUIRE_FALSE(p.error);
    CHECK(p.document_type == "visa");
    CHECK(p.signature == SignatureStatus::Verified);
    auto f = FieldMap(p);
    CHECK(f["surname"] == "OKAFOR");
    CHECK(f["given_names"] == "CHIDI");
    CHECK(f["document_number"] == "V47110815");
    CHECK(f["nationality"] == "NGA");
    CHECK(f["sex"] == "M");
    CHECK(f["expiry_date"] == "2025-09-30");
    CHECK(f["number_of_entries"] == "2");
    CHECK(f["duration_of_stay"] == "P90D");
    CHECK(f["passport_number"] == "A01234567");
    CHECK(f["mrz"].size() == 73);
    CHECK(f["mrz"].substr(65) == "<<<<<<<<");
}

TEST_CASE("tampering: one flipped byte in the message or the signature makes it invalid") {
    Fixture fx;
    const Bytes seal = SignSeal(Visa(), fx.visa.key.get());
    Bytes body = EncodeSealBody(Visa());
    // The number-of-entries byte: still a well-formed visa, now saying 3.
    std::size_t entries_at = 0;
    for (std::size_t i = 0; i + 2 < body.size(); ++i)
        if (body[i] == 3 && body[i + 1] == 1 && body[i + 2] == 2) entries_at = i + 2;
    REQUIRE(entries_at > 0);
    Bytes changed = seal;
    changed[entries_at] = 3;
    DecodedPayload p = DecodeVds(changed, fx.Options());
    REQUIRE_FALSE(p.error);
    CHECK(FieldMap(p)["number_of_entries"] == "3");
    CHECK(p.signature == SignatureStatus::Invalid);

    Bytes bad_sig = seal;
    bad_sig[seal.size() - 10] ^= 0x01;
    p = DecodeVds(bad_sig, fx.Options());
    REQUIRE_FALSE(p.error);
    CHECK(p.signature == SignatureStatus::Invalid);

    // Signed by another key that claims the same signer: invalid, not unverified.
    KeyPtr other = GenerateEcKey("P-256");
    p = DecodeVds(SignSeal(Visa(), other.get()), fx.Options());
    CHECK(p.signature == SignatureStatus::Invalid);
}

TEST_CASE("no trusted signer: unverified, never verified") {
    Fixture fx;
    const Bytes seal = SignSeal(ArrivalAttestation(), fx.aa.key.get());
    PayloadOptions none;
    CHECK(DecodeVds(seal, none).signature == SignatureStatus::Unverified);
    TrustStore empty;
    PayloadOptions with_empty;
    with_empty.trust = &empty;
    CHECK(DecodeVds(seal, with_empty).signature == SignatureStatus::Unverified);
    // Same signer identifier, another certificate reference: not the signer.
    SealSpec spec = ArrivalAttestation();
    spec.cert_ref = "2C";
    CHECK(DecodeVds(SignSeal(spec, fx.aa.key.get()), fx.Options()).signature == SignatureStatus::Unverified);
}

TEST_CASE("a signer certificate not valid on the signature date makes the seal invalid") {
    TempDir dir;
    Signer old = MakeSigner("P-256", "DE", "TS", 0x2B, "20200101000000Z", "20211231235959Z");
    WriteFile(dir.file("old.der"), CertDer(old.cert.get()));
    TrustStore trust = TrustStore::FromDirectory(dir.path());
    PayloadOptions o;
    o.trust = &trust;
    const DecodedPayload p = DecodeVds(SignSeal(ResidencePermit(), old.key.get()), o);  // signed 2024-03-02
    CHECK(p.signature == SignatureStatus::Invalid);
    CHECK(HasWarning(p, "signer_certificate_not_valid_on_signature_date"));
}

TEST_CASE("unknown document type: raw features only, no identity fields") {
    Fixture fx;
    SealSpec spec = ResidencePermit();
    spec.document_ref = 0x7701;
    const DecodedPayload p = DecodeVds(SignSeal(spec, fx.rp.key.get()), fx.Options());
    REQUIRE_FALSE(p.error);
    CHECK(p.document_type == "unknown");
    auto f = FieldMap(p);
    CHECK(f.count("surname") == 0);
    CHECK(f.count("document_number") == 0);
    CHECK(f.count("feature_2") == 1);
    std::string hex;
    for (std::uint8_t b : EncodeC40("P12345678")) {
        char two[3];
        std::snprintf(two, sizeof two, "%02x", b);
        hex += two;
    }
    CHECK(f["feature_3"] == hex);  // the C40 bytes, not their reading
    CHECK(p.signature == SignatureStatus::Verified);
}

TEST_CASE("unsigned seal: signature absent") {
    const DecodedPayload p = DecodeVds(EncodeSealBody(Visa()), {});
    REQUIRE_FALSE(p.error);
    CHECK(p.signature == SignatureStatus::Absent);
}

TEST_CASE("malformed seals: typed errors, no fields, never verified") {
    Fixture fx;
    CHECK(DecodeVds({}, {}).error.code == ErrorCode::EmptyInput);
    CHECK(DecodeVds({0xDC}, {}).error.code == ErrorCode::MalformedPayload);
    CHECK(DecodeVds({0xDC, 0x04, 0x6A, 0xBC}, {}).error.code == ErrorCode::Unsupported);
    CHECK(DecodeVds({0xDD, 0x03}, {}).error.code == ErrorCode::MalformedPayload);

    const Bytes seal = SignSeal(ArrivalAttestation(), fx.aa.key.get());
    // Every truncation: an error, or (cut at a feature boundary) an unsigned seal.
    for (std::size_t n = 0; n < seal.size(); ++n) {
        const DecodedPayload p = DecodeVds(Bytes(seal.begin(), seal.begin() + static_cast<long>(n)), fx.Options());
        CHECK(p.signature != SignatureStatus::Verified);
        if (p.error) {
            CHECK(p.fields.empty());
            CHECK(p.kind == PayloadKind::Binary);
        }
    }
    // Bytes after the signature, a feature longer than the seal, a bad date.
    Bytes trailing = seal;
    trailing.push_back(0);
    CHECK(DecodeVds(trailing, fx.Options()).error.code == ErrorCode::MalformedPayload);
    Bytes long_feature = EncodeSealBody(ArrivalAttestation());
    long_feature.push_back(0x05);
    long_feature.push_back(0x82);
    long_feature.push_back(0xFF);
    long_feature.push_back(0xFF);
    CHECK(DecodeVds(long_feature, {}).error.code == ErrorCode::MalformedPayload);
    SealSpec bad_date = ArrivalAttestation();
    bad_date.issue[1] = 13;
    CHECK(DecodeVds(EncodeSealBody(bad_date), {}).error.code == ErrorCode::MalformedPayload);
    // A known feature with the wrong length (MRZ of 46 bytes).
    SealSpec short_mrz = ArrivalAttestation();
    short_mrz.features[0].second.resize(46);
    const DecodedPayload p = DecodeVds(EncodeSealBody(short_mrz), {});
    CHECK(p.error.code == ErrorCode::MalformedPayload);
    CHECK(p.fields.empty());
}

TEST_CASE("trust store: loads DER and PEM, names the first bad file") {
    TempDir dir;
    Signer s = MakeSigner("P-256", "DE", "TS", 0x10);
    WriteFile(dir.file("a.der"), CertDer(s.cert.get()));
    WriteFile(dir.file("b.pem"), Bytes{'n', 'o', 'p', 'e'});
    WriteFile(dir.file("notes.txt"), Bytes{'x'});
    Error error;
    TrustStore t = TrustStore::FromDirectory(dir.path(), &error);
    CHECK(t.size() == 1);
    CHECK(error.code == ErrorCode::MalformedPayload);
    CHECK(error.message.find("b.pem") != std::string::npos);
    TrustStore missing = TrustStore::FromDirectory(dir.file("absent"), &error);
    CHECK(missing.empty());
    CHECK(error);
}

// Writes the seals above as libFuzzer seeds when asked:
// DOCINTAKE_WRITE_FUZZ_SEEDS=<repo>/tests/fuzz/seeds ./vds_test
TEST_CASE("fuzz seeds (only with DOCINTAKE_WRITE_FUZZ_SEEDS)") {
    const char* out = std::getenv("DOCINTAKE_WRITE_FUZZ_SEEDS");
    if (!out) return;
    Fixture fx;
    const std::string root = out;
    WriteFile(root + "/vds/arrival_attestation.bin", SignSeal(ArrivalAttestation(), fx.aa.key.get()));
    WriteFile(root + "/vds/residence_permit.bin", SignSeal(ResidencePermit(), fx.rp.key.get()));
    WriteFile(root + "/vds/visa.bin", SignSeal(Visa(), fx.visa.key.get()));
    WriteFile(root + "/vds/visa_unsigned.bin", EncodeSealBody(Visa()));
    WriteFile(root + "/c40/mrz.bin", ArrivalAttestation().features[0].second);
    WriteFile(root + "/c40/odd_tail.bin", EncodeC40("ABCD"));
    WriteFile(root + "/c40/pair_tail.bin", EncodeC40("ABCDE"));
}
