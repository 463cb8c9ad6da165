// The PHP host: guarded calls into PHP, the error callback, the time-limit watchdog and request
// restarts after a bailout (docs/architecture.md §5a). Independent of the SAPI.
#include "symemu/php/php_host.h"

#include <php.h>
#include <zend_atomic.h>
#include <zend_exceptions.h>

#include <chrono>
#include <cstring>
#include <condition_variable>
#include <thread>
#include <unordered_map>

#include "symemu/kernel/kernel.h"
#include "symemu/kernel/thread_name.h"
#include "symemu/php/php_module.h"

namespace symemu::php {

namespace {

// Enforces the time limit from a thread of its own instead of PHP's SIGPROF timer, which is
// process-wide in an NTS build and counts the CPU time of every thread (network threads too).
// It raises the engine's interrupt; the VM then fails with "Maximum execution time exceeded".
// Arming is cheap: the thread is only woken when it sleeps without a deadline (no call for a
// whole limit) or past the new one. Otherwise it wakes at the deadline it slept for and looks at
// the call running then, so thousands of short calls per second cost no context switch each.
class Watchdog {
 public:
  void arm(double seconds) {
    std::lock_guard<std::mutex> g(m_);
    if (!thread_) {
      thread_ = true;
      std::thread([this] { run(); }).detach();
    }
    limit_ = seconds;
    deadline_ = std::chrono::steady_clock::now() + std::chrono::microseconds(static_cast<long long>(seconds * 1e6));
    armed_ = true;
    recent_ = true;
    if (idle_ || deadline_ < sleepingUntil_) cv_.notify_one();
  }
  void disarm() {
    std::lock_guard<std::mutex> g(m_);
    armed_ = false;
    if (fired_) {  // a limit that fired after the call ended must not hit the next call
      fired_ = false;
      zend_atomic_bool_store_ex(&EG(timed_out), false);
    }
  }

 private:
  void run() {
    nameThisThread("php-watchdog");
    std::unique_lock<std::mutex> g(m_);
    for (;;) {
      if (!armed_ && !recent_) {  // no call for a whole time limit: sleep until the next one
        idle_ = true;
        cv_.wait(g);
        idle_ = false;
        continue;
      }
      recent_ = false;
      sleepingUntil_ = deadline_;  // the last armed call's, even if it has ended
      cv_.wait_until(g, sleepingUntil_);
      sleepingUntil_ = std::chrono::steady_clock::time_point::max();
      // The call armed now may be a later one than the call this sleep was for: its own deadline counts.
      if (armed_ && std::chrono::steady_clock::now() >= deadline_) {
        EG(timeout_seconds) = static_cast<zend_long>(limit_ < 1 ? 1 : limit_);
        zend_atomic_bool_store_ex(&EG(timed_out), true);
        zend_atomic_bool_store_ex(&EG(vm_interrupt), true);
        fired_ = true;
        armed_ = false;
      }
    }
  }
  std::mutex m_;
  std::condition_variable cv_;
  std::chrono::steady_clock::time_point deadline_;
  std::chrono::steady_clock::time_point sleepingUntil_ = std::chrono::steady_clock::time_point::max();
  double limit_ = 0;
  bool armed_ = false, fired_ = false, thread_ = false, idle_ = false;
  bool recent_ = false;  // armed since the thread last looked
};

Watchdog& watchdog() {
  static Watchdog* w = new Watchdog;  // never destroyed: its detached thread outlives main()
  return *w;
}

void (*originalErrorCallback)(int, zend_string*, const uint32_t, zend_string*) = nullptr;

constexpr int kFatalErrors = E_ERROR | E_CORE_ERROR | E_COMPILE_ERROR | E_USER_ERROR | E_PARSE | E_RECOVERABLE_ERROR;

// Set once by startEmbeddedPhp, before PHP runs; read under the host's lock afterwards.
std::string& preludeFolder() {
  static std::string folder;
  return folder;
}

bool inPrelude(const char* file) {
  const std::string& dir = preludeFolder();
  return file && !dir.empty() && std::strncmp(file, dir.c_str(), dir.size()) == 0;
}

// Errors raised inside the prelude (a kernel function's warning) are reported where the module
// called it: the innermost user code outside the prelude.
void moduleLocation(zend_string*& file, uint32_t& line) {
  if (file && !inPrelude(ZSTR_VAL(file))) return;
  for (zend_execute_data* ex = EG(current_execute_data); ex; ex = ex->prev_execute_data) {
    if (!ex->func || !ZEND_USER_CODE(ex->func->type) || !ex->opline) continue;
    zend_string* f = ex->func->op_array.filename;
    if (f && !inPrelude(ZSTR_VAL(f))) {
      file = f;
      line = ex->opline->lineno;
      return;
    }
  }
}

// No C++ object may be alive when the original callback runs: it longjmps on fatal errors.
void onPhpError(int flaggedType, zend_string* file, const uint32_t line, zend_string* message) {
  const int type = flaggedType & E_ALL;  // without E_DONT_BAIL (uncaught ParseError)
  const bool fatal = (type & kFatalErrors) != 0;
  if (fatal || (EG(error_reporting) & type)) {
    zend_string* where = file;
    uint32_t whereLine = line;
    moduleLocation(where, whereLine);
    PhpHost::get().recordError(type, where ? std::string(ZSTR_VAL(where), ZSTR_LEN(where)) : std::string(),
                               static_cast<int>(whereLine),
                               message ? std::string(ZSTR_VAL(message), ZSTR_LEN(message)) : std::string());
  }
  originalErrorCallback(flaggedType, file, line, message);
}

const char* errorKind(int type) {
  switch (type) {
    case E_ERROR:
    case E_CORE_ERROR:
    case E_COMPILE_ERROR:
    case E_USER_ERROR:
    case E_RECOVERABLE_ERROR:
      return "Fatal error";
    case E_PARSE:
      return "Parse error";
    case E_WARNING:
    case E_CORE_WARNING:
    case E_COMPILE_WARNING:
    case E_USER_WARNING:
      return "Warning";
    case E_DEPRECATED:
    case E_USER_DEPRECATED:
      return "Deprecated";
    default:
      return "Notice";
  }
}

// The zend_try boundary. Nothing with a destructor lives in this frame between setjmp and a
// possible longjmp; the engine state an inner bailout leaves behind is put back so the PHP code
// that called into the kernel can be ended cleanly.
bool guardedCall(zval* function, zend_fcall_info_cache* found, zval* ret, std::uint32_t argc, zval* argv) {
  zend_execute_data* volatile savedExecuteData = EG(current_execute_data);
  zend_vm_stack volatile savedStack = EG(vm_stack);
  zval* volatile savedTop = EG(vm_stack_top);
  zval* volatile savedEnd = EG(vm_stack_end);
  volatile bool ok = true;
  zend_try {
    // As call_user_function, with the function already looked up when `found` is given.
    zend_fcall_info fci;
    fci.size = sizeof(fci);
    ZVAL_COPY_VALUE(&fci.function_name, function);
    fci.object = nullptr;
    fci.retval = ret;
    fci.params = argv;
    fci.param_count = argc;
    fci.named_params = nullptr;
    if (zend_call_function(&fci, found) != SUCCESS) ok = false;
  }
  zend_catch {
    ok = false;
    EG(current_execute_data) = savedExecuteData;
    EG(vm_stack) = savedStack;
    EG(vm_stack_top) = savedTop;
    EG(vm_stack_end) = savedEnd;
    ZVAL_NULL(ret);
  }
  zend_end_try();
  return ok;
}

bool guardedEval(const char* code, std::size_t length, const char* name) {
  zend_execute_data* volatile savedExecuteData = EG(current_execute_data);
  volatile bool ok = true;
  zend_try {
    if (zend_eval_stringl_ex(code, length, nullptr, name, 1) != SUCCESS) ok = false;
  }
  zend_catch {
    ok = false;
    EG(current_execute_data) = savedExecuteData;
  }
  zend_end_try();
  return ok;
}

}  // namespace

std::string PhpFault::text() const {
  std::string s = kind + ": " + message;
  if (!file.empty()) s += " in " + file + ":" + std::to_string(line);
  return s;
}

bool CallFrame::failed() const {
  for (const auto& f : faults)
    if (f.kind != "Notice" && f.kind != "Deprecated") return true;
  return false;
}

std::string CallFrame::describe() const {
  std::string who = cls ? "Module " + cls->moduleName : std::string("PHP");
  if (instanceId) who += " (#" + std::to_string(instanceId) + ")";
  return who;
}

PhpHost& PhpHost::get() {
  static PhpHost* host = new PhpHost;  // lives as long as the interpreter: the whole process
  return *host;
}

void installKernelClock();  // php_clock.cpp

void PhpHost::attachSapi(std::function<void()> restart, bool restartable) {
  restart_ = std::move(restart);
  restartable_ = restartable;
  installKernelClock();
  if (!originalErrorCallback) {
    originalErrorCallback = zend_error_cb;
    zend_error_cb = onPhpError;
  }
}

void PhpHost::setMemoryLimit(const std::string& limit) {
  std::lock_guard<std::recursive_mutex> g(mutex_);
  memoryLimit_ = limit;
  if (!started()) return;
  zend_string* key = zend_string_init("memory_limit", sizeof("memory_limit") - 1, 0);
  zend_alter_ini_entry_chars(key, limit.c_str(), limit.size(), PHP_INI_SYSTEM, PHP_INI_STAGE_RUNTIME);
  zend_string_release(key);
}

void PhpHost::addGlobalCode(const std::string& key, const std::string& php) {
  std::lock_guard<std::recursive_mutex> g(mutex_);
  if (!globalKeys_.insert(key).second) return;
  globalCode_.emplace_back(key, php);
  if (bootedGeneration_ == generation_) {
    CallFrame frame;
    evalGuarded(php, key.c_str(), frame);
  }
}

void PhpHost::recordError(int type, const std::string& file, int line, const std::string& message) {
  PhpFault f{errorKind(type), message, file, line, (type & kFatalErrors) != 0};
  if (CallFrame* frame = current()) frame->faults.push_back(std::move(f));
}

bool PhpHost::evalGuarded(const std::string& code, const char* name, CallFrame& frame) {
  stack_.push_back(&frame);
  bool ok = guardedEval(code.c_str(), code.size(), name);
  stack_.pop_back();
  if (!ok) poisoned_ = true;
  return ok && !frame.failed();
}

bool PhpHost::ensureRequest(CallFrame& frame) {
  if (bootedGeneration_ == generation_) return true;
  if (booting_) return true;
  booting_ = true;
  required_.clear();
  bool ok = evalGuarded(std::string("require '") + preludeFolder() + "/prelude.php';", "symemu prelude", frame);
  for (const auto& [key, code] : globalCode_)
    if (ok) ok = evalGuarded(code, key.c_str(), frame);
  booting_ = false;
  if (ok) bootedGeneration_ = generation_;
  return ok;
}

bool PhpHost::loadPrelude(CallFrame& frame) {
  std::lock_guard<std::recursive_mutex> g(mutex_);
  return ensureRequest(frame);
}

// The request broken by a fatal error is replaced when the next outermost call begins, not when
// the failed one ends: its callers still hold zvals of that request and free them first.
PhpEntry::PhpEntry() : lock_(PhpHost::get().lock()) { PhpHost::get().settle(); }

void PhpHost::settle() {
  std::lock_guard<std::recursive_mutex> g(mutex_);
  if (!restartPending_ || !stack_.empty() || !restart_) return;
  restartPending_ = false;
  restart_();
  if (!restartable_) return;  // php-cli: the one request goes on with the prelude it has
  ++generation_;
  required_.clear();
}

void PhpHost::beginOutermost() {
  settle();
  poisoned_ = false;
  if (timeLimit_ > 0) watchdog().arm(timeLimit_);
}

void PhpHost::endOutermost() {
  watchdog().disarm();
  if (poisoned_) restartPending_ = true;
  poisoned_ = false;
}

// The host calls a few functions (the module dispatchers) thousands of times a second: each is
// looked up once per request (functions and classes live as long as the request), not parsed
// and found again at every call. Null: not callable now (the call then reports why).
zend_fcall_info_cache* PhpHost::lookUp(const char* function) {
  struct Found {
    std::string name;
    std::uint64_t generation = 0;
    zend_fcall_info_cache cache{};
  };
  // By the address of the name (the callers pass literals); the text is compared.
  static std::unordered_map<const char*, Found> found;
  Found& f = found[function];
  if (f.generation != generation_ || !f.cache.function_handler || std::strcmp(f.name.c_str(), function) != 0) {
    if (found.size() > 256) found.clear();  // names built at run time: bounded
    Found& g = found[function];
    g = Found{function};
    zval name;
    ZVAL_STRING(&name, function);
    const bool callable = zend_is_callable_ex(&name, nullptr, 0, nullptr, &g.cache, nullptr);
    zval_ptr_dtor(&name);
    if (!callable) return nullptr;
    g.generation = generation_;
    return &g.cache;
  }
  return &f.cache;
}

bool PhpHost::call(const char* function, std::uint32_t argc, zval* argv, zval* ret, CallFrame& frame) {
  std::lock_guard<std::recursive_mutex> g(mutex_);
  ZVAL_NULL(ret);
  if (!started()) {
    frame.faults.push_back({"Fatal error", "PHP is not started in this process", "", 0, true});
    return false;
  }
  // Module calls that call modules again run on the C stack; stop long before it runs out.
  if (stack_.size() >= kMaxNesting) {
    frame.faults.push_back(
        {"Error",
         "Maximum nesting level of " + std::to_string(kMaxNesting) + " PHP module calls reached (endless recursion?)",
         "", 0, false});
    return false;
  }
  const bool outermost = stack_.empty();
  if (outermost) beginOutermost();
  bool ok = !poisoned_ && ensureRequest(frame);
  if (ok) {
    stack_.push_back(&frame);
    // zend_call_function reads the name only when it has no function found: the name string is
    // made only then (it reports why the function cannot be called).
    zval name;
    zend_fcall_info_cache* found = lookUp(function);
    if (found)
      ZVAL_UNDEF(&name);
    else
      ZVAL_STRING(&name, function);
    ok = guardedCall(&name, found, ret, argc, argv);
    zval_ptr_dtor(&name);
    stack_.pop_back();
    if (!ok) poisoned_ = true;
    if (EG(exception)) {  // the prelude catches Throwable; this is a last line of defence
      frame.faults.push_back({"Uncaught exception", "in " + std::string(function), "", 0, false});
      zend_clear_exception();
      ok = false;
    }
  }
  for (const auto& f : frame.faults)
    if (f.fatal) ok = false;
  if (outermost) endOutermost();
  return ok;
}

bool PhpHost::require(const std::string& file, CallFrame& frame, std::uint64_t* loadedIn) {
  std::lock_guard<std::recursive_mutex> g(mutex_);
  // Already loaded in this request: nothing to run, so no outermost call to begin (the module
  // call that follows begins it). required_ is emptied only with a new request (generation).
  const bool sound = bootedGeneration_ == generation_ && !restartPending_ && !poisoned_;
  if (sound && loadedIn && *loadedIn == generation_) return true;
  if (sound && required_.count(file)) {
    if (loadedIn) *loadedIn = generation_;
    return true;
  }
  const bool outermost = stack_.empty();
  if (outermost) beginOutermost();
  bool ok = !poisoned_ && ensureRequest(frame);
  if (ok && !required_.count(file)) {
    std::string quoted;
    for (char c : file) {
      if (c == '\'' || c == '\\') quoted += '\\';
      quoted += c;
    }
    ok = evalGuarded("require_once '" + quoted + "';", "symemu loader", frame);
    if (ok) required_.insert(file);
  }
  if (ok && loadedIn) *loadedIn = generation_;
  if (outermost) endOutermost();
  return ok;
}

void setPreludeDirectory(const std::string& directory) { preludeFolder() = directory; }

}  // namespace symemu::php
