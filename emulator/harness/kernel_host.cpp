#include "symemu/harness/kernel_host.h"

namespace symemu::harness {

std::function<void(const LogEntry&)> LogProblems::sink() {
  return [this](const LogEntry& e) {
    if (e.type != msg::KL_ERROR && e.type != msg::KL_WARNING) return;
    std::lock_guard<std::mutex> lock(mutex_);
    problems_.push_back((e.sender.empty() ? std::string("kernel") : e.sender) + ": " + e.message);
  };
}

std::vector<std::string> LogProblems::take() {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<std::string> out;
  out.swap(problems_);
  return out;
}

}  // namespace symemu::harness
