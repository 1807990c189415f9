#pragma once
// Confinement of the decoding worker (see docs/barcode-safety.md).

#include <cstddef>

namespace docintake::barcode::worker {

// Closes inherited descriptors above 2 and sets the resource limits (address
// space, no core, CPU backstop, no files, no fork), no-new-privileges and
// not-dumpable. False when a limit could not be set.
bool RestrictResources(std::size_t memory_mb);

// Installs the system-call filter (x86-64); afterwards no file, socket or
// process can be opened or created. Call after everything is initialised.
bool LockDown();

}  // namespace docintake::barcode::worker
