#pragma once
// The one clock every timestamp and timer in the kernel reads (docs/architecture.md §2):
// real in `serve`, manual in tests where only advance() moves it.
#include <atomic>
#include <memory>
#include <string>

namespace symemu {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual double now() const = 0;  // Unix time in seconds, with fraction
  virtual bool isManual() const = 0;
};

class RealClock : public Clock {
 public:
  double now() const override;
  bool isManual() const override { return false; }
};

class ManualClock : public Clock {
 public:
  explicit ManualClock(double start) : now_(start) {}
  double now() const override { return now_.load(); }
  bool isManual() const override { return true; }
  void set(double t) { now_.store(t); }

 private:
  std::atomic<double> now_;
};

// "real" or "manual"; a manual clock starts at `start` (Unix seconds).
std::unique_ptr<Clock> makeClock(const std::string& mode, double start);

}  // namespace symemu
