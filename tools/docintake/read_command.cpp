// docintake read IMAGE...: one JSON object per image per line; with --store, each
// valid reading also becomes an intake record in the store.
#include <cctype>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <opencv2/imgcodecs.hpp>

#include <docintake/barcode.h>
#include <docintake/opencv.h>
#include <docintake/read_mrz.h>
#include <docintake/record.h>
#include <docintake/store.h>

#include "barcode_args.h"
#include "commands.h"
#include "json/barcode_json.h"
#include "json/read_json.h"
#include "reader_args.h"
#include "store_args.h"

namespace docintake::cli {
namespace {

struct ReadArgs {
    std::vector<std::string> images;
    ReaderArgs reader;
    BarcodeArgs barcode;
    StoreArgs store;
    std::string consent_language = "und";
};

// A BCP 47 tag's shape: letters, then hyphen-separated letters or digits ("ar",
// "pt-BR", "und"). Enough to keep anything else out of the record.
bool LooksLikeLanguageTag(const std::string& tag) {
    if (tag.empty() || tag.size() > 35 || tag.front() == '-' || tag.back() == '-') return false;
    std::size_t first_len = 0;
    for (; first_len < tag.size() && tag[first_len] != '-'; ++first_len)
        if (!std::isalpha(static_cast<unsigned char>(tag[first_len]))) return false;
    if (first_len < 2 || first_len > 8) return false;
    std::size_t part = 0;
    for (std::size_t i = first_len; i < tag.size(); ++i) {
        if (tag[i] == '-') {
            if (part == 0 && i != first_len) return false;  // "--"
            part = 0;
            continue;
        }
        if (!std::isalnum(static_cast<unsigned char>(tag[i])) || ++part > 8) return false;
    }
    return true;
}

// The record of one valid reading, stored; its id, or empty after printing why not.
std::string StoreRecord(RecordStore& store, const MrzReadResult& reading, const std::vector<BarcodeRead>& barcodes,
                        const RecordOptions& record_options, const std::string& consent_language) {
    RecordBuildResult built = BuildRecord(reading, barcodes, record_options);
    if (built.error) {
        PrintError("read", built.error);
        return {};
    }
    // The CLI has no screen to ask on: the operator running it states that the
    // person agreed, in the language the notice was given in.
    Consent consent;
    consent.given = true;
    consent.scope = "intake_record";
    consent.language = consent_language;
    consent.at = Rfc3339(UnixNow());
    built.record.consent = consent;
    if (Error error = store.Add(built.record)) {
        PrintError("read", error);
        return {};
    }
    return built.record.id;
}

int RunRead(const ReadArgs& args) {
    MrzReaderOptions options;
    if (!ToReaderOptions(args.reader, "read", options)) return 2;
    std::unique_ptr<RecordStore> store;
    if (!args.store.dir.empty()) {
        if (!LooksLikeLanguageTag(args.consent_language)) {
            std::fprintf(stderr, "docintake read: error: --consent-language wants a BCP 47 code such as ar or pt-BR\n");
            return 2;
        }
        store = OpenStore(args.store, "read", /*create=*/true);
        if (!store) return 2;
    }
    MrzReader reader(options);
    if (reader.init_error()) {
        std::fprintf(stderr, "docintake read: error: %s: %s\n", ToString(reader.init_error().code),
                     reader.init_error().message.c_str());
        return 2;
    }
    TrustStore trust;
    if (!LoadTrust(args.barcode, "read", trust)) return 2;
    BarcodeReaderOptions barcode_options;  // sandboxed: see docs/barcode-safety.md
    barcode_options.worker_path = BarcodeWorkerFromEnvironment();
    barcode_options.payload.trust = trust.empty() ? nullptr : &trust;
    barcode_options.payload.reference_date = options.parse.reference_date;
    BarcodeReader barcodes(barcode_options);
    RecordOptions record_options;
    record_options.intake_date = options.parse.reference_date;  // 0: today
    bool all_valid = true;
    bool unreadable_file = false;
    bool store_failed = false;
    for (const std::string& path : args.images) {
        cv::Mat image;
        try {
            image = cv::imread(path, cv::IMREAD_COLOR);
        } catch (const cv::Exception&) {
            image.release();  // a corrupt file is bad input, not a crash
        }
        MrzReadResult result;
        if (image.empty()) {
            result.error = {ErrorCode::InvalidImage, "cannot read the file as an image"};
            unreadable_file = true;
        } else {
            result = reader.Read(ViewOf(image));
        }
        const bool valid = result.status == MrzReadingStatus::Valid;
        all_valid = all_valid && valid;
        nlohmann::json out = ToJson(result, path);
        // Seals are cross-checked only against an MRZ reading that is trusted.
        const bool trusted_mrz = result.mrz && valid;
        BarcodeReadResult found;
        if (!image.empty()) {
            found = barcodes.Read(ViewOf(image));
            AddBarcodes(out, found, trusted_mrz ? &*result.mrz : nullptr);
        }
        if (store) {
            // Printed only once the record is committed: an id on stdout is in the store.
            std::string id;
            if (valid && !store_failed) {
                id = StoreRecord(*store, result, found.barcodes, record_options, args.consent_language);
                store_failed = id.empty();
            }
            out["record_id"] = id.empty() ? nlohmann::json(nullptr) : nlohmann::json(id);
        }
        std::cout << out.dump() << "\n" << std::flush;
    }
    if (unreadable_file || store_failed) return 2;
    return all_valid ? 0 : 1;
}

}  // namespace

void AddReadCommand(CLI::App& app) {
    auto args = std::make_shared<ReadArgs>();
    CLI::App* cmd = app.add_subcommand(
        "read", "Read the MRZ in images; one JSON object per image (exit 0 all valid, 1 otherwise, 2 unreadable file)");
    cmd->add_option("images", args->images, "Image files (PNG, JPEG, ...)")->required();
    AddReaderOptions(cmd, args->reader);
    AddBarcodeOptions(cmd, args->barcode);
    AddStoreOptions(cmd, args->store, /*required=*/false)
        ->description("Record store folder: each valid reading becomes a stored intake record, its id printed as "
                      "record_id (created on first use)");
    cmd->add_option("--consent-language", args->consent_language,
                    "With --store: the operator states that the person agreed to the intake record after the "
                    "notice in this language (BCP 47, default und)");
    cmd->callback([args] {
        const int code = RunRead(*args);
        if (code != 0) throw CLI::RuntimeError(code);
    });
}

}  // namespace docintake::cli
