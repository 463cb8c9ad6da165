#pragma once
// PhpModule: the kernel's Module interface implemented by a PHP class (docs/architecture.md §5a).
// Threads: the kernel thread, like every module. Ownership: the kernel owns the adapter; the
// adapter shares its PhpModuleClass with the other instances of the module.
// Per call, as in Symcon, a fresh PHP object `new Class($InstanceID)` is made and dropped, so
// PHP members never survive between calls (docs/symcon-kernel.md §2.6).
// Errors: a PHP fault is logged as a kernel error naming module, instance, file and line. Calls
// with a caller waiting for an answer (Create, ApplyChanges, exported functions, RequestAction,
// ForwardData, forms, hooks) then throw KernelError; ReceiveData, MessageSink and timers only log,
// so the sender and the other receivers carry on.
#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "symemu/kernel/module.h"
#include "symemu/kernel/module_registry.h"

struct _zval_struct;
struct _zend_string;

namespace symemu::php {

struct CallFrame;

// What the loader learnt about one module's PHP class.
class PhpModuleClass {
 public:
  std::string moduleId, moduleName, className, prefix, modulePhp, formJson, directory;
  bool strict = false;                              // extends IPSModuleStrict
  std::vector<std::string> exportedMethods;         // public, not part of the framework
  std::map<std::string, std::string> translations;  // locale.json, system language
};

// For tests: whether a module call uses what it kept per request (its module.php known to be
// loaded, the class's interned name; default) or looks both up at every call as before.
void setCallNotesKept(bool on);

class PhpModule : public Module {
 public:
  explicit PhpModule(std::shared_ptr<const PhpModuleClass> cls) : cls_(std::move(cls)) {}

  void create() override;
  void applyChanges() override;
  void destroy() override;
  std::string receiveData(const std::string& json) override;
  // ReceiveData; json_decode of an MQTT packet's text is built from its typed form (php_json_mqtt.h).
  std::string receivePacket(const Packet& packet) override;
  std::string forwardData(const std::string& json) override;
  void messageSink(std::int64_t timeStamp, int senderId, int message, const std::vector<Value>& data) override;
  void requestAction(const std::string& ident, const Value& value) override;
  std::string getConfigurationForm() override;
  std::string getConfigurationForParent() override;
  HookResponse processHookData(const HookRequest& request) override;
  DataEncoding dataEncoding() const override { return cls_->strict ? DataEncoding::Hex : DataEncoding::Utf8Mapped; }

  const PhpModuleClass& phpClass() const { return *cls_; }
  // Calls an exported method with PHP values as they are (PHP caller to PHP module); the result
  // goes to `ret`. False when the call failed (the fault is logged and in `frame`).
  bool callExported(const std::string& method, _zval_struct* args, _zval_struct* ret, CallFrame& frame);
  // Runs timer or script text with $_IPS (TARGET = this instance); logs faults.
  void runScript(const std::string& code, const std::string& sender);

 private:
  enum class OnFault { Throw, Log };
  // Calls $method on a fresh object; args/ret are zvals; returns false on a fault (logged).
  bool invoke(const char* method, _zval_struct* args, _zval_struct* ret, CallFrame& frame);
  std::string invokeString(const char* method, const std::vector<std::string>& args, OnFault onFault);
  std::string invokeString(const char* method, const std::string& arg, OnFault onFault);
  std::string invokeStringWith(const char* method, _zval_struct* args, OnFault onFault);  // takes `args`
  void invokeVoid(const char* method, OnFault onFault);
  void report(const char* method, CallFrame& frame, OnFault onFault);
  void classNameArgument(_zval_struct* out);

  std::shared_ptr<const PhpModuleClass> cls_;
  // Kept per PHP request (PhpHost::generation), so that a call finds them without a lookup: the
  // request module.php was last loaded in, and the class's own (interned) name in that request.
  std::uint64_t loadedIn_ = 0;
  std::uint64_t classNameIn_ = 0;
  _zend_string* className_ = nullptr;
};

}  // namespace symemu::php
