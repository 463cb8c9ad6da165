#pragma once
// The one PHP interpreter of the process as the kernel sees it (docs/architecture.md §5a).
//
// Threads: PHP is NTS here, so all PHP runs serialised under lock() (recursive: PHP calls the
// kernel, which may call PHP again on the same thread). Callers are the kernel thread of serve,
// replay and Python (PyKernel::run serialises Python threads onto one kernel at a time; the lock
// keeps two kernels from running PHP at once).
// Ownership: a process-wide singleton; a SAPI (embed_sapi.h, later the php-cli extension)
// starts PHP and attaches its request restart here.
// Errors: PHP faults never escape as longjmps. Every entry into PHP sits inside zend_try; a
// fatal error, uncaught exception, warning or time-out is recorded in the current CallFrame and
// the call returns false. A fatal error leaves the request unusable: the rest of that outermost
// call fails too, and the request is replaced before the next one starts (PhpEntry).
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

struct _zval_struct;
struct _zend_fcall_info_cache;

namespace symemu {
class Kernel;
}

namespace symemu::php {

class PhpModuleClass;

// One PHP error or exception, as the kernel log reports it.
struct PhpFault {
  std::string kind;  // "Fatal error", "Warning", "Uncaught Exception", ...
  std::string message, file;
  int line = 0;
  bool fatal = false;
  std::string text() const;  // "Warning: msg in file:line"
};

// What runs at the moment: which kernel and instance PHP code acts for.
struct CallFrame {
  Kernel* kernel = nullptr;
  int instanceId = 0;
  const PhpModuleClass* cls = nullptr;  // null for scripts and library checks
  std::vector<PhpFault> faults;         // warnings, exceptions, the fatal error
  bool failed() const;                  // any fault other than a notice
  std::string describe() const;         // "Module Foo (#12345)"
};

class PhpHost;

// Held by every entry into PHP from C++ for as long as it holds zvals: takes the PHP lock and,
// when no PHP runs, first replaces a request broken by an earlier fatal error (zvals made before
// that would belong to the discarded request).
class PhpEntry {
 public:
  PhpEntry();
  PhpEntry(const PhpEntry&) = delete;
  PhpEntry& operator=(const PhpEntry&) = delete;

 private:
  std::unique_lock<std::recursive_mutex> lock_;
};

class PhpHost {
 public:
  static PhpHost& get();
  bool started() const { return restart_ != nullptr; }
  // Called by the SAPI once PHP runs: `restart` ends the current request and starts a new one.
  // php-cli (the symemu extension) cannot restart its one request: it passes restartable=false,
  // and after a fatal error the request goes on with the prelude it has.
  void attachSapi(std::function<void()> restart, bool restartable = true);
  // The kernel for PHP code that runs outside any module call (a PHPUnit test calling IPS_*
  // functions in php-cli); null in the embedded host, where every PHP call has a frame.
  void setDefaultKernel(Kernel* kernel) { defaultKernel_ = kernel; }
  Kernel* defaultKernel() const { return defaultKernel_; }
  // Evaluates the prelude and the generated global code in the current request unless done
  // (php-cli loads it when the test's autoload runs). False with the faults in `frame`.
  bool loadPrelude(CallFrame& frame);

  std::recursive_mutex& lock() { return mutex_; }
  // Replaces a broken request now if no PHP runs (PhpEntry does this).
  void settle();

  // Per-call time limit (Symcon: 30 s); 0 disables. Measured per outermost call.
  void setTimeLimit(double seconds) { timeLimit_ = seconds; }
  double timeLimit() const { return timeLimit_; }
  void setMemoryLimit(const std::string& limit);  // PHP's memory_limit, e.g. "128M"
  const std::string& memoryLimit() const { return memoryLimit_; }

  // PHP code defined in every request after the prelude (generated global functions). Adding
  // code restarts nothing: it is evaluated in the running request too.
  void addGlobalCode(const std::string& key, const std::string& php);

  // Calls the global PHP function `function` with `argc` zvals. On failure returns false; the
  // faults are in `frame`. `ret` is set (null on failure) and must be destroyed by the caller.
  bool call(const char* function, std::uint32_t argc, _zval_struct* argv, _zval_struct* ret, CallFrame& frame);
  // require_once of a file within the current request (module.php), reloaded after a restart.
  // `loadedIn` (optional) is the caller's note of the request it last loaded `file` in: when that
  // is the running, sound request, nothing is looked up (a module call checks its file each time).
  bool require(const std::string& file, CallFrame& frame, std::uint64_t* loadedIn = nullptr);

  CallFrame* current() { return stack_.empty() ? nullptr : stack_.back(); }
  static constexpr std::size_t kMaxNesting = 64;  // module -> kernel -> module ... calls
  std::uint64_t generation() const { return generation_; }
  int depth() const { return static_cast<int>(stack_.size()); }

  // Called from PHP's error callback (php_host.cpp).
  void recordError(int type, const std::string& file, int line, const std::string& message);
  // For the internal functions: a nested call failed fatally, so the caller must end too.
  bool poisoned() const { return poisoned_; }

 private:
  PhpHost() = default;
  bool ensureRequest(CallFrame& frame);
  bool evalGuarded(const std::string& code, const char* name, CallFrame& frame);
  void beginOutermost();
  void endOutermost();
  _zend_fcall_info_cache* lookUp(const char* function);

  std::recursive_mutex mutex_;
  std::function<void()> restart_;
  bool restartable_ = true;
  Kernel* defaultKernel_ = nullptr;
  double timeLimit_ = 30;
  std::string memoryLimit_ = "128M";
  std::vector<CallFrame*> stack_;
  std::uint64_t generation_ = 1;        // bumps on every request restart
  std::uint64_t bootedGeneration_ = 0;  // request whose prelude is loaded
  bool poisoned_ = false;               // a fatal error happened in the running outermost call
  bool restartPending_ = false;         // the request is broken; replace it before the next call
  bool booting_ = false;
  std::vector<std::pair<std::string, std::string>> globalCode_;
  std::set<std::string> globalKeys_;
  std::set<std::string> required_;  // files loaded in the current request
};

// The folder of prelude.php and the IPSModule classes (found in the data directory at run time,
// never a source path: emulator/runtime/data_dir.h). Set by startEmbeddedPhp before PHP runs.
void setPreludeDirectory(const std::string& directory);

}  // namespace symemu::php
