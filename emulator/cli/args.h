#pragma once
// A small command-line parser: `--name value`, `--name=value`, `--flag`, and positionals.
// Unknown options are errors that name the option and the subcommand.
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace symemu::cli {

class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Args {
 public:
  // valueOptions take a value; flagOptions do not.
  Args(const std::string& command, const std::vector<std::string>& argv, const std::set<std::string>& valueOptions,
       const std::set<std::string>& flagOptions);
  bool flag(const std::string& name) const { return flags_.count(name) != 0; }
  std::optional<std::string> value(const std::string& name) const;  // the last one given
  std::vector<std::string> values(const std::string& name) const;   // every one, in order (repeatable)
  std::string value(const std::string& name, const std::string& fallback) const;
  int intValue(const std::string& name, int fallback) const;
  const std::vector<std::string>& positionals() const { return positionals_; }
  bool help() const { return help_; }

 private:
  std::string command_;
  std::map<std::string, std::string> values_;
  std::vector<std::pair<std::string, std::string>> allValues_;
  std::set<std::string> flags_;
  std::vector<std::string> positionals_;
  bool help_ = false;
};

}  // namespace symemu::cli
