#include "symemu/cli/args.h"

namespace symemu::cli {

Args::Args(const std::string& command, const std::vector<std::string>& argv, const std::set<std::string>& valueOptions,
           const std::set<std::string>& flagOptions)
    : command_(command) {
  for (std::size_t i = 0; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (a == "-h" || a == "--help") {
      help_ = true;
      continue;
    }
    if (a.rfind("--", 0) != 0 || a == "--") {
      positionals_.push_back(a);
      continue;
    }
    std::string name = a.substr(2), value;
    bool inlineValue = false;
    if (auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      inlineValue = true;
    }
    if (flagOptions.count(name)) {
      if (inlineValue) throw UsageError(command_ + ": option --" + name + " takes no value");
      flags_.insert(name);
    } else if (valueOptions.count(name)) {
      if (!inlineValue) {
        if (i + 1 >= argv.size()) throw UsageError(command_ + ": option --" + name + " needs a value");
        value = argv[++i];
      }
      values_[name] = value;
      allValues_.emplace_back(name, value);
    } else {
      throw UsageError(command_ + ": unknown option --" + name + " (see symemu " + command_ + " --help)");
    }
  }
}

std::optional<std::string> Args::value(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

std::vector<std::string> Args::values(const std::string& name) const {
  std::vector<std::string> out;
  for (const auto& [n, v] : allValues_)
    if (n == name) out.push_back(v);
  return out;
}

std::string Args::value(const std::string& name, const std::string& fallback) const {
  return value(name).value_or(fallback);
}

int Args::intValue(const std::string& name, int fallback) const {
  auto v = value(name);
  if (!v) return fallback;
  try {
    std::size_t used = 0;
    int n = std::stoi(*v, &used);
    if (used != v->size()) throw std::invalid_argument("trailing");
    return n;
  } catch (const std::exception&) {
    throw UsageError(command_ + ": option --" + name + " needs a whole number, got '" + *v + "'");
  }
}

}  // namespace symemu::cli
