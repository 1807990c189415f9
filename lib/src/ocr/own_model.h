#pragma once
// Recognising our own OCR model by its content: the SHA-256 of
// models/mrz.traineddata is recorded at build time (cmake/model_digest.cmake
// generates ocr/own_model_digest.h from the file, so a new model updates it). A
// model file with that digest is the one we built and tested, wherever it lies
// and whatever it is called, and is loaded without the probe.

#include <string>

namespace docintake::ocr {

// Lower-case hex SHA-256 of `bytes` (libsodium); empty if libsodium cannot start.
std::string Sha256Hex(const std::string& bytes);

// The digest recorded at build time for models/mrz.traineddata.
const char* OwnModelSha256();

bool IsOwnModel(const std::string& bytes);

}  // namespace docintake::ocr
