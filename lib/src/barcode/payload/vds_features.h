#pragma once
// What the message zone of a binary VDS says, by document type.

#include <string>
#include <vector>

#include "barcode/payload/vds_format.h"
#include "docintake/barcode.h"

namespace docintake::vds {

struct Interpretation {
    std::string document_type;  // "arrival_attestation", ..., "unknown"
    Fields fields;
    std::vector<std::string> warnings;
};

// Header fields, then the features of a known document type under the MRZ's
// field names (an MRZ feature is parsed with ParseMrz). Unknown document types
// and unknown tags give raw hex fields "feature_<tag>" only. A known feature that
// breaks its coding or length gives MalformedPayload.
Error InterpretSeal(const Seal& seal, const PayloadOptions& options, Interpretation& out);

}  // namespace docintake::vds
