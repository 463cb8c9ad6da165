#include "symemu/php/php_shared_texts.h"

#include <php.h>

#include <cstdint>

#include "symemu/php/php_host.h"

namespace symemu::php {

namespace {

// The last few PHP strings handed to the kernel, each with the shared text made of it.
class SharedTexts {
 public:
  std::shared_ptr<const std::string> share(zend_string* text) {
    // A large string is not kept alive here: the module's memory_limit sees it freed when the
    // module lets go of it, as before.
    if (!on_ || ZSTR_LEN(text) > kLargestHeld)
      return std::make_shared<const std::string>(ZSTR_VAL(text), ZSTR_LEN(text));
    const std::uint64_t generation = PhpHost::get().generation();
    for (Slot& slot : slots_)
      if (slot.php == text && slot.generation == generation) {
        ++reused_;
        return slot.text;
      }
    Slot& slot = slots_[next_];
    next_ = (next_ + 1) % kSlots;
    forget(slot);
    slot.text = std::make_shared<const std::string>(ZSTR_VAL(text), ZSTR_LEN(text));
    slot.php = zend_string_copy(text);  // held: never changed in place, its memory not reused
    slot.generation = generation;
    return slot.text;
  }

  zend_string* find(const std::string* text) const {
    if (!on_) return nullptr;
    const std::uint64_t generation = PhpHost::get().generation();
    for (const Slot& slot : slots_)
      if (slot.php && slot.text.get() == text && slot.generation == generation) return slot.php;
    return nullptr;
  }

  std::size_t reused() const { return reused_; }
  void enable(bool on) { on_ = on; }

 private:
  struct Slot {
    zend_string* php = nullptr;
    std::shared_ptr<const std::string> text;
    std::uint64_t generation = 0;
  };
  static void forget(Slot& slot) {
    // A string of an earlier request was freed with it (the request's memory is gone).
    if (slot.php && slot.generation == PhpHost::get().generation()) zend_string_release(slot.php);
    slot.php = nullptr;
    slot.text.reset();
  }
  static constexpr std::size_t kSlots = 4;
  static constexpr std::size_t kLargestHeld = 64 * 1024;
  Slot slots_[kSlots];
  std::size_t next_ = 0;
  std::size_t reused_ = 0;
  bool on_ = true;
};

SharedTexts& sharedTexts() {
  static SharedTexts texts;
  return texts;
}

}  // namespace

std::shared_ptr<const std::string> shareText(zend_string* text) { return sharedTexts().share(text); }

zend_string* phpStringOf(const std::string* text) { return sharedTexts().find(text); }

std::size_t sharedTextsReused() { return sharedTexts().reused(); }

void setTextSharing(bool on) { sharedTexts().enable(on); }

}  // namespace symemu::php
