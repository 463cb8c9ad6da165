#pragma once
// Where symemu's data files (the built-in libraries' library.json, module.json, form.json, and the
// web console's files) are at run time: found relative to the binary, never a source path compiled
// in. The build copies them to <build>/share/symemu, `cmake --install` to <prefix>/share/symemu;
// the executables sit in bin/ and the Python module in python/symemu/ (build) beside share/.
// Threads: any; the result is computed once. Errors: KernelError naming where it looked.
#include <string>

namespace symemu {

// <data>: the share/symemu folder (the first above the binary that holds libraries/);
// SYMEMU_DATA_DIR=<data> overrides the search.
std::string dataDirectory();

// <data>/libraries.
std::string librariesDirectory();

}  // namespace symemu
