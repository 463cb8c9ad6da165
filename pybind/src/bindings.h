#pragma once
// The Python API of symemu.Kernel, bound in parts (one file per area of the kernel).
#include <pybind11/pybind11.h>

#include <functional>
#include <optional>
#include <string>

#include "py_kernel.h"

namespace symemu::python {

using PyKernelClass = py::class_<PyKernel>;

// Places a new object the way scripts do right after IPS_Create*: parent, name, ident. If any of
// them is refused the new object is removed again, so a failed call leaves the tree unchanged.
void placeNewObject(Kernel& k, int id, int parentId, const std::optional<std::string>& name,
                    const std::optional<std::string>& ident, const std::function<void(int)>& remove);

void bindLifecycle(PyKernelClass& cls);   // construction, close, commit, clock, snapshot, tree
void bindObjects(PyKernelClass& cls);     // object tree
void bindVariables(PyKernelClass& cls);   // variables and profiles
void bindInstances(PyKernelClass& cls);   // modules, instances, configuration, functions
void bindMessages(PyKernelClass& cls);    // messages, log and debug capture
void bindExtensionPoints(PyKernelClass& cls);  // network-facing calls still to come

}  // namespace symemu::python
