#include "topic_tree.h"

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

void TopicTree::add(const std::string& filter, const std::string& clientId) {
  Node* node = root_.get();
  for (const auto& level : splitLevels(filter)) {
    auto& child = node->children[level];
    if (!child) child = std::make_unique<Node>();
    node = child.get();
  }
  node->filter = filter;
  if (node->clients.insert(clientId).second) ++count_;
}

void TopicTree::remove(const std::string& filter, const std::string& clientId) {
  const auto levels = splitLevels(filter);
  std::vector<std::pair<Node*, const std::string*>> path;  // parent, key of child
  Node* node = root_.get();
  for (const auto& level : levels) {
    auto it = node->children.find(level);
    if (it == node->children.end()) return;
    path.emplace_back(node, &it->first);
    node = it->second.get();
  }
  if (node->clients.erase(clientId)) --count_;
  // Prune empty branches bottom-up.
  for (auto it = path.rbegin(); it != path.rend(); ++it) {
    Node* parent = it->first;
    auto childIt = parent->children.find(*it->second);
    Node* child = childIt->second.get();
    if (!child->clients.empty() || !child->children.empty()) break;
    parent->children.erase(childIt);
  }
}

void TopicTree::match(const std::string& topic,
                      const std::function<void(const std::string&, const std::string&)>& visit) const {
  matchLevel(*root_, splitLevels(topic), 0, visit);
}

void TopicTree::matchLevel(const Node& node, const std::vector<std::string>& levels, std::size_t index,
                           const std::function<void(const std::string&, const std::string&)>& visit) const {
  const bool dollarTopic = index == 0 && !levels[0].empty() && levels[0][0] == '$';
  auto report = [&](const Node& n) {
    for (const auto& c : n.clients) visit(c, n.filter);
  };
  // "a/#" also matches "a" itself, so '#' is checked before the end test.
  if (!dollarTopic) {
    auto hash = node.children.find("#");
    if (hash != node.children.end()) report(*hash->second);
  }
  if (index == levels.size()) {
    report(node);
    return;
  }
  auto exact = node.children.find(levels[index]);
  if (exact != node.children.end()) matchLevel(*exact->second, levels, index + 1, visit);
  if (!dollarTopic) {
    auto plus = node.children.find("+");
    if (plus != node.children.end()) matchLevel(*plus->second, levels, index + 1, visit);
  }
}

}  // namespace symemu::mqtt
