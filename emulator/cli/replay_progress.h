#pragma once
// Progress of a replay on stderr: a redrawn bar with rate and ETA on a terminal, a plain line
// at every 10% otherwise (logs and CI output stay short).
#include <chrono>
#include <cstddef>
#include <iosfwd>
#include <string>

namespace symemu::cli {

class ReplayProgress {
 public:
  ReplayProgress(std::ostream& out, std::size_t total, bool terminal);
  void update(std::size_t done, std::size_t errors);
  void finish(std::size_t done, std::size_t errors);
  // Prints a message without tearing the bar (the bar is redrawn on the next update).
  void message(const std::string& line);

  // The bar text for `done` of `total` after `elapsed` seconds (exposed for tests).
  static std::string barText(std::size_t done, std::size_t total, std::size_t errors, double elapsed, int width = 30);

 private:
  double elapsed() const;
  std::ostream& out_;
  std::size_t total_;
  bool terminal_;
  bool barShown_ = false;
  int lastDecile_ = 0;
  std::chrono::steady_clock::time_point start_, lastDraw_;
};

// True when stderr is a terminal.
bool stderrIsTerminal();

}  // namespace symemu::cli
