#include "symemu/cli/replay_progress.h"

#include <unistd.h>

#include <cstdio>
#include <ostream>

namespace symemu::cli {

bool stderrIsTerminal() { return isatty(STDERR_FILENO) == 1; }

ReplayProgress::ReplayProgress(std::ostream& out, std::size_t total, bool terminal)
    : out_(out), total_(total), terminal_(terminal), start_(std::chrono::steady_clock::now()), lastDraw_(start_) {}

double ReplayProgress::elapsed() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

std::string ReplayProgress::barText(std::size_t done, std::size_t total, std::size_t errors, double elapsed,
                                    int width) {
  double fraction = total ? static_cast<double>(done) / static_cast<double>(total) : 1.0;
  int filled = static_cast<int>(fraction * width + 0.5);
  std::string bar = "[" + std::string(static_cast<std::size_t>(filled), '#') +
                    std::string(static_cast<std::size_t>(width - filled), '-') + "]";
  double rate = elapsed > 0 ? static_cast<double>(done) / elapsed : 0;
  char buf[160];
  if (rate > 0 && done < total) {
    double eta = static_cast<double>(total - done) / rate;
    std::snprintf(buf, sizeof buf, " %zu/%zu events  %.0f ev/s  ETA %.0fs  %zu errors", done, total, rate, eta, errors);
  } else {
    std::snprintf(buf, sizeof buf, " %zu/%zu events  %.0f ev/s  %zu errors", done, total, rate, errors);
  }
  return bar + buf;
}

void ReplayProgress::update(std::size_t done, std::size_t errors) {
  if (terminal_) {
    auto now = std::chrono::steady_clock::now();
    if (barShown_ && now - lastDraw_ < std::chrono::milliseconds(100) && done < total_) return;
    lastDraw_ = now;
    out_ << "\r\x1b[K" << barText(done, total_, errors, elapsed()) << std::flush;
    barShown_ = true;
    return;
  }
  if (total_ < 100) return;  // short replays need no progress lines, only the summary
  int decile = static_cast<int>(done * 10 / total_);
  if (decile <= lastDecile_) return;
  lastDecile_ = decile;
  out_ << "replay: " << done << "/" << total_ << " events (" << decile * 10 << "%), " << errors << " errors"
       << std::endl;
}

void ReplayProgress::finish(std::size_t done, std::size_t errors) {
  if (terminal_) {
    if (barShown_ || total_) out_ << "\r\x1b[K" << barText(done, total_, errors, elapsed()) << "\n" << std::flush;
    barShown_ = false;
  }
}

void ReplayProgress::message(const std::string& line) {
  if (terminal_ && barShown_) out_ << "\r\x1b[K";
  out_ << line << std::endl;
  barShown_ = false;
}

}  // namespace symemu::cli
