#pragma once
// The one way a model is handed to Tesseract, shared by the library and the model
// probe program (probe/main.cpp), so that the probe vets exactly the load the host
// then makes.

#include <string>

#include <tesseract/baseapi.h>

namespace docintake::ocr {

// Loads `model` (a .traineddata's bytes) into `api` from memory, LSTM only, no
// dictionaries (they do nothing for MRZ text and cost load time). Tesseract is
// given a file reader that refuses every file: a model it cannot use from memory
// is not looked for on disk (it would try "<name>/<name>.traineddata" relative to
// the working directory). True when Tesseract's Init succeeded.
bool InitTesseractFromMemory(tesseract::TessBaseAPI& api, const std::string& model, const std::string& model_name);

}  // namespace docintake::ocr
