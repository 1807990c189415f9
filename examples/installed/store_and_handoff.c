/* Reads a document, stores its intake record in an encrypted record store and
 * hands the store's outbox off, with the INSTALLED docintake's C API (libdocintake_c).
 *   store_and_handoff_c IMAGE STORE_DIR SINK_URL CONSENT_LANGUAGE
 *     STORE_DIR         the record store's folder, made (mode 0700) when missing
 *     SINK_URL          http(s)://host/path, mqtt(s)://host/topic or file:///folder
 *     CONSENT_LANGUAGE  the BCP 47 code of the language the person was shown the
 *                       notice in ("ar", "pt-BR"); passing it states they agreed
 *   The store key: $DOCINTAKE_STORE_KEY (64 hex characters) when set, else the
 *   store's key file STORE_DIR/store.key (made with mode 0600 on first use).
 *   Never put a key in the program. $DOCINTAKE_HANDOFF_TOKEN, when set, is sent
 *   as the http(s) bearer token.
 * Prints the record id, "valid" and the delivery counts; never the person's
 * fields. Exit 0: stored and handed off; 1: no valid reading; 2: bad input or
 * an error; 3: stored, but not (yet) handed off: run it again later. */
#include <stdio.h>
#include <stdlib.h>

#include <docintake/c.h>

static int fail(const char* what, dit_status status) {
    fprintf(stderr, "%s: %s\n", what, dit_error_string(status));
    return 2;
}

int main(int argc, char** argv) {
    if (argc != 5) {
        fprintf(stderr, "usage: %s IMAGE STORE_DIR SINK_URL CONSENT_LANGUAGE\n", argv[0]);
        return 2;
    }
    const char* image_path = argv[1];
    const char* store_dir = argv[2];
    const char* sink_url = argv[3];
    const char* language = argv[4];

    /* 1. Read the document; the reader keeps its last reading for the store. */
    dit_reader* reader = NULL;
    dit_status status = dit_reader_new(NULL, &reader); /* finds the installed model itself */
    if (status != DIT_OK) return fail("cannot make a reader", status);
    dit_image image;
    status = dit_image_load(image_path, &image);
    if (status != DIT_OK) {
        dit_reader_free(reader);
        return fail("cannot read the image", status);
    }
    dit_mrz_result reading;
    status = dit_reader_read(reader, &image, &reading);
    dit_image_free(&image);
    if (status != DIT_OK) {
        dit_reader_free(reader);
        return fail("cannot read", status);
    }
    if (!reading.valid) { /* only a valid reading makes a record */
        printf("status: %s, feedback: %s\n", reading.status, reading.feedback);
        dit_reader_free(reader);
        return 1;
    }

    /* 2. Keep the record in the encrypted store; it waits in the outbox until handed off. */
    dit_store* store = NULL;
    status = dit_store_open(store_dir, 1, getenv("DOCINTAKE_STORE_KEY"), &store); /* NULL: STORE_DIR/store.key */
    if (status != DIT_OK) {
        dit_reader_free(reader);
        return fail("cannot open the store", status);
    }
    char id[33];
    status = dit_store_add_reading(store, reader, language, id);
    dit_reader_free(reader);
    if (status != DIT_OK) {
        dit_store_free(store);
        return fail("cannot store the record", status);
    }
    printf("record: %s\nstatus: valid\n", id);

    /* 3. Hand the outbox off: at least once, the record id as idempotency key. */
    dit_handoff_options options;
    dit_handoff_options_init(&options);
    options.bearer_token = getenv("DOCINTAKE_HANDOFF_TOKEN"); /* NULL: none */
    dit_handoff_report report;
    status = dit_handoff_send(store, sink_url, &options, &report);
    dit_store_free(store);
    if (status != DIT_OK && status != DIT_ERROR_BUSY) return fail("cannot hand off", status);
    printf("handoff: attempted %d, delivered %d, failed %d, pending %d%s\n", report.attempted, report.delivered,
           report.failed, report.remaining, status == DIT_ERROR_BUSY ? " (another sender holds the store)" : "");
    if (report.last_error[0] != '\0' && report.delivered < report.attempted)
        printf("last error: %s\n", report.last_error); /* e.g. "http 503"; no personal data */
    return status == DIT_ERROR_BUSY || report.remaining > 0 || report.failed > 0 ? 3 : 0;
}
