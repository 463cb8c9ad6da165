// The message bus (docs/symcon-kernel.md §3.7, §5), log and debug output.
#include <algorithm>

#include "symemu/kernel/kernel.h"
#include "symemu/kernel/module.h"

namespace symemu {

void Kernel::registerMessage(int receiverId, int senderId, int message) {
  instance(receiverId);
  auto [it, added] = messageReceivers_.try_emplace({senderId, message});
  if (added && message == msg::VM_UPDATE) ++updateSenders_;
  auto& list = it->second;
  if (std::find(list.begin(), list.end(), receiverId) == list.end()) list.push_back(receiverId);
}

void Kernel::unregisterMessage(int receiverId, int senderId, int message) {
  auto it = messageReceivers_.find({senderId, message});
  if (it == messageReceivers_.end()) return;
  auto& list = it->second;
  list.erase(std::remove(list.begin(), list.end(), receiverId), list.end());
  if (list.empty()) {
    if (message == msg::VM_UPDATE) --updateSenders_;
    messageReceivers_.erase(it);
  }
}

std::map<int, std::vector<int>> Kernel::getMessageList(int receiverId) const {
  std::map<int, std::vector<int>> out;
  for (const auto& [key, list] : messageReceivers_)
    if (std::find(list.begin(), list.end(), receiverId) != list.end()) out[key.first].push_back(key.second);
  return out;
}

void Kernel::sendMessage(int senderId, int message, const std::vector<Value>& data) {
  for (const auto& o : messageObservers_) o.observer(senderId, message, data);
  if (messageReceivers_.empty()) return;
  auto it = messageReceivers_.find({senderId, message});
  if (it == messageReceivers_.end()) return;
  std::int64_t stamp = ++messageCounter_;  // Symcon's TimeStamp is a running counter
  for (int receiver : std::vector<int>(it->second)) {
    InstanceRecord* rec = instances_.find(receiver);
    if (!rec || !rec->module) continue;
    auto module = rec->module;
    try {
      module->messageSink(stamp, senderId, message, data);
    } catch (const std::exception& e) {
      logMessage(receiver, msg::KL_ERROR, std::string("MessageSink failed: ") + e.what());
    }
  }
}

int Kernel::addMessageObserver(MessageObserver observer, std::function<bool()> listening) {
  messageObservers_.push_back({++observerHandles_, std::move(observer), std::move(listening)});
  return observerHandles_;
}

void Kernel::removeMessageObserver(int handle) {
  messageObservers_.erase(std::remove_if(messageObservers_.begin(), messageObservers_.end(),
                                         [handle](const auto& o) { return o.handle == handle; }),
                          messageObservers_.end());
}

bool Kernel::messagesObserved() const {
  for (const auto& o : messageObservers_)
    if (!o.listening || o.listening()) return true;
  return false;
}

void Kernel::setMessageObserver(MessageObserver observer) {
  if (setObserverHandle_) removeMessageObserver(setObserverHandle_);
  setObserverHandle_ = observer ? addMessageObserver(std::move(observer)) : 0;
}

int Kernel::addLogObserver(LogObserver observer) {
  logObservers_.emplace_back(++observerHandles_, std::move(observer));
  return observerHandles_;
}

void Kernel::removeLogObserver(int handle) {
  logObservers_.erase(
      std::remove_if(logObservers_.begin(), logObservers_.end(), [handle](const auto& o) { return o.first == handle; }),
      logObservers_.end());
}

int Kernel::addDebugObserver(DebugObserver observer) {
  debugObservers_.emplace_back(++observerHandles_, std::move(observer));
  return observerHandles_;
}

void Kernel::enableDebug(int id, int seconds) { debugUntil_[id] = now() + std::max(0, seconds); }

bool Kernel::debugEnabled(int id) const {
  auto it = debugUntil_.find(id);
  return it != debugUntil_.end() && now() < it->second;
}

void Kernel::removeDebugObserver(int handle) {
  debugObservers_.erase(std::remove_if(debugObservers_.begin(), debugObservers_.end(),
                                       [handle](const auto& o) { return o.first == handle; }),
                        debugObservers_.end());
}

void Kernel::setRunlevel(int level) {
  runlevel_ = level;
  sendMessage(0, msg::KernelMessage, {static_cast<std::int64_t>(level)});
}

void Kernel::logMessage(int senderId, int type, const std::string& message) {
  LogEntry e;
  e.time = now();
  e.senderId = senderId;
  e.type = type;
  e.message = message;
  if (senderId != 0 && objectExists(senderId)) e.sender = object(senderId).name;
  if (log_.size() >= options_.logCapacity) log_.erase(log_.begin(), log_.begin() + static_cast<long>(log_.size() / 2));
  log_.push_back(e);
  if (logSink_) logSink_(log_.back());
  for (const auto& observer : logObservers_) observer.second(log_.back());
}

void Kernel::sendDebug(int id, std::string message, std::string data, int format) {
  // Taken, not copied (it runs per packet; a caller's temporary text moves all the way here).
  published(debug_.push(now(), id, std::move(message), std::move(data), format));
}

void Kernel::sendDebugText(int id, std::string_view message, std::string_view data, int format) {
  published(debug_.push(now(), id, message, data, format));
}

void Kernel::published(const DebugEntry& e) {
  if (debugSink_) debugSink_(e);
  if (!debugObservers_.empty() && debugEnabled(e.instanceId))
    for (const auto& observer : debugObservers_) observer.second(e);
}

std::vector<DebugEntry> Kernel::debugEntries(int instanceId) const {
  std::vector<DebugEntry> out;
  debug_.forEach([&](const DebugEntry& e) {
    if (instanceId == 0 || e.instanceId == instanceId) out.push_back(e);
  });
  return out;
}

}  // namespace symemu
