#pragma once
// A data filter's compiled pattern (SetReceiveDataFilter / SetForwardDataFilter): Poco's
// RegularExpression, plus the same pattern compiled by PCRE's JIT, which answers a match several
// times faster (a gateway's and the discovery's topic filters run for every MQTT report).
// Poco exposes no JIT, so the pattern is compiled again through libpcre itself (the library Poco
// uses, with Poco's compile options: none). PCRE's JIT ignores PCRE_ANCHORED given to pcre_exec
// (it then interprets), so the anchored matches the kernel makes use a second compilation with
// PCRE_ANCHORED, which means the same. The JIT's answer is taken only when it is a match or a
// no-match; whenever it reports anything else (its stack or match limit), Poco's interpreting
// match decides, as it did before, with its exceptions.
// Threads: a compiled filter is immutable; matching allocates nothing and may run on any thread.
// Errors: the constructor throws Poco::RegularExpressionException as Poco's does.
#include <Poco/RegularExpression.h>

#include <cstddef>
#include <string>

namespace symemu {

class FilterRegex : public Poco::RegularExpression {
 public:
  // `jit` false: only Poco's compilation (for filters that are never matched by PCRE).
  explicit FilterRegex(const std::string& pattern, bool jit = true);
  ~FilterRegex();  // Poco's destructor is not virtual: delete through this type (make_shared does)
  FilterRegex(const FilterRegex&) = delete;
  FilterRegex& operator=(const FilterRegex&) = delete;

  // match(subject, offset, m, options) > 0, through the JIT when it can decide. `options` are
  // Poco's match options; 0 and RE_ANCHORED go to the JIT, others are interpreted.
  bool matches(const std::string& subject, std::size_t offset, int options = 0) const;
  // Poco's interpreting match alone: the path the JIT replaces (guard tests compare the two).
  bool matchesInterpreted(const std::string& subject, std::size_t offset, int options = 0) const;
  // Whether the JIT compiled this pattern both ways (else those matches are interpreted).
  bool jitted() const { return free_.extra != nullptr && anchored_.extra != nullptr; }

 private:
  struct Jit {
    void* code = nullptr;   // pcre*
    void* extra = nullptr;  // pcre_extra* holding the JIT code; null: not compiled
  };
  static Jit compile(const std::string& pattern, int options);
  static void release(Jit& jit);
  // 1 match, 0 no match, -1 undecided (the interpreter decides).
  static int run(const Jit& jit, const std::string& subject, std::size_t offset);

  Jit free_;      // unanchored: matches from `offset` on
  Jit anchored_;  // compiled with PCRE_ANCHORED: a match starting at `offset`
};

}  // namespace symemu
