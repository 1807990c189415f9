// docintake decode-barcode FILE: the payload bytes of one symbol (as a scanner
// or `zxing` would give them) decoded into one JSON object.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include <docintake/barcode.h>

#include "barcode_args.h"
#include "commands.h"
#include "json/barcode_json.h"
#include "reader_args.h"

namespace docintake::cli {
namespace {

// Larger than any symbol of the four formats holds.
constexpr std::size_t kMaxPayloadBytes = 64 * 1024;

struct DecodeArgs {
    std::string file;
    std::string format;
    BarcodeArgs barcode;
    ReaderArgs reader;  // only --today is used
};

bool ParseFormat(const std::string& name, BarcodeFormat& format) {
    std::string n;
    for (char c : name) n += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    if (n == "pdf417") format = BarcodeFormat::PDF417;
    else if (n == "datamatrix") format = BarcodeFormat::DataMatrix;
    else if (n == "qrcode" || n == "qr") format = BarcodeFormat::QRCode;
    else if (n == "aztec") format = BarcodeFormat::Aztec;
    else return false;
    return true;
}

int RunDecode(const DecodeArgs& args) {
    BarcodeFormat format = BarcodeFormat::QRCode;
    if (!args.format.empty() && !ParseFormat(args.format, format)) {
        std::fprintf(stderr, "docintake decode-barcode: error: --format wants pdf417, datamatrix, qrcode or aztec\n");
        return 2;
    }
    MrzReaderOptions dates;
    if (!ToReaderOptions(args.reader, "decode-barcode", dates)) return 2;
    TrustStore trust;
    if (!LoadTrust(args.barcode, "decode-barcode", trust)) return 2;

    std::vector<std::uint8_t> bytes;
    {
        std::ifstream file;
        std::istream* in = &std::cin;
        if (args.file != "-") {
            file.open(args.file, std::ios::binary);
            if (!file) {
                std::fprintf(stderr, "docintake decode-barcode: error: cannot open the file\n");
                return 2;
            }
            in = &file;
        }
        bytes.resize(kMaxPayloadBytes + 1);
        in->read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
        bytes.resize(static_cast<std::size_t>(in->gcount()));
    }
    if (bytes.size() > kMaxPayloadBytes) {
        std::fprintf(stderr, "docintake decode-barcode: error: more than %zu bytes: not one symbol's payload\n",
                     kMaxPayloadBytes);
        return 2;
    }
    if (bytes.empty()) {
        std::fprintf(stderr, "docintake decode-barcode: error: empty payload\n");
        return 2;
    }
    PayloadOptions options;
    options.trust = trust.empty() ? nullptr : &trust;
    options.reference_date = dates.parse.reference_date;
    const DecodedPayload payload = DecodePayload(bytes, format, options);
    nlohmann::json j = ToJson(payload, format, bytes);
    if (args.format.empty()) j["format"] = nullptr;  // not known from the bytes alone
    std::cout << j.dump() << "\n";
    return payload.error || payload.signature == SignatureStatus::Invalid ? 1 : 0;
}

}  // namespace

void AddDecodeBarcodeCommand(CLI::App& app) {
    auto args = std::make_shared<DecodeArgs>();
    CLI::App* cmd = app.add_subcommand(
        "decode-barcode",
        "Decode one symbol's raw payload bytes (AAMVA, VDS, VDS-NC, text, binary) into one JSON object "
        "(exit 0 decoded, 1 broken payload or invalid signature, 2 bad input)");
    cmd->add_option("file", args->file, "File with the payload bytes, or - for stdin")->required();
    cmd->add_option("--format", args->format, "Symbology it came from: pdf417, datamatrix, qrcode, aztec");
    cmd->add_option("--today", args->reader.today, "Reference date YYYY-MM-DD for expiry and certificate validity");
    AddBarcodeOptions(cmd, args->barcode);
    cmd->callback([args] {
        const int code = RunDecode(*args);
        if (code != 0) throw CLI::RuntimeError(code);
    });
}

}  // namespace docintake::cli
