#pragma once
// Tiny `--name value` / `--flag` option reader for the benchmark tools (no positionals).
#include <cstdlib>
#include <map>
#include <stdexcept>
#include <string>

namespace symemu::bench {

class BenchArgs {
 public:
  // `flags` lists options that take no value; everything else must be followed by one.
  BenchArgs(int argc, char** argv, std::initializer_list<const char*> flags = {}) {
    for (int i = 1; i < argc; ++i) {
      std::string a = argv[i];
      if (a.rfind("--", 0) != 0) throw std::invalid_argument("unexpected argument '" + a + "'");
      std::string name = a.substr(2);
      bool isFlag = false;
      for (const char* f : flags) isFlag |= name == f;
      if (isFlag) {
        values_[name] = "1";
      } else {
        if (i + 1 >= argc) throw std::invalid_argument("option --" + name + " needs a value");
        values_[name] = argv[++i];
      }
    }
  }
  bool has(const std::string& name) const { return values_.count(name) > 0; }
  std::string str(const std::string& name, const std::string& def) const {
    auto it = values_.find(name);
    return it == values_.end() ? def : it->second;
  }
  long long num(const std::string& name, long long def) const {
    auto it = values_.find(name);
    if (it == values_.end()) return def;
    char* end = nullptr;
    long long v = std::strtoll(it->second.c_str(), &end, 10);
    if (!end || *end)
      throw std::invalid_argument("option --" + name + " needs a whole number, got '" + it->second + "'");
    return v;
  }
  double real(const std::string& name, double def) const {
    auto it = values_.find(name);
    if (it == values_.end()) return def;
    char* end = nullptr;
    double v = std::strtod(it->second.c_str(), &end);
    if (!end || *end) throw std::invalid_argument("option --" + name + " needs a number, got '" + it->second + "'");
    return v;
  }

 private:
  std::map<std::string, std::string> values_;
};

}  // namespace symemu::bench
