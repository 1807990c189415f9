/* docintake's C API for C and for other languages (Python's ctypes binding in
 * python/docintake uses it): MRZ reading and parsing, the scanner over camera
 * frames, the encrypted record store and handing its outbox off. Link with
 * libdocintake_c (pkg-config docintake-c, or CMake target docintake::c).
 *
 *   dit_reader* reader = NULL;
 *   if (dit_reader_new(NULL, &reader) != DIT_OK) ...;   loads the OCR model once
 *   dit_image image = {pixels, width, height, stride, DIT_PIXEL_BGR};
 *   dit_mrz_result r;
 *   if (dit_reader_read(reader, &image, &r) == DIT_OK && r.valid) use(r.document_number);
 *   dit_reader_free(reader);
 *
 * Errors are returned as dit_status codes (dit_error_string names them); no C++
 * exception ever leaves a function of this header. Messages never contain
 * personal data; results do, so treat them as you treat the document.
 *
 * Thread safety, per function:
 *   dit_version, dit_error_string, dit_parse, dit_parse_json, dit_image_load,
 *   dit_image_free, dit_string_free: safe from any thread at any time.
 *   dit_reader_new: safe; every reader is independent.
 *   dit_reader_read, dit_reader_read_json: one call at a time per reader (a
 *   reader holds one OCR engine); use one reader per thread to read in parallel.
 *   dit_reader_free: not while another call uses the same reader.
 *   dit_store_open: safe; several stores (also in other processes) may open one folder.
 *   dit_store_add_reading, dit_store_add_mrz, dit_store_get_json: one call at a time
 *   per store (and, for add_reading, per reader); dit_store_free: not during another call.
 *   dit_store_outbox_json: one call at a time per store, like the calls above.
 *   dit_scanner_new: safe; every scanner is independent (it holds its own reader).
 *   dit_scanner_push, dit_scanner_finish, dit_scanner_reset: one call at a time per
 *   scanner; dit_store_add_scan: one call at a time per store and per scanner;
 *   dit_scanner_free: not during another call on the same scanner.
 *   dit_handoff_options_init: safe from any thread.
 *   dit_handoff_send: one call at a time per store handle. Senders on other handles
 *   or in other processes may share the store folder: one of them sends, the
 *   others get DIT_ERROR_BUSY.
 *
 * Threads: a read keeps Tesseract's OpenMP regions on the calling thread (a
 * per-thread OpenMP setting, restored after the read); the library changes
 * nothing process-wide and reads no environment variable (docs/embedding.md).
 */
#ifndef DOCINTAKE_C_H
#define DOCINTAKE_C_H

#include <stddef.h>
#include <stdint.h>

#include "docintake/version_number.h" /* DOCINTAKE_VERSION_MAJOR/MINOR/PATCH/STRING */

#if defined(__GNUC__)
#define DIT_API __attribute__((visibility("default")))
#else
#define DIT_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

typedef enum dit_status {
    DIT_OK = 0,
    DIT_ERROR_INVALID_ARGUMENT = 1, /* a null pointer or a value the call does not take */
    DIT_ERROR_INVALID_IMAGE = 2,    /* null pixels, size <= 0, stride too small, unknown format */
    DIT_ERROR_MODEL_NOT_FOUND = 3,  /* the OCR model is missing or cannot be loaded */
    DIT_ERROR_NOT_AN_MRZ = 4,       /* dit_parse: the text is no MRZ of any format */
    DIT_ERROR_IO = 5,               /* dit_image_load: the file cannot be read as an image */
    DIT_ERROR_OUT_OF_MEMORY = 6,
    DIT_ERROR_INTERNAL = 7,         /* a bug of ours */
    DIT_ERROR_NOT_FOUND = 8,        /* dit_store_get_json: no record with that id (or it was purged) */
    DIT_ERROR_WRONG_KEY = 9,        /* the key does not open this record store */
    DIT_ERROR_STORE = 10,           /* not a record store, damaged, locked by another sender, or not allowed */
    DIT_ERROR_NOT_VALID = 11,       /* no valid reading or MRZ to make a record of */
    DIT_ERROR_BUSY = 12             /* dit_handoff_send: another sender holds this store's outbox */
} dit_status;

/* A short English text for a status, e.g. "the OCR model was not found". Static storage. */
DIT_API const char* dit_error_string(dit_status status);

/* The library's version, e.g. "0.1.0" (DOCINTAKE_VERSION_STRING is the headers'). */
DIT_API const char* dit_version(void);

typedef enum dit_pixel_format {
    DIT_PIXEL_GRAY = 0,
    DIT_PIXEL_RGB = 1,
    DIT_PIXEL_BGR = 2,
    DIT_PIXEL_RGBA = 3,
    DIT_PIXEL_BGRA = 4
} dit_pixel_format;

/* A view of 8-bit pixels the caller owns; stride in bytes (0: width * bytes per pixel). */
typedef struct dit_image {
    const uint8_t* data;
    int width;
    int height;
    int stride;
    dit_pixel_format format;
} dit_image;

/* One reading. Strings are NUL-terminated and empty when absent; a value longer
 * than its array (none of the ICAO formats has one) is cut to fit. */
typedef struct dit_mrz_result {
    int found;              /* 1 when an MRZ was read and parsed */
    int valid;              /* 1 only when status is "valid": the only reading to trust */
    char status[16];        /* "valid", "ambiguous", "invalid", "unreadable" */
    char feedback[24];      /* for the person holding the document: "ok", "too_small", ... */
    char format[16];        /* "TD1", "TD2", "TD3", "MRVA", "MRVB", ... */
    char document_code[4];  /* "P", "I", "AC", "V" */
    char issuing_state[4];  /* "D", "UTO", "XXA" (fillers stripped) */
    char nationality[4];
    char document_number[32];
    char surname[64];       /* '<' as spaces */
    char given_names[64];
    char birth_date[16];    /* ISO "1974-08-12"; "1974-08" or "1974" when parts are unknown */
    char expiry_date[16];
    char sex[4];            /* "M", "F", "X" */
    char optional_data[32];
    double confidence;      /* the chosen reading's confidence, 0..1 */
} dit_mrz_result;

/* An MRZ reader: owns one OCR engine. model_dir: folder holding mrz.traineddata,
 * or NULL for the default search (the installed share/docintake/models beside the
 * library, then the build's). On success *out is a reader to free with dit_reader_free. */
typedef struct dit_reader dit_reader;
DIT_API dit_status dit_reader_new(const char* model_dir, dit_reader** out);
DIT_API void dit_reader_free(dit_reader* reader); /* NULL is ignored */

/* Reads the MRZ of one frame into *out (zeroed first). DIT_OK means the frame was
 * looked at; whether an MRZ was found and can be trusted is in out->found/valid. */
DIT_API dit_status dit_reader_read(dit_reader* reader, const dit_image* image, dit_mrz_result* out);

/* The same reading as the JSON object `docintake read` prints for a file (its
 * "barcodes" list is empty: the C API reads no barcodes yet). source: the
 * "source" member, NULL for "". *json_out is freed with dit_string_free. */
DIT_API dit_status dit_reader_read_json(dit_reader* reader, const dit_image* image, const char* source,
                                        char** json_out);

/* Parses MRZ text (lines separated by '\n'), no OCR involved. DIT_ERROR_NOT_AN_MRZ
 * when the text has no MRZ's shape; otherwise out->valid says if every check passed. */
DIT_API dit_status dit_parse(const char* text, dit_mrz_result* out);
/* The parsed MRZ as JSON (as `docintake parse` prints its fields); dit_string_free it. */
DIT_API dit_status dit_parse_json(const char* text, char** json_out);

/* Decodes an image file (JPEG, PNG, ...) into BGR pixels owned by *out; free them
 * with dit_image_free. For callers without an image library of their own. */
DIT_API dit_status dit_image_load(const char* path, dit_image* out);
DIT_API void dit_image_free(dit_image* image); /* frees the pixels and zeroes *image */

DIT_API void dit_string_free(char* text); /* NULL is ignored */

/* The encrypted record store (docs/records.md). dir: the store folder; create != 0
 * makes it (mode 0700) and its key when missing. key_hex: the 32-byte key as 64 hex
 * characters, or NULL for the key file <dir>/store.key. Free with dit_store_free. */
typedef struct dit_store dit_store;
DIT_API dit_status dit_store_open(const char* dir, int create, const char* key_hex, dit_store** out);
DIT_API void dit_store_free(dit_store* store); /* NULL is ignored */

/* Stores a record of the reader's last reading (dit_reader_read or _read_json; a
 * reader keeps it until its next read or dit_reader_free), which must be valid
 * (else DIT_ERROR_NOT_VALID). The caller states that the person agreed, after a
 * notice in consent_language (a BCP 47 code such as "ar" or "pt-BR").
 * id_out receives the new record's id: 32 hex characters and a NUL. */
DIT_API dit_status dit_store_add_reading(dit_store* store, dit_reader* reader, const char* consent_language,
                                         char id_out[33]);
/* The same from MRZ text that passes every check (typed or read elsewhere). */
DIT_API dit_status dit_store_add_mrz(dit_store* store, const char* mrz_text, const char* consent_language,
                                     char id_out[33]);
/* The record as JSON (docs/schemas/intake-record.v1.json); dit_string_free it. */
DIT_API dit_status dit_store_get_json(dit_store* store, const char* id, char** json_out);

/* Stores a record of the scanner's agreed reading: its last update must be
 * DIT_SCAN_DONE (else DIT_ERROR_NOT_VALID). Consent and id_out as for
 * dit_store_add_reading. */
typedef struct dit_scanner dit_scanner;
DIT_API dit_status dit_store_add_scan(dit_store* store, dit_scanner* scanner, const char* consent_language,
                                      char id_out[33]);

/* The outbox as JSON: [{"id","state","attempts","created_at","delivered_at",
 * "next_attempt_at","last_error"}...], oldest first; ids and states only, never
 * personal data. dit_string_free it. */
DIT_API dit_status dit_store_outbox_json(dit_store* store, char** json_out);

/* ---- The scanner: one MRZ agreed on across camera frames (docintake/scanner.h) ----
 *
 *   dit_scanner* scanner = NULL;
 *   if (dit_scanner_new(NULL, NULL, &scanner) != DIT_OK) ...;
 *   for (each frame) {
 *       dit_scan_update u;
 *       if (dit_scanner_push(scanner, &frame, &u) != DIT_OK) continue;  a frame it could not take
 *       show(u.feedback);
 *       if (u.state == DIT_SCAN_DONE) { use(u.mrz); break; }           u.mrz.valid is 1
 *       if (u.state == DIT_SCAN_FAILED) { show(u.reason); break; }
 *   }
 *   dit_scanner_free(scanner);
 */
typedef enum dit_scan_state {
    DIT_SCAN_SEARCHING = 0, /* no MRZ read yet */
    DIT_SCAN_READING = 1,   /* frames are being voted on; not settled */
    DIT_SCAN_DONE = 2,      /* the voted reading is valid, confident and confirmed */
    DIT_SCAN_FAILED = 3     /* gave up (max_frames, or the frames ran out); dit_scanner_reset to start again */
} dit_scan_state;

typedef struct dit_scan_update {
    dit_scan_state state;
    char feedback[24];     /* about the last frame, for the person holding the document */
    char reason[96];       /* why it failed or what it waits for; no personal data */
    int frames_used;       /* frames whose reading went into the vote */
    int frames_seen;       /* all frames pushed since the last reset */
    double confidence;     /* of the voted reading, 0..1 */
    dit_mrz_result mrz;    /* the voted reading so far (found 0: none). valid is 1 only when
                              state is DIT_SCAN_DONE; status is then "valid", before it
                              "ambiguous" (a reading not settled) or "unreadable" (none) */
} dit_scan_update;

typedef struct dit_scanner_options {
    size_t struct_size;       /* sizeof(dit_scanner_options): set by dit_scanner_options_init */
    const char* model_dir;    /* as for dit_reader_new; NULL: the default search */
    int min_agreeing_frames;  /* frames that must agree before the reading counts as stable (2) */
    int max_frames;           /* give up after this many frames without one (60) */
    double min_confidence;    /* of the voted reading, needed to finish (0.99) */
} dit_scanner_options;
/* Fills the defaults (and struct_size). Safe from any thread. */
DIT_API void dit_scanner_options_init(dit_scanner_options* options);

/* options: NULL for the defaults, else initialised with dit_scanner_options_init.
 * Loads the OCR model (DIT_ERROR_MODEL_NOT_FOUND when it cannot). */
DIT_API dit_status dit_scanner_new(const dit_scanner_options* options, dit_scanner** out);
DIT_API void dit_scanner_free(dit_scanner* scanner); /* NULL is ignored */

/* Reads one frame and votes; *out (zeroed first) is the scan's state after it.
 * After DONE or FAILED further frames are ignored (the same update comes back)
 * until dit_scanner_reset. A frame that cannot be taken (invalid image, model
 * damaged, out of memory) returns its error code and leaves the votes so far. */
DIT_API dit_status dit_scanner_push(dit_scanner* scanner, const dit_image* image, dit_scan_update* out);
/* The frames ran out (end of a video or folder): DONE when the voted reading is
 * valid and confident enough even if fewer frames agreed; else FAILED. */
DIT_API dit_status dit_scanner_finish(dit_scanner* scanner, dit_scan_update* out);
/* Forgets the votes: the next frame starts a new document. */
DIT_API dit_status dit_scanner_reset(dit_scanner* scanner);

/* ---- Handoff: the store's outbox to the centre's system (docintake/handoff.h) ----
 * At-least-once delivery with the record id as idempotency key. The sink is chosen
 * by the URL's scheme: http:// and https:// (POST of the record JSON with an
 * Idempotency-Key header), mqtt:// and mqtts:// (QoS 1 to the URL's path as
 * topic), file:///DIR (DIR/<id>.json, written whole). A record is marked delivered
 * only after the sink acknowledged it, so a second call sends nothing twice.
 *
 *   dit_handoff_options options;
 *   dit_handoff_options_init(&options);
 *   options.bearer_token = token_from_your_secret_store;
 *   dit_handoff_report report;
 *   dit_status s = dit_handoff_send(store, "https://cms.example/intake", &options, &report);
 *   if (s == DIT_OK && report.remaining > 0) ... try again later; nothing is lost
 */
typedef struct dit_handoff_options {
    size_t struct_size;        /* sizeof(dit_handoff_options): set by dit_handoff_options_init */
    const char* bearer_token;  /* http(s): "Authorization: Bearer <token>"; NULL: none */
    const char* ca_file;       /* trust these CAs instead of the system's (verification stays on) */
    const char* client_cert;   /* PEM client certificate (https, mqtts) and its key */
    const char* client_key;
    const char* username;      /* mqtt(s) */
    const char* password;
    const char* client_id;     /* mqtt(s); NULL: "docintake-<random>" */
    int connect_timeout_ms;    /* 5000 */
    int timeout_ms;            /* one attempt, connect included: 15000 */
    int deadline_ms;           /* 0: one pass over what is due now; else keep retrying up to this long */
    int wait_for_backoff;      /* with a deadline: wait for records whose backoff ends before it (1) */
    int base_delay_ms;         /* backoff after a failed attempt, doubling up to max_delay_ms (1000) */
    int max_delay_ms;          /* 900000 */
} dit_handoff_options;
/* Fills the defaults (and struct_size). Safe from any thread. */
DIT_API void dit_handoff_options_init(dit_handoff_options* options);

typedef struct dit_handoff_report {
    int attempted;         /* delivery attempts in this call */
    int delivered;         /* records the sink acknowledged in this call */
    int failed;            /* records refused for good in this call (e.g. "http 400"); kept as failed */
    int remaining;         /* records still pending at the end: retried by a later call */
    int outbox_pending;    /* the whole outbox after the call */
    int outbox_delivered;  /* (delivered records stay until retention purges them) */
    int outbox_failed;
    char last_error[64];   /* the most recent failed attempt's reason, e.g. "http 503",
                              "connection refused"; never a secret or personal data */
} dit_handoff_report;

/* Sends the due pending records of the store's outbox to sink_url. options: NULL
 * for the defaults. DIT_OK when the pass ran (report says what was delivered;
 * failed or remaining records are not an error of the call);
 * DIT_ERROR_INVALID_ARGUMENT for a URL no sink takes or options not initialised;
 * DIT_ERROR_BUSY when another sender holds the store (report.remaining is set).
 * Secrets in the options or the URL never appear in any text this returns. */
DIT_API dit_status dit_handoff_send(dit_store* store, const char* sink_url, const dit_handoff_options* options,
                                    dit_handoff_report* report);

#ifdef __cplusplus
}
#endif

#endif /* DOCINTAKE_C_H */
