#include "symemu/kernel/filter_regex.h"

#include <pcre.h>

namespace symemu {

namespace {
// Room for as many captures as Poco's match gives (its OVEC_SIZE): a pattern with more groups
// than fit makes pcre_exec answer 0 here as there, and Poco then decides (and throws).
constexpr int kOvectorSize = 63;
}  // namespace

FilterRegex::FilterRegex(const std::string& pattern, bool jit) : Poco::RegularExpression(pattern) {
  if (!jit) return;
  free_ = compile(pattern, 0);
  anchored_ = compile(pattern, PCRE_ANCHORED);
}

FilterRegex::~FilterRegex() {
  release(free_);
  release(anchored_);
}

FilterRegex::Jit FilterRegex::compile(const std::string& pattern, int options) {
  // Poco compiled the pattern without error, so this compiles too; should the JIT be
  // unavailable or refuse it, those matches are interpreted.
  Jit jit;
  const char* error = nullptr;
  int offset = 0;
  pcre* code = pcre_compile(pattern.c_str(), options, &error, &offset, nullptr);
  if (!code) return jit;
  pcre_extra* extra = pcre_study(code, PCRE_STUDY_JIT_COMPILE, &error);
  int jitted = 0;
  if (!extra || pcre_fullinfo(code, extra, PCRE_INFO_JIT, &jitted) != 0 || !jitted) {
    if (extra) pcre_free_study(extra);
    pcre_free(code);
    return jit;
  }
  jit.code = code;
  jit.extra = extra;
  return jit;
}

void FilterRegex::release(Jit& jit) {
  if (jit.extra) pcre_free_study(static_cast<pcre_extra*>(jit.extra));
  if (jit.code) pcre_free(jit.code);
  jit = Jit{};
}

int FilterRegex::run(const Jit& jit, const std::string& subject, std::size_t offset) {
  if (!jit.extra || offset > subject.size()) return -1;
  int ovector[kOvectorSize];
  const int rc =
      pcre_exec(static_cast<const pcre*>(jit.code), static_cast<const pcre_extra*>(jit.extra), subject.data(),
                static_cast<int>(subject.size()), static_cast<int>(offset), 0, ovector, kOvectorSize);
  if (rc > 0) return 1;
  if (rc == PCRE_ERROR_NOMATCH) return 0;
  return -1;  // the JIT's stack or match limit, too many groups, ...: the interpreter decides
}

bool FilterRegex::matches(const std::string& subject, std::size_t offset, int options) const {
  int decided = -1;
  if (options == 0)
    decided = run(free_, subject, offset);
  else if (options == RE_ANCHORED)
    decided = run(anchored_, subject, offset);
  if (decided >= 0) return decided == 1;
  return matchesInterpreted(subject, offset, options);
}

bool FilterRegex::matchesInterpreted(const std::string& subject, std::size_t offset, int options) const {
  Poco::RegularExpression::Match m;
  return match(subject, offset, m, options) > 0;
}

}  // namespace symemu
