// Per-instance timers on the kernel clock (docs/symcon-kernel.md §3.6).
#include <algorithm>
#include <cmath>

#include "symemu/kernel/clock.h"
#include "symemu/kernel/kernel.h"

namespace symemu {

std::int64_t Kernel::nowSeconds() const { return static_cast<std::int64_t>(std::floor(clock_->now())); }

void Kernel::scheduleTimer(int id, const std::string& ident, TimerRecord& t) {
  timerQueue_.push_back({t.due, ++timerSeq_, id, ident, t.generation});
  std::push_heap(timerQueue_.begin(), timerQueue_.end(), std::greater<>());
}

// Timer messages (TM_*) come from the instance that owns the timer, Data [ident, interval ms].
void Kernel::registerTimer(int id, const std::string& ident, std::int64_t intervalMs, std::function<void()> callback) {
  if (intervalMs < 0) throw KernelError("Timer interval must not be negative");
  const bool isNew = !instance(id).timers.count(ident);
  auto& t = instance(id).timers[ident];
  t.callback = std::move(callback);
  t.once = false;
  t.intervalMs = intervalMs;
  ++t.generation;
  if (intervalMs > 0) {
    t.due = now() + static_cast<double>(intervalMs) / 1000.0;
    scheduleTimer(id, ident, t);
  }
  if (isNew) sendMessage(id, msg::TM_REGISTER, {ident, intervalMs});
}

void Kernel::registerOnceTimer(int id, const std::string& ident, std::function<void()> callback) {
  const bool isNew = !instance(id).timers.count(ident);
  auto& t = instance(id).timers[ident];
  t.callback = std::move(callback);
  t.once = true;
  t.intervalMs = 0;
  ++t.generation;
  t.due = now();
  scheduleTimer(id, ident, t);
  if (isNew) sendMessage(id, msg::TM_REGISTER, {ident, std::int64_t{0}});
}

void Kernel::removeTimers(int id) {
  auto& timers = instance(id).timers;
  std::vector<std::string> idents;
  for (const auto& [ident, t] : timers) idents.push_back(ident);
  timers.clear();  // queued runs find no timer and are skipped
  for (const auto& ident : idents) sendMessage(id, msg::TM_UNREGISTER, {ident});
}

void Kernel::setTimerInterval(int id, const std::string& ident, std::int64_t intervalMs) {
  auto& timers = instance(id).timers;
  auto it = timers.find(ident);
  if (it == timers.end()) throw KernelError("Timer " + ident + " is not registered");
  if (intervalMs < 0) throw KernelError("Timer interval must not be negative");
  auto& t = it->second;
  if (t.intervalMs == intervalMs && !t.once) return;  // unchanged: keep the running schedule
  t.intervalMs = intervalMs;
  t.once = false;
  ++t.generation;
  if (intervalMs > 0) {
    t.due = now() + static_cast<double>(intervalMs) / 1000.0;
    scheduleTimer(id, ident, t);
  }
  sendMessage(id, msg::TM_CHANGEINTERVAL, {ident, intervalMs});
}

std::int64_t Kernel::getTimerInterval(int id, const std::string& ident) const {
  const auto& timers = instance(id).timers;
  auto it = timers.find(ident);
  if (it == timers.end()) throw KernelError("Timer " + ident + " is not registered");
  return it->second.intervalMs;
}

std::optional<double> Kernel::nextTimerDue() const {
  if (timerQueue_.empty()) return std::nullopt;
  return timerQueue_.front().due;
}

void Kernel::runDueTimers() {
  const double current = now();
  while (!timerQueue_.empty() && timerQueue_.front().due <= current) {
    std::pop_heap(timerQueue_.begin(), timerQueue_.end(), std::greater<>());
    ScheduledTimer s = timerQueue_.back();
    timerQueue_.pop_back();
    InstanceRecord* inst = instances_.find(s.instanceId);
    if (!inst) continue;
    auto it = inst->timers.find(s.ident);
    if (it == inst->timers.end() || it->second.generation != s.generation) continue;
    TimerRecord& t = it->second;
    auto callback = t.callback;
    const std::int64_t interval = t.intervalMs;
    const bool once = t.once;
    if (t.once) {
      inst->timers.erase(it);
    } else if (t.intervalMs > 0) {
      // Next run one interval after this one; runs missed while the kernel was busy are skipped.
      t.due = std::max(s.due + static_cast<double>(t.intervalMs) / 1000.0, current);
      scheduleTimer(s.instanceId, s.ident, t);
    }
    auto keepAlive = inst->module;
    sendMessage(s.instanceId, msg::TM_MESSAGE, {s.ident, interval});
    try {
      if (callback) callback();
    } catch (const std::exception& e) {
      logMessage(s.instanceId, msg::KL_ERROR, "Timer " + s.ident + " failed: " + e.what());
    }
    if (once && instanceExists(s.instanceId)) sendMessage(s.instanceId, msg::TM_UNREGISTER, {s.ident});
  }
}

void Kernel::advance(double seconds) {
  auto* manual = dynamic_cast<ManualClock*>(clock_.get());
  if (!manual) throw KernelError("advance() needs the manual clock");
  if (seconds < 0) throw KernelError("advance() cannot move the clock backwards");
  const double target = manual->now() + seconds;
  for (;;) {
    auto next = nextTimerDue();
    if (!next || *next > target) break;
    manual->set(std::max(manual->now(), *next));
    runDueTimers();
  }
  manual->set(target);
  runDueTimers();
}

}  // namespace symemu
