#include "symemu/php/php_json_decode_kept.h"

namespace symemu::php::json_kept {

// As zend_hash_update(t, key, value) into a table made for all its members (zend_new_array of
// their count): once the table holds string keys, a key whose hash chain is still empty cannot
// be in it and is appended. Anything else takes zend_hash_update: the first key (it sets the
// table up), a table that is still a list (numeric keys of an array), a repeated key, two keys
// on one chain, and (never expected: a table holds at most one bucket per member) a full one.
void put(HashTable* t, zend_string* key, zval* value) {
  const zend_ulong h = zend_string_hash_val(key);  // kept in the string (interned keys have it)
  if (!(HT_FLAGS(t) & (HASH_FLAG_UNINITIALIZED | HASH_FLAG_PACKED)) && t->nNumUsed < t->nTableSize &&
      HT_HASH(t, static_cast<uint32_t>(h) | t->nTableMask) == HT_INVALID_IDX)
    _zend_hash_append(t, key, value);  // takes a reference to a key that is not interned
  else
    zend_hash_update(t, key, value);
}

// As zend_symtable_update: numeric keys ("12", "-3") become integer keys.
void putSymbol(HashTable* t, zend_string* key, zval* value) {
  zend_ulong index;
  if (ZEND_HANDLE_NUMERIC_STR(ZSTR_VAL(key), ZSTR_LEN(key), index))
    zend_hash_index_update(t, index, value);
  else
    put(t, key, value);
}

InternedKeys& internedKeys() {
  static InternedKeys keys;  // PHP's thread only
  return keys.forThisRequest();
}

RepeatedTexts& repeatedTexts() {
  static RepeatedTexts texts;  // PHP's thread only
  return texts.forThisRequest();
}

KnownShapes& knownShapes() {
  static KnownShapes shapes;  // PHP's thread only
  return shapes.forThisRequest();
}

}  // namespace symemu::php::json_kept
