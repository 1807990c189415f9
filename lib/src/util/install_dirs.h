#pragma once
// Where an installed library finds what was installed beside it (the OCR model,
// the barcode worker): relative to the file that holds this code, so a package
// unpacked under any prefix works without a compiled-in path.

#include <string>

namespace docintake {

// The folder of the shared library or executable that contains this code
// (".../lib/" or ".../bin/", with the trailing slash); empty if unknown.
std::string CodeFileDir();

// CodeFileDir() + "../" + relative, e.g. "share/docintake/models"; empty if unknown.
std::string BesideInstalledCode(const std::string& relative);

// Where a helper program of ours (the barcode worker, the model probe) is: `configured`
// when given (empty if it is not executable, never a search), else the first executable
// of: beside the running executable (a build tree, the kiosk's folder), the installed
// library's libexec/docintake/, `compiled_in` (the configured install prefix; may be null).
std::string FindHelperProgram(const std::string& configured, const std::string& name, const char* compiled_in);

}  // namespace docintake
