// Subscription index: topic filters split into levels, so a PUBLISH finds
// its subscribers without scanning every session.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>

namespace symemu::mqtt {

class TopicTree {
 public:
  TopicTree();
  ~TopicTree();

  void add(const std::string& filter, const std::string& clientId);
  void remove(const std::string& filter, const std::string& clientId);

  // Calls visit(clientId, filter) for every subscription whose filter matches
  // `topic`; '$' topics are not matched by a leading wildcard.
  void match(const std::string& topic,
             const std::function<void(const std::string& clientId, const std::string& filter)>& visit) const;

  std::size_t size() const { return count_; }

 private:
  struct Node {
    std::map<std::string, std::unique_ptr<Node>> children;
    std::set<std::string> clients;
    std::string filter;  // full filter of this node, set when clients is non-empty
  };
  void matchLevel(const Node& node, const std::vector<std::string>& levels, std::size_t index,
                  const std::function<void(const std::string&, const std::string&)>& visit) const;

  std::unique_ptr<Node> root_;
  std::size_t count_ = 0;
};

}  // namespace symemu::mqtt
