#pragma once
// AAMVA DL/ID card design standard (North American driving licences and ID
// cards, PDF417): the record as encoded, and its mapping to docintake fields.
//
// Parsing is tolerant of what real cards and scanners produce (BOM, leading
// whitespace, "AAMVA" instead of "ANSI ", missing or wrong separators, wrong
// subfile offsets) but never invents a value: what cannot be located is absent.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "docintake/barcode.h"

namespace docintake::aamva {

struct Element {
    std::string id;     // three characters, e.g. "DAQ"
    std::string value;  // as encoded: trailing spaces kept
};

struct Subfile {
    std::string type;  // "DL", "ID", or a jurisdiction's "Z?"
    std::vector<Element> elements;

    // The first element with this id, or null.
    const Element* find(const std::string& id) const;
};

struct Record {
    int iin = 0;                   // issuer identification number, e.g. 636000
    int version = 0;               // AAMVA version 0..10 ("2000" cards say 00 or 01)
    int jurisdiction_version = 0;  // 0 for versions 00 and 01, which have none
    int declared_entries = 0;      // number of subfiles the header announces
    std::vector<Subfile> subfiles;
    std::vector<std::string> warnings;  // quirks met while parsing, e.g. "subfile_offset_wrong"

    // The DL or ID subfile (DL first), or null.
    const Subfile* identity_subfile() const;
};

// True when the bytes start (after a BOM and whitespace) with an AAMVA header:
// '@' and, within the first bytes, "ANSI " or "AAMVA" followed by a 6-digit IIN.
bool LooksLikeAamva(const std::uint8_t* data, std::size_t size);

// Parses the header, subfile designators and data elements.
bool ParseRecord(const std::uint8_t* data, std::size_t size, Record& record, Error& error);

// Decodes a payload into fields: kind AAMVA on success; on a broken AAMVA
// payload, an error and no identity fields.
DecodedPayload Decode(const std::vector<std::uint8_t>& bytes, const PayloadOptions& options);

// Jurisdiction of an IIN: code ("VA") and ISO 3166-1 alpha-3 country ("USA").
struct Jurisdiction {
    const char* code = nullptr;
    const char* country = nullptr;
};
// Null members when the IIN is not one we know.
Jurisdiction LookupIin(int iin);

}  // namespace docintake::aamva
