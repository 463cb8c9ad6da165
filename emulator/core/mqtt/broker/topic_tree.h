// Subscription index: topic filters split into levels, so a PUBLISH finds
// its subscribers without scanning every session. A shared subscription
// "$share/<group>/<filter>" sits at the node of <filter> with all its members,
// so the router can pick one of them per message (MQTT 5.0 §4.8.2).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace symemu::mqtt {

class TopicTree {
 public:
  TopicTree();
  ~TopicTree();

  using Visit = std::function<void(const std::string& clientId, const std::string& filter)>;
  using VisitShared = std::function<void(const std::string& filter, const std::set<std::string>& members)>;

  // `filter` is the whole filter as subscribed, "$share/..." included.
  void add(const std::string& filter, const std::string& clientId);
  void remove(const std::string& filter, const std::string& clientId);

  // Calls visit(clientId, filter) for every non-shared subscription whose filter matches
  // `topic`, and visitShared(filter, members) once for every matching shared subscription;
  // '$' topics are not matched by a leading wildcard.
  void match(const std::string& topic, const Visit& visit, const VisitShared& visitShared = nullptr) const;

  std::size_t size() const { return count_; }

 private:
  struct Node {
    std::map<std::string, std::unique_ptr<Node>> children;
    std::set<std::string> clients;
    std::string filter;                                   // full filter of this node, set when clients is non-empty
    std::map<std::string, std::set<std::string>> shared;  // "$share/<group>/<filter>" -> member client ids
  };
  Node* nodeFor(const std::string& filter);

  std::unique_ptr<Node> root_;
  std::size_t count_ = 0;
};

}  // namespace symemu::mqtt
