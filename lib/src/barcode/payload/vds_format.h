#pragma once
// The layout of a binary VDS: header, message zone (TLV features), signature zone.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "docintake/error.h"

namespace docintake::vds {

struct Date {
    int year = 0, month = 0, day = 0;
    std::string iso() const;  // "2020-01-13"
};

// Days-in-month aware check of a calendar date.
bool ValidDate(int year, int month, int day);

struct Header {
    int icao_version = 0;          // 3 (byte 0x02) or 4 (byte 0x03)
    std::string issuing_country;   // trailing spaces (fillers) removed: "D", "UTO"
    std::string signer_id;         // 4 characters: country (2) + signer (2), "DETS"
    std::string cert_ref;          // as encoded, e.g. "00027", "5B"
    Date issue_date;
    Date signature_date;
    std::uint8_t feature_ref = 0;  // document feature definition reference
    std::uint8_t type_category = 0;
    std::size_t size = 0;          // bytes the header takes

    std::uint16_t document_ref() const {
        return static_cast<std::uint16_t>(feature_ref << 8 | type_category);
    }
    // Signer identifier and certificate reference with leading zeros removed,
    // upper case: "DETS" + "00027" -> "DETS27".
    std::string signer_cert_ref() const;
};

struct Feature {
    std::uint8_t tag = 0;
    std::vector<std::uint8_t> value;
};

struct Seal {
    Header header;
    std::vector<Feature> features;        // message zone, in order
    std::size_t signed_size = 0;          // header + message zone
    std::vector<std::uint8_t> signature;  // raw r||s; empty when absent
    bool has_signature = false;
};

// Splits a seal into its zones. Every length is checked against the input.
// Error MalformedPayload (or Unsupported for other header versions) with a
// message free of personal data.
Error ParseSeal(const std::vector<std::uint8_t>& bytes, Seal& seal);

// Removes leading '0's and upper-cases; "0" stays "0", "" stays "".
std::string StripLeadingZeros(const std::string& hex);

}  // namespace docintake::vds
