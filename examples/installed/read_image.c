/* Reads the MRZ of an image file with the INSTALLED docintake's C API (libdocintake_c).
 *   read_image_c IMAGE
 * Built by CMake (find_package(docintake), target docintake::c) or by pkg-config
 * (docintake-c); see README.md here. */
#include <stdio.h>

#include <docintake/c.h>

int main(int argc, char** argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s IMAGE\n", argv[0]);
        return 2;
    }
    dit_reader* reader = NULL;
    dit_status status = dit_reader_new(NULL, &reader); /* finds the installed model itself */
    if (status != DIT_OK) {
        fprintf(stderr, "cannot make a reader: %s\n", dit_error_string(status));
        return 2;
    }
    dit_image image;
    status = dit_image_load(argv[1], &image); /* or point a dit_image at your own pixels */
    if (status != DIT_OK) {
        fprintf(stderr, "cannot read the image: %s\n", dit_error_string(status));
        dit_reader_free(reader);
        return 2;
    }
    dit_mrz_result r;
    status = dit_reader_read(reader, &image, &r);
    dit_image_free(&image);
    dit_reader_free(reader);
    if (status != DIT_OK) {
        fprintf(stderr, "cannot read: %s\n", dit_error_string(status));
        return 2;
    }
    printf("docintake %s (headers %s)\n", dit_version(), DOCINTAKE_VERSION_STRING);
    printf("status: %s, feedback: %s\n", r.status, r.feedback);
    if (!r.valid) return 1; /* only a valid reading is to be trusted */
    printf("format: %s\nissuing state: %s\nsurname: %s\ngiven names: %s\ndocument number: %s\n"
           "nationality: %s\nbirth date: %s\nsex: %s\nexpiry date: %s\n",
           r.format, r.issuing_state, r.surname, r.given_names, r.document_number, r.nationality,
           r.birth_date, r.sex, r.expiry_date);
    return 0;
}
