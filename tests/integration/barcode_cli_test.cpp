// The CLI as a user runs it: `docintake decode-barcode` on payload files made
// here (a signed seal with its certificate as --trust, a broken seal, text on
// stdin), checking the JSON it prints and its exit codes.

#include <doctest/doctest.h>
#include <sys/wait.h>

#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

#include <opencv2/imgcodecs.hpp>

#include "docintake/mrz.h"
#include "support/aamva_compose.h"
#include "support/barcode_render.h"
#include "support/temp_dir.h"
#include "support/vds_encoder.h"

using namespace docintake_test;

namespace {

struct Run {
    int code = -1;
    std::string out;
};

Run Cli(const std::string& args) {
    Run r;
    const std::string cmd = std::string(DOCINTAKE_BIN_DIR) + "/docintake " + args + " 2>/dev/null";
    FILE* p = popen(cmd.c_str(), "r");
    REQUIRE(p);
    char buf[4096];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
    const int status = pclose(p);
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

std::string WithCheck(const std::string& s) { return s + docintake::ComputeCheckDigit(s); }

SealSpec Attestation() {
    const std::string line1 = "MED<<MUSTERMANN<<ERIKA" + std::string(14, '<');
    const std::string doc = WithCheck("C01X00T47"), dob = WithCheck("900101"), exp = WithCheck("301231");
    const std::string line2 = doc + "SYR" + dob + "F" + exp + "<<<<<<<" + docintake::ComputeCheckDigit(doc + dob + exp + "<<<<<<<");
    SealSpec spec;
    spec.icao_version = 3;
    spec.country = "D";
    spec.signer = "DETS";
    spec.cert_ref = "2A";
    spec.document_ref = 0xFD02;
    spec.features = {{2, MrzFeature(line1 + line2)}, {3, EncodeC40("ABC123456DEF")}};
    return spec;
}

}  // namespace

TEST_CASE("decode-barcode: a signed seal, verified with --trust, unverified without") {
    TempDir dir;
    const KeyPtr key = GenerateEcKey("brainpoolP256r1");
    const CertPtr cert = MakeCert(key.get(), "DE", "TS", 0x2A);
    TempDir trust;
    WriteFile(trust.file("signer.der"), CertDer(cert.get()));
    WriteFile(dir.file("seal.bin"), SignSeal(Attestation(), key.get()));

    const Run verified = Cli("decode-barcode " + dir.file("seal.bin") + " --format datamatrix --today 2025-01-01 --trust " +
                             trust.path());
    CHECK(verified.code == 0);
    const auto j = nlohmann::json::parse(verified.out);
    CHECK(j["format"] == "DataMatrix");
    CHECK(j["kind"] == "vds");
    CHECK(j["document_type"] == "arrival_attestation");
    CHECK(j["signature"] == "verified");
    CHECK(j["signer"] == "DETS2A");
    CHECK(j["fields"]["surname"] == "MUSTERMANN");
    CHECK(j["fields"]["given_names"] == "ERIKA");
    CHECK(j["fields"]["document_number"] == "C01X00T47");
    CHECK(j["fields"]["birth_date"] == "1990-01-01");
    CHECK(j["fields"]["azr_number"] == "ABC123456DEF");
    CHECK(j["raw_encoding"] == "base64");
    CHECK(j["error"].is_null());

    const Run unverified = Cli("decode-barcode " + dir.file("seal.bin"));
    CHECK(unverified.code == 0);
    const auto u = nlohmann::json::parse(unverified.out);
    CHECK(u["signature"] == "unverified");
    CHECK(u["format"].is_null());
}

TEST_CASE("decode-barcode: broken seal exits 1 with a typed error; bad input exits 2") {
    TempDir dir;
    WriteFile(dir.file("broken.bin"), {0xDC, 0x03, 0x6A});
    const Run broken = Cli("decode-barcode " + dir.file("broken.bin"));
    CHECK(broken.code == 1);
    const auto j = nlohmann::json::parse(broken.out);
    CHECK(j["kind"] == "binary");
    CHECK(j["error"]["code"] == "malformed_payload");
    CHECK(j["fields"].empty());

    CHECK(Cli("decode-barcode " + dir.file("missing.bin")).code == 2);
    WriteFile(dir.file("not-a-cert.der"), {1, 2, 3});
    CHECK(Cli("decode-barcode " + dir.file("broken.bin") + " --trust " + dir.path()).code == 2);
    CHECK(Cli("decode-barcode " + dir.file("broken.bin") + " --format ean13").code == 2);
}

TEST_CASE("decode-barcode: text from stdin") {
    const Run r = Cli("decode-barcode - < /dev/null");
    CHECK(r.code == 2);  // empty payload
    TempDir dir;
    WriteFile(dir.file("t.txt"), {'h', 'i', ' ', 't', 'h', 'e', 'r', 'e'});
    const Run t = Cli("decode-barcode - --format qrcode < " + dir.file("t.txt"));
    CHECK(t.code == 0);
    const auto j = nlohmann::json::parse(t.out);
    CHECK(j["kind"] == "text");
    CHECK(j["raw"] == "hi there");
    CHECK(j["raw_encoding"] == "text");
    CHECK(j["fields"].empty());
}

TEST_CASE("read: barcodes, barcode_error and cross_check in each image's JSON") {
    TempDir dir;
    const std::string payload = docintake::testing::ComposeAamva({}, 9);
    docintake::testing::Placement p;
    p.centre = {700, 420};
    p.module_px = 3.5f;
    p.angle_deg = 5;
    p.blur_sigma = 0.7f;
    const cv::Mat frame =
        docintake::testing::PlaceInFrame(docintake::testing::RenderSymbol(ZXing::BarcodeFormat::PDF417, payload), p);
    REQUIRE(cv::imwrite(dir.file("licence.png"), frame));

    const Run r = Cli("read " + dir.file("licence.png") + " --today 2025-01-01");
    CHECK(r.code == 1);  // no valid MRZ in the image
    const auto j = nlohmann::json::parse(r.out);
    REQUIRE(j["barcodes"].size() == 1);
    CHECK(j["barcodes"][0]["format"] == "PDF417");
    CHECK(j["barcodes"][0]["kind"] == "aamva");
    CHECK(j["barcodes"][0]["fields"]["surname"] == "SAMPLE");
    CHECK(j["barcodes"][0]["fields"]["birth_date"] == "1986-06-06");
    CHECK(j["barcodes"][0]["raw"] == payload);
    CHECK(j["barcode_error"].is_null());
    CHECK(j["cross_check"] == nlohmann::json::array());

    WriteFile(dir.file("bad.der"), {1, 2, 3});
    CHECK(Cli("read " + dir.file("licence.png") + " --trust " + dir.path()).code == 2);
}
