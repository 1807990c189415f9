/* docintake's C API: MRZ reading and parsing for C and for other languages
 * (Python's ctypes binding in python/docintake uses it). Link with
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
    DIT_ERROR_NOT_VALID = 11        /* no valid reading or MRZ to make a record of */
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

#ifdef __cplusplus
}
#endif

#endif /* DOCINTAKE_C_H */
