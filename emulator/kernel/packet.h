#pragma once
// A data-flow packet (symcon-kernel.md §3.8): its JSON text, which stays the contract (receive
// and forward filters are regular expressions over it, PHP modules get it as is), and the tree
// of that text, parsed at most once, on first use, and shared by every receiver.
//
// Threads: a Packet is built and read on one thread at a time; its tree may be parsed ahead of
// time on another thread (parseNow) before the packet is handed over. Ownership: the kernel
// keeps the packet alive while receivers run; receivers must not keep the tree beyond that
// unless they copy the shared_ptr from shareTree(). Errors: tree() never throws; a text that is
// not JSON gives a Document whose error() says why.
//
// A packet may also carry its content in typed form (attach/attached), made by the sender from
// the very data it wrote the text from (e.g. the MQTT message, the raw socket bytes), so a
// receiver that knows the type need not parse the text at all. The text stays the contract:
// filters read it, receivers that do not know the type read the tree, and a sender attaches a
// form only when reading its text would give exactly that form (guard tests check each one,
// tests/bench/test_fast_paths.cpp). The form is immutable and shared by copies of the packet.
#include <functional>
#include <memory>
#include <string>
#include <typeinfo>

#include "symemu/kernel/text_keys.h"

namespace symemu {

namespace json {
class Document;
}

class Packet {
 public:
  explicit Packet(std::string text) : text_(std::move(text)) {}
  Packet(std::string text, std::shared_ptr<const json::Document> tree)
      : text_(std::move(text)), tree_(std::move(tree)) {}
  // A packet whose text is shared, not copied: written and owned elsewhere (e.g. read ahead on
  // an I/O thread, which also frees it), kept alive by the pointer and never changed.
  explicit Packet(std::shared_ptr<const std::string> text) : sharedText_(std::move(text)) {}
  // A packet whose text is written only when first asked for (text(), tree(), a receive filter),
  // by `writeText`, on the thread that asks: for a sender whose receivers usually read the typed
  // form it attaches (the Server Socket's data chunks). `dataId` must be the text's DataID.
  static Packet deferred(std::string dataId, std::function<std::string()> writeText) {
    Packet p{std::string()};
    p.dataId_ = std::move(dataId);
    p.writeText_ = std::move(writeText);
    return p;
  }

  const std::string& text() const {
    if (writeText_) writeTextNow();
    return sharedText_ ? *sharedText_ : text_;
  }
  // The DataID a deferred packet was given ("" for others: read it from the text).
  const std::string& givenDataId() const { return dataId_; }
  // The parsed text (strict JSON, oversized numbers refused).
  const json::Document& tree() const { return *shareTree(); }
  const std::shared_ptr<const json::Document>& shareTree() const;
  // Parses now (e.g. on the I/O thread that built the packet) so receivers only read.
  void parseNow() const { shareTree(); }

  // Where the text's writer put some member keys (text_keys.h); nullptr: none given. Kept in
  // the packet (a few words): no allocation, nothing shared with the thread that wrote them.
  void setTextKeys(const TextKeys& keys) { keys_ = keys; }
  const TextKeys* textKeys() const { return keys_.empty() ? nullptr : &keys_; }

  template <class T>
  void attach(std::shared_ptr<const T> form) {
    form_ = std::move(form);
    formType_ = form_ ? &typeid(T) : nullptr;
  }
  // The typed form when one of type T is attached, else nullptr.
  template <class T>
  const T* attached() const {
    return formType_ && *formType_ == typeid(T) ? static_cast<const T*>(form_.get()) : nullptr;
  }

 private:
  void writeTextNow() const;

  mutable std::string text_;
  std::shared_ptr<const std::string> sharedText_;  // the text, when shared (then text_ is empty)
  std::string dataId_;
  mutable std::function<std::string()> writeText_;  // empty once the text is written
  mutable std::shared_ptr<const json::Document> tree_;
  std::shared_ptr<const void> form_;
  const std::type_info* formType_ = nullptr;
  TextKeys keys_;
};

}  // namespace symemu
