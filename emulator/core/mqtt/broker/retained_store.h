// Retained messages, one per topic (MQTT §3.3.1.3).
#pragma once

#include "symemu/core/mqtt/broker/stored_message.h"

#include <map>
#include <string>
#include <vector>

namespace symemu::mqtt {

class RetainedStore {
 public:
  // Stores the message for its topic; an empty payload clears the topic instead.
  void store(const MessagePtr& message);
  // The retained message for `topic`, or nullptr (also when it has expired).
  MessagePtr get(const std::string& topic, double now) const;
  // Unexpired messages whose topic matches `filter`, in topic order.
  std::vector<MessagePtr> matching(const std::string& filter, double now) const;
  std::vector<std::string> topics(double now) const;
  std::vector<std::string> purgeExpired(double now);  // the topics removed
  std::size_t size() const { return messages_.size(); }

 private:
  std::map<std::string, MessagePtr> messages_;
};

}  // namespace symemu::mqtt
