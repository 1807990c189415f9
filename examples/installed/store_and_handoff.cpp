// Reads a document, makes the intake record, keeps it in an encrypted record
// store and hands the store's outbox off, with the INSTALLED docintake (C++,
// shared library).
//   store_and_handoff_cxx IMAGE STORE_DIR SINK_URL CONSENT_LANGUAGE
//     STORE_DIR         the record store's folder, made (mode 0700) when missing
//     SINK_URL          http(s)://host/path, mqtt(s)://host/topic or file:///folder
//     CONSENT_LANGUAGE  the BCP 47 code of the language the person was shown the
//                       notice in ("ar", "pt-BR"); passing it states they agreed
//   The store key: $DOCINTAKE_STORE_KEY (64 hex characters) when set, else the
//   store's key file STORE_DIR/store.key (made with mode 0600 on first use).
//   Never put a key in the program. $DOCINTAKE_HANDOFF_TOKEN, when set, is sent
//   as the http(s) bearer token.
// Prints the record id, "valid" and the delivery counts; never the person's
// fields. Exit 0: stored and handed off; 1: no valid reading; 2: bad input or
// an error; 3: stored, but not (yet) handed off: run it again later.
#include <cstdio>
#include <cstdlib>
#include <string>

#include <opencv2/imgcodecs.hpp>

#include <docintake/handoff.h>
#include <docintake/opencv.h>
#include <docintake/read_mrz.h>
#include <docintake/record.h>
#include <docintake/store.h>

namespace {

std::string Environment(const char* name) {
    const char* value = std::getenv(name);
    return value != nullptr ? value : "";
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 5) {
        std::fprintf(stderr, "usage: %s IMAGE STORE_DIR SINK_URL CONSENT_LANGUAGE\n", argv[0]);
        return 2;
    }
    const std::string image_path = argv[1], store_dir = argv[2], sink_url = argv[3], language = argv[4];

    // 1. Read the document.
    docintake::MrzReader reader;  // finds the model installed beside the library
    if (reader.init_error()) {
        std::fprintf(stderr, "cannot load the OCR model: %s\n", reader.init_error().message.c_str());
        return 2;
    }
    const cv::Mat frame = cv::imread(image_path, cv::IMREAD_COLOR);
    if (frame.empty()) {
        std::fprintf(stderr, "cannot read the image\n");
        return 2;
    }
    const docintake::MrzReadResult reading = reader.Read(docintake::ViewOf(frame));
    if (!reading.valid()) {  // only a Valid reading makes a record
        std::printf("status: %s, feedback: %s\n", docintake::ToString(reading.status),
                    docintake::ToString(reading.feedback));
        return 1;
    }

    // 2. The intake record, with what the person agreed to.
    docintake::RecordBuildResult built = docintake::BuildRecord(reading, {});
    if (built.error) {
        std::fprintf(stderr, "no record: %s\n", built.error.message.c_str());
        return 1;
    }
    docintake::Consent consent;
    consent.given = true;
    consent.scope = "intake_record";
    consent.language = language;
    consent.at = docintake::Rfc3339(docintake::UnixNow());
    built.record.consent = consent;

    // 3. Keep it in the encrypted store; it waits in the outbox until handed off.
    docintake::StoreOptions store_options;
    store_options.dir = store_dir;
    store_options.key_hex = Environment("DOCINTAKE_STORE_KEY");  // empty: STORE_DIR/store.key
    docintake::StoreOpenResult opened = docintake::RecordStore::Open(store_options);
    if (opened.error) {
        std::fprintf(stderr, "cannot open the store: %s\n", opened.error.message.c_str());
        return 2;
    }
    docintake::RecordStore& store = *opened.store;
    if (const docintake::Error error = store.Add(built.record)) {
        std::fprintf(stderr, "cannot store the record: %s\n", error.message.c_str());
        return 2;
    }
    std::printf("record: %s\nstatus: valid\n", built.record.id.c_str());

    // 4. Hand the outbox off: at least once, the record id as idempotency key.
    docintake::SinkOptions sink_options;
    sink_options.bearer_token = Environment("DOCINTAKE_HANDOFF_TOKEN");
    docintake::SinkResult sink = docintake::MakeSink(sink_url, sink_options);
    if (sink.error) {
        std::fprintf(stderr, "cannot use the sink URL: %s\n", docintake::ToString(sink.error.code));
        return 2;
    }
    const docintake::SendReport sent = docintake::SendOutbox(store, *sink.sink);
    const docintake::OutboxCounts counts = store.Counts();
    std::printf("handoff: attempted %d, delivered %d, failed %d, pending %d%s\n", sent.attempted, sent.delivered,
                sent.failed, sent.remaining, sent.busy ? " (another sender holds the store)" : "");
    if (!counts.last_error.empty() && sent.delivered < sent.attempted)
        std::printf("last error: %s\n", counts.last_error.c_str());  // e.g. "http 503"; no personal data
    return sent.busy || sent.remaining > 0 || sent.failed > 0 ? 3 : 0;
}
