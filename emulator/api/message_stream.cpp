#include "symemu/api/message_stream.h"

#include <algorithm>
#include <cmath>

#include "symemu/api/json_text.h"

namespace symemu::api {

bool StreamSubscription::next(std::vector<std::string>& out, std::chrono::milliseconds wait) {
  std::unique_lock<std::mutex> lock(stream_->mutex_);
  ready_.wait_for(lock, wait, [this] { return ended_ || !queue_.empty(); });
  if (ended_) return false;
  while (!queue_.empty()) {
    out.push_back(std::move(queue_.front()));
    queue_.pop_front();
  }
  return true;
}

int StreamSubscription::closeCode() const {
  std::lock_guard<std::mutex> lock(stream_->mutex_);
  return code_;
}

std::string StreamSubscription::closeReason() const {
  std::lock_guard<std::mutex> lock(stream_->mutex_);
  return reason_;
}

MessageStream::MessageStream(Options options) : options_(options) {}

std::string MessageStream::frame(double time, int senderId, int message, const std::vector<Value>& data) {
  JsonArray values;
  values.reserve(data.size());
  for (const auto& v : data) values.push_back(fromKernelValue(v));
  return writeJson(JsonObject{{"Message", message},
                              {"SenderID", senderId},
                              {"Data", std::move(values)},
                              {"TimeStamp", static_cast<std::int64_t>(std::floor(time))},
                              {"Time", time}});
}

void MessageStream::publishMessage(double time, int senderId, int message, const std::vector<Value>& data) {
  if (count_.load(std::memory_order_relaxed) == 0) return;
  push(frame(time, senderId, message, data));
}

void MessageStream::publishLog(const LogEntry& e) {
  if (count_.load(std::memory_order_relaxed) == 0) return;
  push(frame(e.time, e.senderId, e.type, {e.message, e.sender}));
}

void MessageStream::publishDebug(const DebugEntry& e) {
  if (count_.load(std::memory_order_relaxed) == 0) return;
  push(frame(e.time, e.instanceId, msg::KL_DEBUG, {e.message, e.data, static_cast<std::int64_t>(e.format)}));
}

void MessageStream::push(std::string text) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto& s : subscriptions_) {
    if (s->ended_) continue;
    if (s->queue_.size() >= options_.maxQueuedFrames) {
      // Cut off rather than wait or grow: the kernel never slows down for a reader.
      s->ended_ = true;
      s->code_ = 1008;
      s->reason_ = "client too slow: " + std::to_string(s->queue_.size()) + " messages waiting";
      s->queue_.clear();
    } else {
      s->queue_.push_back(text);
    }
    s->ready_.notify_one();
  }
}

std::shared_ptr<StreamSubscription> MessageStream::subscribe() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (subscriptions_.size() >= options_.maxSubscribers) return nullptr;
  auto s = std::make_shared<StreamSubscription>();
  s->stream_ = this;
  subscriptions_.push_back(s);
  count_.store(subscriptions_.size());
  return s;
}

void MessageStream::unsubscribe(const std::shared_ptr<StreamSubscription>& subscription) {
  std::lock_guard<std::mutex> lock(mutex_);
  subscriptions_.erase(std::remove(subscriptions_.begin(), subscriptions_.end(), subscription), subscriptions_.end());
  count_.store(subscriptions_.size());
}

void MessageStream::endAll(const std::string& reason) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto& s : subscriptions_) {
    if (!s->ended_) {
      s->ended_ = true;
      s->code_ = 1001;
      s->reason_ = reason;
    }
    s->ready_.notify_one();
  }
}

}  // namespace symemu::api
