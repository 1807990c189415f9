#pragma once
// JSON for MRZ results, as `docintake parse` and `docintake read` print them.

#include <nlohmann/json.hpp>

#include "docintake/mrz.h"
#include "docintake/mrz_correct.h"

namespace docintake {

// {format, valid, document_code, issuing_state, surname, given_names, document_number,
//  nationality, birth_date, sex, expiry_date, optional_data, checks{name: bool},
//  warnings[], invalid_fields[], lines[], ...}. Unknown dates are null.
nlohmann::json ToJson(const Mrz& mrz);

// The MRZ object plus {status, confidence, corrections[], uncertain[]}.
nlohmann::json ToJson(const MrzCorrectionResult& reading);

}  // namespace docintake
