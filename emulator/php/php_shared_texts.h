#pragma once
// One C++ text per PHP string that a module hands to the kernel several times in a row
// (docs/performance.md, "PHP edition", "Eighth step"): a gateway puts the meter packet it just
// encoded into two buffers and then sends it to its children, and the child gets it as its
// ReceiveData argument. Without this, each hand-over copied the text (PHP string -> std::string
// -> shared text), and the child's argument was copied back into a new PHP string.
//
// A text is shared by the PHP string's address only while a reference to that string is held
// here: a PHP string with more than one reference is never changed in place (copy-on-write), and
// its memory is not reused while held, so the same address means the same bytes. A few strings
// are kept (the last ones handed over, up to 64 KiB each: a larger one is copied as before, so a
// module's memory_limit sees it freed when the module lets go of it); they are released when
// replaced or, with their request, when the PHP host restarts the request (their generation no
// longer matches).
//
// Threads: PHP's thread only. Ownership: the kernel keeps the shared texts it is given (buffers,
// packets); the PHP strings stay owned by PHP (one reference each, held here). Errors: none.
#include <cstddef>
#include <memory>
#include <string>

struct _zend_string;

namespace symemu::php {

// The shared text of `text`'s bytes: the one made for this very PHP string when it is still
// held, else a new one (and the string is held for the next hand-over).
std::shared_ptr<const std::string> shareText(_zend_string* text);

// The PHP string a shared text was made from, while it is held (nullptr: none). The caller adds
// its own reference (ZVAL_STR_COPY) to keep it.
_zend_string* phpStringOf(const std::string* text);

// For tests: how many texts were handed over again without a copy (since the process started),
// and switching the sharing off (every hand-over copies, as before; the held strings are kept
// until replaced).
std::size_t sharedTextsReused();
void setTextSharing(bool on);

}  // namespace symemu::php
