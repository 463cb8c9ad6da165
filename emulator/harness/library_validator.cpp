#include "symemu/harness/library_validator.h"

#include <Poco/File.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Path.h>

#include <algorithm>
#include <fstream>
#include <limits>
#include <map>
#include <regex>
#include <set>
#include <sstream>

namespace symemu::harness {

using Poco::Dynamic::Var;
using Poco::JSON::Array;
using Poco::JSON::Object;

std::string ValidationProblem::text() const { return file + ": " + (key.empty() ? "" : key + ": ") + message; }

bool isValidGuid(const std::string& s) {
  static const std::regex re(R"(^\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}$)");
  return std::regex_match(s, re);
}

bool isValidName(const std::string& s) {
  static const std::regex re(R"(^[A-Za-z0-9](?:[A-Za-z0-9 _]*[A-Za-z0-9])?$)");
  return std::regex_match(s, re);
}

bool isValidPrefix(const std::string& s) {
  static const std::regex re(R"(^[A-Z0-9]+$)");
  return std::regex_match(s, re);
}

bool isValidUrl(const std::string& s) { return s.empty() || s.rfind("http://", 0) == 0 || s.rfind("https://", 0) == 0; }

bool isIgnoredFolder(const std::string& name) {
  static const std::set<std::string> ignored = {"libs", "docs", "imgs", "tests", "actions", "common"};
  return name.empty() || name[0] == '.' || ignored.count(name) != 0;
}

namespace {

// Element types of the configuration form (docs/symcon-kernel.md §10.1 and Symcon's form docs).
const std::set<std::string>& knownElementTypes() {
  static const std::set<std::string> types = {"Button",
                                              "CheckBox",
                                              "ColumnLayout",
                                              "Configurator",
                                              "ExpansionPanel",
                                              "HorizontalSlider",
                                              "Image",
                                              "IntervalBox",
                                              "Label",
                                              "List",
                                              "NumberSpinner",
                                              "OpenObjectButton",
                                              "PasswordTextBox",
                                              "PopupAlert",
                                              "PopupButton",
                                              "ProgressBar",
                                              "RowLayout",
                                              "Select",
                                              "SelectAction",
                                              "SelectAssociation",
                                              "SelectCategory",
                                              "SelectColor",
                                              "SelectDate",
                                              "SelectDateTime",
                                              "SelectEvent",
                                              "SelectFile",
                                              "SelectIcon",
                                              "SelectInstance",
                                              "SelectLink",
                                              "SelectLocation",
                                              "SelectMedia",
                                              "SelectModule",
                                              "SelectObject",
                                              "SelectProfile",
                                              "SelectScript",
                                              "SelectTime",
                                              "SelectValue",
                                              "SelectVariable",
                                              "TestCenter",
                                              "Tree",
                                              "ValidationTextBox",
                                              "ChartJS"};
  return types;
}

bool isString(const Var& v) { return v.isString(); }
bool isInt(const Var& v) { return v.isInteger() && !v.isBoolean(); }
// An integer JSON value as long long; one beyond that range (Poco keeps it as UInt64 and
// refuses to convert it) reads as LLONG_MAX, which is outside every range checked here.
long long intValue(const Var& v) {
  try {
    return v.convert<long long>();
  } catch (const Poco::RangeException&) {
    return std::numeric_limits<long long>::max();
  }
}
bool isArray(const Var& v) { return v.type() == typeid(Array::Ptr); }
bool isObject(const Var& v) { return v.type() == typeid(Object::Ptr); }

const char* typeNameOf(const Var& v) {
  if (v.isEmpty()) return "null";
  if (v.isBoolean()) return "a boolean";
  if (v.isInteger()) return "an integer";
  if (v.isNumeric()) return "a number";
  if (v.isString()) return "a string";
  if (isArray(v)) return "an array";
  if (isObject(v)) return "an object";
  return "something else";
}

class Checker {
 public:
  explicit Checker(ValidationResult& result) : r_(result) {}

  void problem(const std::string& file, const std::string& key, const std::string& message) {
    r_.problems.push_back({file, key, message});
  }

  // Parses a JSON object file; reports and returns null when it is not one.
  Object::Ptr load(const std::string& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      problem(file, "", "cannot be read");
      return nullptr;
    }
    std::stringstream ss;
    ss << in.rdbuf();
    try {
      Poco::JSON::Parser parser;
      Var v = parser.parse(ss.str());
      if (!isObject(v)) {
        problem(file, "", "must be a JSON object");
        return nullptr;
      }
      return v.extract<Object::Ptr>();
    } catch (const Poco::Exception& e) {
      problem(file, "", "is not valid JSON: " + e.message());
      return nullptr;
    }
  }

  // The key exists and has the wanted kind; otherwise one problem naming it.
  bool require(const std::string& file, const Object::Ptr& o, const std::string& key, bool (*ok)(const Var&),
               const char* wanted) {
    if (!o->has(key)) {
      problem(file, key, "is missing");
      return false;
    }
    Var v = o->get(key);
    if (!ok(v)) {
      problem(file, key, std::string("must be ") + wanted + ", not " + typeNameOf(v));
      return false;
    }
    return true;
  }

  void guidArray(const std::string& file, const Object::Ptr& o, const std::string& key) {
    if (!require(file, o, key, isArray, "an array of GUIDs")) return;
    auto a = o->getArray(key);
    for (std::size_t i = 0; i < a->size(); ++i) {
      Var v = a->get(i);
      std::string k = key + "[" + std::to_string(i) + "]";
      if (!isString(v))
        problem(file, k, std::string("must be a GUID string, not ") + typeNameOf(v));
      else if (!isValidGuid(v.extract<std::string>()))
        problem(
            file, k,
            "'" + v.extract<std::string>() + "' is not a GUID {XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX} (upper-case hex)");
    }
  }

  void unknownKeys(const std::string& file, const Object::Ptr& o, const std::set<std::string>& allowed) {
    for (const auto& [key, value] : *o)
      if (!allowed.count(key)) problem(file, key, "is not a known key");
  }

  void library(const std::string& file) {
    auto o = load(file);
    if (!o) return;
    if (require(file, o, "id", isString, "a string") && !isValidGuid(o->getValue<std::string>("id")))
      problem(file, "id",
              "'" + o->getValue<std::string>("id") +
                  "' is not a GUID {XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX} (upper-case hex)");
    require(file, o, "author", isString, "a string");
    if (require(file, o, "name", isString, "a string") && !isValidName(o->getValue<std::string>("name")))
      problem(file, "name",
              "'" + o->getValue<std::string>("name") +
                  "' may only use A-Z a-z 0-9 space _ and must not start or end with space or _");
    if (require(file, o, "url", isString, "a string") && !isValidUrl(o->getValue<std::string>("url")))
      problem(file, "url", "must start with http:// or https:// (or be empty)");
    require(file, o, "version", isString, "a string");
    require(file, o, "build", isInt, "an integer");
    require(file, o, "date", isInt, "an integer (Unix time)");
    if (o->has("compatibility")) {
      if (require(file, o, "compatibility", isObject, "an object")) {
        auto c = o->getObject("compatibility");
        if (c->has("version") && !isString(c->get("version")))
          problem(file, "compatibility.version", "must be a string");
        if (c->has("date") && !isInt(c->get("date")))
          problem(file, "compatibility.date", "must be an integer (Unix time)");
        for (const auto& [key, value] : *c)
          if (key != "version" && key != "date") problem(file, "compatibility." + key, "is not a known key");
      }
    }
    unknownKeys(file, o, {"id", "author", "name", "url", "version", "build", "date", "compatibility"});
    if (o->has("id") && isString(o->get("id"))) libraryId_ = o->getValue<std::string>("id");
  }

  void module(const std::string& file) {
    auto o = load(file);
    if (!o) return;
    if (require(file, o, "id", isString, "a string")) {
      std::string id = o->getValue<std::string>("id");
      if (!isValidGuid(id))
        problem(file, "id", "'" + id + "' is not a GUID {XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX} (upper-case hex)");
      else if (id == libraryId_)
        problem(file, "id", "is the library's own GUID");
      else if (auto seen = moduleIds_.find(id); seen != moduleIds_.end())
        problem(file, "id", "is also the id of " + seen->second);
      else
        moduleIds_[id] = file;
    }
    if (require(file, o, "name", isString, "a string")) {
      std::string name = o->getValue<std::string>("name");
      if (!isValidName(name))
        problem(file, "name",
                "'" + name + "' may only use A-Z a-z 0-9 space _ and must not start or end with space or _");
    }
    if (require(file, o, "type", isInt, "an integer 0..5")) {
      long long type = intValue(o->get("type"));
      if (type < 0 || type > 5)
        problem(file, "type",
                o->get("type").toString() +
                    " is not a module type (0 core, 1 I/O, 2 splitter, 3 device, 4 configurator, 5 discovery)");
    }
    require(file, o, "vendor", isString, "a string");
    if (require(file, o, "aliases", isArray, "an array of strings")) {
      auto a = o->getArray("aliases");
      for (std::size_t i = 0; i < a->size(); ++i)
        if (!isString(a->get(i))) problem(file, "aliases[" + std::to_string(i) + "]", "must be a string");
    }
    if (require(file, o, "url", isString, "a string") && !isValidUrl(o->getValue<std::string>("url")))
      problem(file, "url", "must start with http:// or https:// (or be empty)");
    guidArray(file, o, "parentRequirements");
    guidArray(file, o, "childRequirements");
    guidArray(file, o, "implemented");
    if (require(file, o, "prefix", isString, "a string") && !isValidPrefix(o->getValue<std::string>("prefix")))
      problem(file, "prefix", "'" + o->getValue<std::string>("prefix") + "' must match ^[A-Z0-9]+$");
    unknownKeys(file, o,
                {"id", "name", "type", "vendor", "aliases", "url", "parentRequirements", "childRequirements",
                 "implemented", "prefix"});
  }

  void elements(const std::string& file, const Var& list, const std::string& key) {
    if (!isArray(list)) {
      problem(file, key, std::string("must be an array of elements, not ") + typeNameOf(list));
      return;
    }
    auto a = list.extract<Array::Ptr>();
    for (std::size_t i = 0; i < a->size(); ++i) element(file, a->get(i), key + "[" + std::to_string(i) + "]");
  }

  void element(const std::string& file, const Var& v, const std::string& key) {
    if (!isObject(v)) {
      problem(file, key, std::string("must be an object, not ") + typeNameOf(v));
      return;
    }
    auto e = v.extract<Object::Ptr>();
    if (!e->has("type")) {
      problem(file, key + ".type", "is missing");
    } else if (!isString(e->get("type"))) {
      problem(file, key + ".type", "must be a string");
    } else if (!knownElementTypes().count(e->getValue<std::string>("type"))) {
      problem(file, key + ".type", "'" + e->getValue<std::string>("type") + "' is not a known element type");
    }
    for (const char* text : {"name", "caption", "label", "onClick", "onChange"})
      if (e->has(text) && !isString(e->get(text))) problem(file, key + "." + text, "must be a string");
    if (e->has("items")) elements(file, e->get("items"), key + ".items");
    if (e->has("popup")) {
      Var p = e->get("popup");
      if (!isObject(p))
        problem(file, key + ".popup", "must be an object");
      else if (p.extract<Object::Ptr>()->has("items"))
        elements(file, p.extract<Object::Ptr>()->get("items"), key + ".popup.items");
    }
    if (e->has("columns")) {
      Var c = e->get("columns");
      if (!isArray(c)) {
        problem(file, key + ".columns", "must be an array");
      } else {
        auto cols = c.extract<Array::Ptr>();
        for (std::size_t i = 0; i < cols->size(); ++i) {
          std::string ck = key + ".columns[" + std::to_string(i) + "]";
          if (!isObject(cols->get(i))) {
            problem(file, ck, "must be an object");
            continue;
          }
          auto col = cols->get(i).extract<Object::Ptr>();
          if (col->has("edit")) element(file, col->get("edit"), ck + ".edit");
        }
      }
    }
  }

  void form(const std::string& file) {
    auto o = load(file);
    if (!o) return;
    unknownKeys(file, o, {"elements", "actions", "status", "translations"});
    if (o->has("elements")) elements(file, o->get("elements"), "elements");
    if (o->has("actions")) elements(file, o->get("actions"), "actions");
    if (!o->has("status")) return;
    Var s = o->get("status");
    if (!isArray(s)) {
      problem(file, "status", std::string("must be an array, not ") + typeNameOf(s));
      return;
    }
    auto a = s.extract<Array::Ptr>();
    std::set<long long> codes;
    for (std::size_t i = 0; i < a->size(); ++i) {
      std::string key = "status[" + std::to_string(i) + "]";
      if (!isObject(a->get(i))) {
        problem(file, key, "must be an object {code, icon, caption}");
        continue;
      }
      auto st = a->get(i).extract<Object::Ptr>();
      if (!st->has("code") || !isInt(st->get("code"))) {
        problem(file, key + ".code", "must be an integer");
      } else {
        long long code = intValue(st->get("code"));
        if (!(code >= 101 && code <= 106) && code < 200)
          problem(file, key + ".code",
                  std::to_string(code) + " is neither a kernel status (101..106) nor a module error status (>= 200)");
        if (!codes.insert(code).second) problem(file, key + ".code", std::to_string(code) + " is listed twice");
      }
      static const std::set<std::string> icons = {"active", "inactive", "error"};
      if (!st->has("icon") || !isString(st->get("icon")) || !icons.count(st->getValue<std::string>("icon")))
        problem(file, key + ".icon", "must be \"active\", \"inactive\" or \"error\"");
      if (!st->has("caption") || !isString(st->get("caption"))) problem(file, key + ".caption", "must be a string");
    }
  }

 private:
  ValidationResult& r_;
  std::string libraryId_;
  std::map<std::string, std::string> moduleIds_;
};

std::string join(const std::string& dir, const std::string& name) {
  Poco::Path p(dir);
  p.makeDirectory();
  p.setFileName(name);
  return p.toString();
}

}  // namespace

ValidationResult validateLibrary(const std::string& dir) {
  ValidationResult r;
  Checker check(r);
  Poco::File root(dir);
  if (!root.exists() || !root.isDirectory()) {
    check.problem(dir, "", "is not a folder");
    return r;
  }
  std::string libFile = join(dir, "library.json");
  if (!Poco::File(libFile).exists())
    check.problem(libFile, "", "is missing (a library folder has library.json at its top)");
  else
    check.library(libFile);

  std::vector<std::string> names;
  root.list(names);
  std::sort(names.begin(), names.end());
  for (const auto& name : names) {
    Poco::Path sub(dir);
    sub.makeDirectory();
    sub.pushDirectory(name);
    Poco::File f(sub);
    if (!f.isDirectory() || isIgnoredFolder(name)) continue;
    std::string folder = sub.toString();
    std::string moduleFile = join(folder, "module.json");
    if (!Poco::File(moduleFile).exists()) {
      // Source folders are fine; a folder with module files but no module.json is not.
      for (const char* marker : {"form.json", "locale.json", "module.php"})
        if (Poco::File(join(folder, marker)).exists()) {
          check.problem(moduleFile, "", std::string("is missing (the folder has ") + marker + ")");
          break;
        }
      continue;
    }
    r.modules.push_back(folder);
    check.module(moduleFile);
    std::string formFile = join(folder, "form.json");
    if (Poco::File(formFile).exists()) check.form(formFile);
    std::string localeFile = join(folder, "locale.json");
    if (Poco::File(localeFile).exists()) check.load(localeFile);
  }
  return r;
}

}  // namespace symemu::harness
