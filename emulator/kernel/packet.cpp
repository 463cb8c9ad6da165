#include "symemu/kernel/packet.h"

#include "symemu/kernel/json_tree.h"

namespace symemu {

const std::shared_ptr<const json::Document>& Packet::shareTree() const {
  if (!tree_) tree_ = json::Document::parse(text());
  return tree_;
}

void Packet::writeTextNow() const {
  auto write = std::move(writeText_);
  writeText_ = nullptr;
  text_ = write();
}

}  // namespace symemu
