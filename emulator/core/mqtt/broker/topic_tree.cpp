#include "symemu/core/mqtt/broker/topic_tree.h"

#include "symemu/core/mqtt/codec/topic.h"

#include <vector>

namespace symemu::mqtt {

namespace {

std::vector<std::string> splitLevels(const std::string& s) {
  std::vector<std::string> levels;
  std::size_t start = 0;
  for (;;) {
    std::size_t end = s.find('/', start);
    levels.push_back(s.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) return levels;
    start = end + 1;
  }
}

}  // namespace

TopicTree::TopicTree() : root_(std::make_unique<Node>()) {}
TopicTree::~TopicTree() = default;

TopicTree::Node* TopicTree::nodeFor(const std::string& levelsOf) {
  Node* node = root_.get();
  for (const auto& level : splitLevels(levelsOf)) {
    auto& child = node->children[level];
    if (!child) child = std::make_unique<Node>();
    node = child.get();
  }
  return node;
}

void TopicTree::add(const std::string& filter, const std::string& clientId) {
  if (auto shared = parseSharedFilter(filter)) {
    Node* node = nodeFor(std::string(shared->filter));
    if (node->shared[filter].insert(clientId).second) ++count_;
    return;
  }
  Node* node = nodeFor(filter);
  node->filter = filter;
  if (node->clients.insert(clientId).second) ++count_;
}

void TopicTree::remove(const std::string& filter, const std::string& clientId) {
  const auto shared = parseSharedFilter(filter);
  const auto levels = splitLevels(shared ? std::string(shared->filter) : filter);
  std::vector<std::pair<Node*, const std::string*>> path;  // parent, key of child
  Node* node = root_.get();
  for (const auto& level : levels) {
    auto it = node->children.find(level);
    if (it == node->children.end()) return;
    path.emplace_back(node, &it->first);
    node = it->second.get();
  }
  if (shared) {
    auto group = node->shared.find(filter);
    if (group == node->shared.end() || !group->second.erase(clientId)) return;
    --count_;
    if (group->second.empty()) node->shared.erase(group);
  } else if (node->clients.erase(clientId)) {
    --count_;
  }
  // Prune empty branches bottom-up.
  for (auto it = path.rbegin(); it != path.rend(); ++it) {
    Node* parent = it->first;
    auto childIt = parent->children.find(*it->second);
    Node* child = childIt->second.get();
    if (!child->clients.empty() || !child->shared.empty() || !child->children.empty()) break;
    parent->children.erase(childIt);
  }
}

void TopicTree::match(const std::string& topic, const Visit& visit, const VisitShared& visitShared) const {
  // Without any subscription nothing matches: spare splitting the topic (every PUBLISH is routed,
  // and a server whose only receivers are its instances has no subscribers).
  if (root_->children.empty()) return;
  const auto levels = splitLevels(topic);
  const bool dollarTopic = !levels[0].empty() && levels[0][0] == '$';
  auto report = [&](const Node& n) {
    for (const auto& c : n.clients) visit(c, n.filter);
    if (visitShared)
      for (const auto& [filter, members] : n.shared) visitShared(filter, members);
  };
  // An explicit stack rather than recursion: a 65,535-byte topic can have 32,768 levels.
  std::vector<std::pair<const Node*, std::size_t>> pending{{root_.get(), 0}};
  while (!pending.empty()) {
    const auto [node, index] = pending.back();
    pending.pop_back();
    // A leading wildcard does not match a '$' topic (§4.7.2).
    const bool wildcards = index > 0 || !dollarTopic;
    // "a/#" also matches "a" itself, so '#' is checked before the end test.
    if (wildcards) {
      auto hash = node->children.find("#");
      if (hash != node->children.end()) report(*hash->second);
    }
    if (index == levels.size()) {
      report(*node);
      continue;
    }
    auto exact = node->children.find(levels[index]);
    if (exact != node->children.end()) pending.emplace_back(exact->second.get(), index + 1);
    if (wildcards) {
      auto plus = node->children.find("+");
      if (plus != node->children.end()) pending.emplace_back(plus->second.get(), index + 1);
    }
  }
}

}  // namespace symemu::mqtt
