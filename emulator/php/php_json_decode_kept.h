#pragma once
// What json_decode()'s fast reader (php_json_decode.cpp) keeps from one text to the next: the
// interned strings of object keys, texts that repeat, and the member tables of objects of a
// known shape; and how it fills a table in place.
// Threads: PHP's thread only. Ownership: strings and tables of the running request (PHP's
// memory); each cache forgets, without freeing, what an earlier request left (its memory went
// with it): take them through internedKeys(), repeatedTexts() and knownShapes(), which check
// PhpHost::generation(). Errors: none.
#include <php.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <string_view>

#include "symemu/kernel/short_text.h"
#include "symemu/php/php_host.h"

namespace symemu::php::json_kept {

// Tables are made at their final size and filled in place: the result is the table PHP's own
// reader leaves (same buckets in the same order, same hash chains, same flags), without
// zend_hash_update's lookup and checks for every key (~70 instructions; a report has ~70 keys).
//
// As zend_hash_update(t, key, value) into a table made for all its members (zend_new_array of
// their count): once the table holds string keys, a key whose hash chain is still empty cannot
// be in it and is appended. Anything else takes zend_hash_update: the first key (it sets the
// table up), a table that is still a list (numeric keys of an array), a repeated key, two keys
// on one chain, and (never expected: a table holds at most one bucket per member) a full one.
void put(HashTable* t, zend_string* key, zval* value);

// As zend_symtable_update: numeric keys ("12", "-3") become integer keys.
void putSymbol(HashTable* t, zend_string* key, zval* value);

// The interned strings json_decode found for object keys, by a cheap slot of the key's bytes: a
// report has ~100 keys, each looked up (hashed) in OPcache's table otherwise. Only interned
// strings are kept, and only for the request they belong to (request-local interned strings
// end with it); a slot holds the last key that fell there, compared byte for byte.
class InternedKeys {
 public:
  // Forgets the keys of an earlier request; once per decoded text, not per key.
  InternedKeys& forThisRequest() {
    const std::uint64_t generation = PhpHost::get().generation();
    if (generation != generation_) {
      std::fill(std::begin(slots_), std::end(slots_), nullptr);
      generation_ = generation;
    }
    return *this;
  }

  // The interned string of `key` if there is one, else a new string (forThisRequest first).
  zend_string* find(std::string_view key) {
    zend_string*& slot = slots_[slotOf(key)];
    // sameBytes (short_text.h): no memcmp call for the usual short keys.
    if (slot && ZSTR_LEN(slot) == key.size() && sameBytes(ZSTR_VAL(slot), key.data(), key.size())) return slot;
    zend_string* found = zend_string_init_existing_interned(key.data(), key.size(), 0);
    if (ZSTR_IS_INTERNED(found)) slot = found;
    return found;
  }

 private:
  static std::size_t slotOf(std::string_view key) {
    if (key.empty()) return 0;
    const auto byte = [&](std::size_t i) { return static_cast<std::size_t>(static_cast<unsigned char>(key[i])); };
    return (key.size() * 31 + byte(0) * 7 + byte(key.size() / 2) * 3 + byte(key.size() - 1)) & (kSlots - 1);
  }
  static constexpr std::size_t kSlots = 256;
  zend_string* slots_[kSlots] = {};
  std::uint64_t generation_ = 0;
};

InternedKeys& internedKeys();

// Texts json_decode() made before, shared: a report repeats most of its texts in every report
// ("Electricity", "Instantaneous value", units, OBIS codes, the logger's ID), so each is made
// once and handed out again with one more reference instead of being allocated, copied and
// freed for every decode. PHP code cannot tell: a string with more than one reference is never
// changed in place (copy-on-write); only debug_zval_dump() shows the count. Strings belong to
// the request, so the cache forgets (does not free) those of an earlier one. A slot keeps a
// text that was asked for again over a new one (a meter's values, IDs and counters seldom
// repeat and would otherwise push out the texts that do).
class RepeatedTexts {
 public:
  RepeatedTexts& forThisRequest() {
    const std::uint64_t generation = PhpHost::get().generation();
    if (generation != generation_) {
      std::fill(std::begin(slots_), std::end(slots_), Slot{});
      generation_ = generation;
    }
    return *this;
  }

  // A string of `text` (2 bytes or more) with a reference for the caller.
  zend_string* make(std::string_view text) {
    if (text.size() > kLongest) return zend_string_init(text.data(), text.size(), 0);
    Slot& slot = slots_[slotOf(text)];
    if (slot.text && ZSTR_LEN(slot.text) == text.size() && sameBytes(ZSTR_VAL(slot.text), text.data(), text.size())) {
      slot.askedAgain = true;
      return zend_string_copy(slot.text);
    }
    zend_string* made = zend_string_init(text.data(), text.size(), 0);
    if (slot.askedAgain) {  // keep the repeated text; the next newcomer may take the slot
      slot.askedAgain = false;
      return made;
    }
    if (slot.text) zend_string_release(slot.text);
    slot.text = zend_string_copy(made);  // the cache's reference
    return made;
  }

 private:
  struct Slot {
    zend_string* text = nullptr;
    bool askedAgain = false;
  };
  static std::size_t slotOf(std::string_view text) {
    const auto byte = [&](std::size_t i) { return static_cast<std::size_t>(static_cast<unsigned char>(text[i])); };
    return (text.size() * 31 + byte(0) * 7 + byte(text.size() / 2) * 3 + byte(text.size() - 1)) & (kSlots - 1);
  }
  static constexpr std::size_t kSlots = 256;
  static constexpr std::size_t kLongest = 64;  // longer texts are rarely repeated
  Slot slots_[kSlots];
  std::uint64_t generation_ = 0;
};

RepeatedTexts& repeatedTexts();

// The member tables of objects decoded before, by their keys in order: a report's objects have
// the same members in every report (a record: DESCRIPTION, UNIT, ... entry), so the table of
// such an object is copied from the one made the first time (keys, hashes, hash chains, in one
// memcpy) and only the values are put in. A shape holds interned keys only (no key that is
// numeric or starts with NUL, so it means the same table with and without $associative; none
// with a backslash, so a key as written in a text is one of them only when it is that key), no
// repeated key, and null values; it is request memory, forgotten (not freed) with its request.
class KnownShapes {
 public:
  static constexpr uint32_t kMostMembers = 16;

  KnownShapes& forThisRequest() {
    const std::uint64_t generation = PhpHost::get().generation();
    if (generation != generation_) {
      std::fill(std::begin(slots_), std::end(slots_), nullptr);
      generation_ = generation;
    }
    return *this;
  }

  // The shape kept for objects of `count` members whose first key is `first`, or nullptr.
  const HashTable* find(uint32_t count, std::string_view first) const {
    const HashTable* shape = slots_[slotOf(count, first)];
    return shape && shape->nNumUsed == count && sameText(keyOf(shape, 0), first) ? shape : nullptr;
  }

  // Keeps the shape of `members` (a table just built) if it can be one.
  void keep(const HashTable* members) {
    const uint32_t count = members->nNumUsed;
    if (count == 0 || count > kMostMembers || members->nNumOfElements != count ||
        (HT_FLAGS(members) & (HASH_FLAG_PACKED | HASH_FLAG_UNINITIALIZED)))
      return;
    for (uint32_t i = 0; i < count; ++i) {
      const zend_string* key = members->arData[i].key;
      zend_ulong index;
      if (!key || !ZSTR_IS_INTERNED(key) || (ZSTR_LEN(key) > 0 && ZSTR_VAL(key)[0] == '\0') ||
          std::memchr(ZSTR_VAL(key), '\\', ZSTR_LEN(key)) ||
          ZEND_HANDLE_NUMERIC_STR(ZSTR_VAL(key), ZSTR_LEN(key), index))
        return;
    }
    HashTable*& slot = slots_[slotOf(count, keyOf(members, 0))];
    if (slot) zend_array_destroy(slot);
    slot = zend_new_array(count);
    zval null;
    ZVAL_NULL(&null);
    for (uint32_t i = 0; i < count; ++i) put(slot, members->arData[i].key, &null);
  }

  // A new table of `shape`'s keys holding `values` (moved in), as building it key by key would
  // make it: what zend_array_dup does for a table without references to copy.
  static HashTable* copy(const HashTable* shape, zval* values) {
    HashTable* t = zend_new_array(shape->nNumUsed);
    HT_FLAGS(t) = HT_FLAGS(shape) & HASH_FLAG_MASK;
    t->nTableSize = shape->nTableSize;
    t->nTableMask = shape->nTableMask;
    t->nNumUsed = t->nNumOfElements = shape->nNumUsed;
    t->nNextFreeElement = shape->nNextFreeElement;
    t->nInternalPointer = shape->nInternalPointer;
    HT_SET_DATA_ADDR(t, emalloc(HT_SIZE(t)));
    std::memcpy(HT_GET_DATA_ADDR(t), HT_GET_DATA_ADDR(shape), HT_USED_SIZE(shape));
    for (uint32_t i = 0; i < t->nNumUsed; ++i) ZVAL_COPY_VALUE(&t->arData[i].val, &values[i]);  // keeps the chain
    ++copied_;
    return t;
  }
  static std::size_t copied() { return copied_; }

  static std::string_view keyOf(const HashTable* shape, uint32_t i) {
    const zend_string* key = shape->arData[i].key;
    return {ZSTR_VAL(key), ZSTR_LEN(key)};
  }

 private:
  static std::size_t slotOf(uint32_t count, std::string_view first) {
    const auto byte = [&](std::size_t i) { return static_cast<std::size_t>(static_cast<unsigned char>(first[i])); };
    const std::size_t bytes = first.empty() ? 0 : byte(0) * 7 + byte(first.size() - 1) * 3;
    return (count * 31 + first.size() * 5 + bytes) & (kSlots - 1);
  }
  static constexpr std::size_t kSlots = 64;
  static inline std::size_t copied_ = 0;  // for tests
  HashTable* slots_[kSlots] = {};
  std::uint64_t generation_ = 0;
};

KnownShapes& knownShapes();

}  // namespace symemu::php::json_kept
