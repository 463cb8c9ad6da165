#pragma once
// The kernel's messages as a stream of JSON frames for WebSocket clients of /api/: every
// message the kernel sends (VM_UPDATE, IM_CHANGESTATUS, OM_*, FM_*, ...) and every log line
// (KL_* codes), one JSON object each:
//   {"Message":10603,"SenderID":12345,"Data":[21.5,true,21.0,...],"TimeStamp":1741947300,"Time":1741947300.25}
// Log lines: Message is the KL_* code, Data is [text, sender name]. TimeStamp is the kernel
// clock in whole seconds, Time the same with fractions.
//
// Threads: publish*() run on the kernel thread (called by kernel observers) and never block on a
// reader: each subscription has a bounded queue; one that overflows is ended ("too slow") and
// its reader closes the connection with that reason. subscribe()/Subscription::next()/end() are
// for reader threads. When nobody subscribes, publishing costs one atomic load.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "symemu/kernel/records.h"

namespace symemu::api {

class MessageStream;

class StreamSubscription {
 public:
  // Waits up to `wait` for frames and moves them into `out`. False when the subscription ended
  // (overflow, server stopping); then closeCode()/closeReason() say why.
  bool next(std::vector<std::string>& out, std::chrono::milliseconds wait);
  int closeCode() const;
  std::string closeReason() const;

 private:
  friend class MessageStream;
  std::deque<std::string> queue_;
  bool ended_ = false;
  int code_ = 1000;
  std::string reason_;
  std::condition_variable ready_;
  MessageStream* stream_ = nullptr;
};

class MessageStream {
 public:
  struct Options {
    std::size_t maxQueuedFrames = 4096;  // per subscriber; more and it is cut off
    std::size_t maxSubscribers = 8;      // each holds a server worker thread
  };
  explicit MessageStream(Options options);

  void publishMessage(double time, int senderId, int message, const std::vector<Value>& data);  // kernel thread
  void publishLog(const LogEntry& entry);                                                       // kernel thread
  void publishDebug(const DebugEntry& entry);  // kernel thread; KL_DEBUG, Data = [message, data, format]

  // nullptr when maxSubscribers are already connected.
  std::shared_ptr<StreamSubscription> subscribe();
  void unsubscribe(const std::shared_ptr<StreamSubscription>& subscription);
  // Ends every subscription (server stopping): 1001 "going away".
  void endAll(const std::string& reason);
  std::size_t subscribers() const { return count_.load(); }

  static std::string frame(double time, int senderId, int message, const std::vector<Value>& data);

 private:
  friend class StreamSubscription;
  void push(std::string frame);

  Options options_;
  mutable std::mutex mutex_;
  std::vector<std::shared_ptr<StreamSubscription>> subscriptions_;
  std::atomic<std::size_t> count_{0};
};

}  // namespace symemu::api
