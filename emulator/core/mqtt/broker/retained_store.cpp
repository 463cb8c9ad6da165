#include "symemu/core/mqtt/broker/retained_store.h"

#include "symemu/core/mqtt/codec/topic.h"

namespace symemu::mqtt {

void RetainedStore::store(const MessagePtr& message) {
  if (message->message.payload.empty())
    messages_.erase(message->message.topic);
  else
    messages_[message->message.topic] = message;
}

MessagePtr RetainedStore::get(const std::string& topic, double now) const {
  auto it = messages_.find(topic);
  if (it == messages_.end() || it->second->expired(now)) return nullptr;
  return it->second;
}

std::vector<MessagePtr> RetainedStore::matching(const std::string& filter, double now) const {
  std::vector<MessagePtr> out;
  for (const auto& [topic, message] : messages_)
    if (!message->expired(now) && topicMatches(filter, topic)) out.push_back(message);
  return out;
}

std::vector<std::string> RetainedStore::topics(double now) const {
  std::vector<std::string> out;
  for (const auto& [topic, message] : messages_)
    if (!message->expired(now)) out.push_back(topic);
  return out;
}

std::vector<std::string> RetainedStore::purgeExpired(double now) {
  std::vector<std::string> removed;
  for (auto it = messages_.begin(); it != messages_.end();) {
    if (it->second->expired(now)) {
      removed.push_back(it->first);
      it = messages_.erase(it);
    } else {
      ++it;
    }
  }
  return removed;
}

}  // namespace symemu::mqtt
