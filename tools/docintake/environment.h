#pragma once
// The environment variables the CLI honours. The library reads none (which model
// or executable gets loaded is its caller's explicit choice, docs/embedding.md);
// the CLI, a program its user starts, passes them on as options.
//   DOCINTAKE_MODEL_DIR        folder with <model>.traineddata (when --model-dir is not given)
//   DOCINTAKE_BARCODE_WORKER   the docintake-barcode-worker executable

#include <cstdlib>
#include <string>

namespace docintake::cli {

inline std::string FromEnvironment(const char* name) {
    const char* value = std::getenv(name);
    return value ? std::string(value) : std::string();
}

inline std::string ModelDirFromEnvironment() { return FromEnvironment("DOCINTAKE_MODEL_DIR"); }
inline std::string BarcodeWorkerFromEnvironment() { return FromEnvironment("DOCINTAKE_BARCODE_WORKER"); }

}  // namespace docintake::cli
