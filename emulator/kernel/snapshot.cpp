#include "symemu/kernel/snapshot.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <map>

#include "symemu/kernel/json_value.h"
#include "symemu/kernel/kernel.h"

namespace symemu {

namespace {

const char* objectTypeName(ObjectType t) {
  switch (t) {
    case ObjectType::Category:
      return "category";
    case ObjectType::Instance:
      return "instance";
    case ObjectType::Variable:
      return "variable";
    case ObjectType::Script:
      return "script";
    case ObjectType::Event:
      return "event";
    case ObjectType::Media:
      return "media";
    case ObjectType::Link:
      return "link";
  }
  return "object";
}

// Numbers print the same on every run and platform: integers plainly, floats as the shortest
// text that reads back to the same double.
std::string canonicalScalar(const Value& v) {
  if (v.index() == 2) {
    double d = std::get<double>(v);
    if (!std::isfinite(d)) return "null";
    char buf[40];
    for (int p = 1; p <= 17; ++p) {
      std::snprintf(buf, sizeof buf, "%.*g", p, d);
      if (std::strtod(buf, nullptr) == d) break;
    }
    std::string s = buf;
    if (s.find_first_of(".en") == std::string::npos) s += ".0";  // keep floats recognisable
    return s;
  }
  if (v.index() == 0) return std::get<bool>(v) ? "true" : "false";
  if (v.index() == 1) return std::to_string(std::get<std::int64_t>(v));
  return jsonQuote(std::get<std::string>(v));
}

// Unique path keys: a second sibling with the same name gets "[2]", a third "[3]", ...
std::map<int, std::string> pathKeys(const Kernel& k) {
  std::map<int, std::string> keys;
  std::function<void(int, const std::string&)> walk = [&](int parent, const std::string& prefix) {
    std::map<std::string, int> seen;
    for (int child : k.getChildrenIds(parent)) {
      std::string name;
      for (char c : k.getObject(child).name) {
        if (c == '/' || c == '\\') name.push_back('\\');
        name.push_back(c);
      }
      int n = ++seen[name];
      if (n > 1) name += "[" + std::to_string(n) + "]";
      std::string key = prefix.empty() ? name : prefix + "/" + name;
      keys[child] = key;
      walk(child, key);
    }
  };
  walk(0, "");
  return keys;
}

}  // namespace

std::string snapshotJson(const Kernel& k, const SnapshotOptions& options) {
  auto keys = pathKeys(k);
  std::map<std::string, int> byPath;
  for (const auto& [id, key] : keys) byPath[key] = id;
  std::string out = "{";
  bool first = true;
  for (const auto& [path, id] : byPath) {
    const auto& o = k.getObject(id);
    std::map<std::string, std::string> fields;  // sorted keys
    fields["type"] = jsonQuote(objectTypeName(o.type));
    fields["ident"] = jsonQuote(o.ident);
    if (o.type == ObjectType::Variable) {
      const auto& v = k.getVariable(id);
      fields["variableType"] = std::to_string(static_cast<int>(v.type));
      fields["value"] = canonicalScalar(v.value);
      fields["profile"] = jsonQuote(v.customProfile.empty() ? v.profile : v.customProfile);
      if (options.times) {
        fields["updated"] = std::to_string(v.updated);
        fields["changed"] = std::to_string(v.changed);
      }
    } else if (o.type == ObjectType::Instance) {
      const auto& rec = k.getInstance(id);
      fields["module"] = jsonQuote(rec.info->name);
      fields["status"] = std::to_string(rec.status);
      std::string props = "{";
      std::map<std::string, Value> sorted;
      for (const auto& [name, p] : rec.properties) sorted[name] = p.applied;
      bool firstProp = true;
      for (const auto& [name, value] : sorted) {
        props += std::string(firstProp ? "" : ",") + "\n      " + jsonQuote(name) + ": " + canonicalScalar(value);
        firstProp = false;
      }
      props += sorted.empty() ? "}" : "\n    }";
      fields["properties"] = props;
      fields["parent"] = rec.connectionId && keys.count(rec.connectionId) ? jsonQuote(keys[rec.connectionId]) : "null";
    }
    out += std::string(first ? "" : ",") + "\n  " + jsonQuote(path) + ": {";
    bool firstField = true;
    for (const auto& [name, text] : fields) {
      out += std::string(firstField ? "" : ",") + "\n    " + jsonQuote(name) + ": " + text;
      firstField = false;
    }
    out += "\n  }";
    first = false;
  }
  out += byPath.empty() ? "}\n" : "\n}\n";
  return out;
}

std::string treeText(const Kernel& k) {
  std::string out = k.getObject(0).name + "\n";
  std::function<void(int, int)> walk = [&](int parent, int depth) {
    std::vector<int> kids = k.getChildrenIds(parent);
    std::stable_sort(kids.begin(), kids.end(), [&](int a, int b) {
      const auto &oa = k.getObject(a), &ob = k.getObject(b);
      return oa.position != ob.position ? oa.position < ob.position : oa.name < ob.name;
    });
    for (int id : kids) {
      const auto& o = k.getObject(id);
      std::string line(static_cast<std::size_t>(depth) * 2, ' ');
      line += o.name;
      if (o.type == ObjectType::Variable)
        line += " = " + k.getValueFormatted(id);
      else if (o.type == ObjectType::Instance) {
        const auto& rec = k.getInstance(id);
        line += "  [" + rec.info->name + ", status " + std::to_string(rec.status) + "]";
      }
      out += line + "\n";
      walk(id, depth + 1);
    }
  };
  walk(0, 1);
  return out;
}

}  // namespace symemu
