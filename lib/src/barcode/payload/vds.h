#pragma once
// ICAO Visible Digital Seals: the binary VDS of Doc 9303-13 / BSI TR-03137
// (DataMatrix, magic 0xDC) and VDS-NC (JSON in a QR code). Called by the payload
// dispatcher; safe on any input, never throws.

#include <cstdint>
#include <string_view>
#include <vector>

#include "docintake/barcode.h"

namespace docintake {

// A binary seal starting with 0xDC. kind VDS on success; on a broken seal kind
// Binary with error MalformedPayload (or Unsupported for unknown header versions)
// and no fields.
DecodedPayload DecodeVds(const std::vector<std::uint8_t>& bytes, const PayloadOptions& options);

// A VDS-NC JSON text ({"data":{"hdr":..,"msg":..},"sig":{"alg","cer","sigvl"}}).
// kind VDSNC on success; JSON that is not a VDS-NC gives kind Text with error
// MalformedPayload and no fields.
DecodedPayload DecodeVdsNc(std::string_view json, const PayloadOptions& options);

// Cheap test for the dispatcher: a JSON object text with "data" and "sig" members
// (looked for as keys, without parsing). Decide with DecodeVdsNc.
bool LooksLikeVdsNc(std::string_view text);

}  // namespace docintake
