#pragma once
// The Python API of symemu.Kernel, bound in parts (one file per area of the kernel).
#include <pybind11/pybind11.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "symemu/kernel/hook.h"

#include "py_kernel.h"

namespace symemu::python {

using PyKernelClass = py::class_<PyKernel>;

// What Kernel.http_request() returns (bound as symemu.HttpResponse).
struct PyHttpResponse {
  explicit PyHttpResponse(const HookResponse& response);
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::optional<std::string> header(const std::string& name) const;  // case-insensitive, last wins
};

// The options of Kernel()'s arguments (checked: TypeError for a bad seed or libraries).
PyKernelOptions pyKernelOptions(py::object db, py::object seed, const std::string& clock, py::object libraries,
                                bool defaultLibraries, std::optional<double> clockStart, bool network);

// Places a new object the way scripts do right after IPS_Create*: parent, name, ident. If any of
// them is refused the new object is removed again, so a failed call leaves the tree unchanged.
void placeNewObject(Kernel& k, int id, int parentId, const std::optional<std::string>& name,
                    const std::optional<std::string>& ident, const std::function<void(int)>& remove);

void bindLifecycle(PyKernelClass& cls);                // construction, close, commit, clock, snapshot, tree
void bindObjects(PyKernelClass& cls);                  // object tree
void bindVariables(PyKernelClass& cls);                // variables and profiles
void bindInstances(PyKernelClass& cls);                // modules, instances, configuration, functions
void bindMessages(PyKernelClass& cls);                 // messages, log and debug capture
void bindTraffic(py::module_& m, PyKernelClass& cls);  // mqtt_publish, http_request, default chains
void bindAttributes(PyKernelClass& cls);               // module attributes
void bindReplay(PyKernelClass& cls);                   // fixtures played into this kernel
void bindServe(py::module_& m);                        // _serve: a real-clock kernel with listeners
void bindPhp(py::module_& m);                          // set_php_limits (the PHP host)

}  // namespace symemu::python
