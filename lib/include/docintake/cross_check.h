#pragma once
// Does a seal read from a document say what the document's MRZ says?
//
//   auto mismatches = docintake::CrossCheck(mrz, barcodes);
//   if (!mismatches.empty()) flag_for_officer(mismatches);
//
// Only seals (VDS, VDS-NC) are compared: they are issued for the document that
// carries them (or for the travel document they name). Driving-licence PDF417s
// and plain text symbols are never compared: their numbers are not the MRZ's.

#include <cstddef>
#include <string>
#include <vector>

#include "docintake/barcode.h"
#include "docintake/mrz.h"

namespace docintake {

struct BarcodeMismatch {
    std::size_t barcode_index = 0;  // into the vector given to CrossCheck
    std::string field;              // "document_number", "birth_date", "expiry_date", "surname",
                                    // "given_names", "nationality", "sex", "mrz"
    std::string mrz_value;          // as the MRZ has it
    std::string barcode_value;      // as the seal has it
};

// Compares every field both sides carry. Names are compared after folding '<'
// and runs of spaces; a name the MRZ had to truncate matches a longer one that
// starts with it. Dates are compared only when both are complete. A seal's
// embedded MRZ is compared line 1 in full and line 2 over its first 28
// characters (what visa seals keep).
std::vector<BarcodeMismatch> CrossCheck(const Mrz& mrz, const std::vector<BarcodeRead>& barcodes);

}  // namespace docintake
