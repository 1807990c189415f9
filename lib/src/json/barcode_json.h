#pragma once
// JSON for barcodes, as `docintake read` (its `barcodes` and `cross_check`) and
// `docintake decode-barcode` print them.

#include <nlohmann/json.hpp>

#include "docintake/barcode.h"
#include "docintake/cross_check.h"

namespace docintake {

// {format, kind, document_type, fields{}, signature, signer, warnings[], raw,
//  raw_encoding ("text" or "base64"), error (null or {code, message})}.
// `raw` is the payload as text when it is valid UTF-8 and not a binary seal,
// otherwise base64. Every string is valid UTF-8 (invalid bytes become U+FFFD).
nlohmann::json ToJson(const DecodedPayload& payload, BarcodeFormat format, const std::vector<std::uint8_t>& bytes);

// The above plus quad [x0,y0,..,x3,y3].
nlohmann::json ToJson(const BarcodeRead& read);

// [{barcode, field, mrz, barcode_value}, ...]
nlohmann::json ToJson(const std::vector<BarcodeMismatch>& mismatches);

// Adds what the barcode reader found to a frame's JSON object (as `docintake
// read` prints it): `barcodes` (one entry per symbol), `barcode_error` (null or
// {code, message}) and `cross_check` (mismatches against `mrz`; empty when there
// is no MRZ).
void AddBarcodes(nlohmann::json& frame, const BarcodeReadResult& barcodes, const Mrz* mrz);

// Standard base64 with padding.
std::string Base64(const std::vector<std::uint8_t>& bytes);

}  // namespace docintake
