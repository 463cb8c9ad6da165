#pragma once
// Appends inbound traffic to a fixture (JSON Lines, see README "Fixtures"): a header line when
// the file is new, then one event per MQTT PUBLISH or webhook request with its time offset.
// Basic-auth passwords are never written; the user name is kept.
// Threads: mqtt()/http() may be called from any thread (the observers run on network and kernel
// threads); lines are written whole under a mutex and flushed at once. Owned by a ServeSession.
// Errors: the constructor throws KernelError when the file cannot be opened.
#include <fstream>
#include <mutex>
#include <string>

#include "symemu/kernel/hook.h"

namespace symemu {
class Kernel;
}

namespace symemu::harness {

class FixtureRecorder {
 public:
  FixtureRecorder(const std::string& path, const Kernel& kernel,
                  const std::string& description = "recorded by symemu serve");
  void mqtt(const std::string& clientId, const std::string& topic, const std::string& payload, int qos, bool retain);
  void http(const HookRequest& request);
  void flush();

 private:
  void write(const std::string& line);
  double offset() const;

  std::ofstream out_;
  const Kernel& kernel_;
  double start_;
  std::mutex mutex_;
};

}  // namespace symemu::harness
