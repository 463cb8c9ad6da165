#pragma once
// Checks a Symcon module library folder the way Symcon's validator does (docs/symcon-kernel.md §2.4,
// §2.5, §10.1): library.json, and each module folder's module.json and form.json.
#include <string>
#include <vector>

namespace symemu::harness {

struct ValidationProblem {
  std::string file;  // path of the JSON file
  std::string key;   // e.g. "prefix", "elements[2].type"; empty for the whole file
  std::string message;
  std::string text() const;  // "<file>: <key>: <message>"
};

struct ValidationResult {
  std::vector<ValidationProblem> problems;
  std::vector<std::string> modules;  // module folders checked
};

ValidationResult validateLibrary(const std::string& dir);

// The single checks, exposed for tests.
bool isValidGuid(const std::string& s);    // {XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}, upper-case hex
bool isValidName(const std::string& s);    // A-Z a-z 0-9 space _, no leading/trailing space or _
bool isValidPrefix(const std::string& s);  // ^[A-Z0-9]+$
bool isValidUrl(const std::string& s);     // http:// or https://, or empty

// Folders of a library that are never modules.
bool isIgnoredFolder(const std::string& name);

}  // namespace symemu::harness
