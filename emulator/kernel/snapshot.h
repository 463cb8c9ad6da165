#pragma once
// Views of the object tree: a canonical JSON snapshot keyed by object path (stable, no raw IDs,
// byte-identical for the same input) and an indented tree for people.
#include <string>

namespace symemu {

class Kernel;

struct SnapshotOptions {
  bool times = true;  // include variables' updated/changed times
};

std::string snapshotJson(const Kernel& kernel, const SnapshotOptions& options = {});
std::string treeText(const Kernel& kernel);

}  // namespace symemu
