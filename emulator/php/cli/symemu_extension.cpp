// symemu.so: the PHP host as an extension of Debian's php8.2-cli, for PHPUnit suites
// (docs/phpunit-stubs.md). It registers the host's internal functions (the same prelude and
// PhpModule adapter as the embedded host) plus symemu_test(), through which the stubs folder's
// IPS\* test classes reach the in-process test kernel.
// Threads: php-cli's main thread only. Errors: symemu_test throws a PHP Exception naming the
// problem; the kernel stays usable.
#include <php.h>
#include <ext/standard/info.h>
#include <zend_exceptions.h>

#include <dlfcn.h>

#include <cstring>
#include <vector>

#include "symemu/runtime/data_dir.h"
#include "symemu/kernel/kernel.h"
#include "symemu/php/php_extension.h"
#include "symemu/php/php_host.h"
#include "symemu/php/php_module.h"
#include "symemu/php/php_library.h"
#include "symemu/php/php_values.h"
#include "symemu/php/cli/test_kernel.h"

namespace symemu::php {

namespace {

void packetArray(zval* out, const CapturedPacket& p) {
  array_init(out);
  add_assoc_long(out, "Type", p.type);
  add_assoc_stringl(out, "Buffer", p.buffer.data(), p.buffer.size());
  add_assoc_stringl(out, "ClientIP", p.clientIp.data(), p.clientIp.size());
  add_assoc_long(out, "ClientPort", p.clientPort);
}

zval* field(zval* array, const char* key) {
  zval* v = Z_TYPE_P(array) == IS_ARRAY ? zend_hash_str_find(Z_ARRVAL_P(array), key, std::strlen(key)) : nullptr;
  return v;
}
std::string fieldString(zval* array, const char* key) {
  zval* v = field(array, key);
  return v ? stringFromZval(v) : std::string();
}
double fieldDouble(zval* array, const char* key) {
  zval* v = field(array, key);
  return v ? zval_get_double(v) : 0;
}

// A profile in IPS_GetVariableProfile's shape (ProfileName, ProfileType, Icon, ..., Associations).
Profile profileFromArray(zval* a) {
  if (Z_TYPE_P(a) != IS_ARRAY) throw KernelError("putProfile: the profile must be an array");
  Profile p;
  p.name = fieldString(a, "ProfileName");
  p.type = static_cast<VariableType>(static_cast<int>(fieldDouble(a, "ProfileType")));
  p.icon = fieldString(a, "Icon");
  p.prefix = fieldString(a, "Prefix");
  p.suffix = fieldString(a, "Suffix");
  p.minValue = fieldDouble(a, "MinValue");
  p.maxValue = fieldDouble(a, "MaxValue");
  p.stepSize = fieldDouble(a, "StepSize");
  p.digits = static_cast<int>(fieldDouble(a, "Digits"));
  p.readOnly = field(a, "IsReadOnly") && zend_is_true(field(a, "IsReadOnly"));
  if (zval* list = field(a, "Associations"); list && Z_TYPE_P(list) == IS_ARRAY) {
    zval* item;
    ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(list), item) {
      ProfileAssociation as;
      as.value = fieldDouble(item, "Value");
      as.name = fieldString(item, "Name");
      as.icon = fieldString(item, "Icon");
      as.color = field(item, "Color") ? static_cast<int>(zval_get_long(field(item, "Color"))) : -1;
      p.associations.push_back(std::move(as));
    }
    ZEND_HASH_FOREACH_END();
  }
  return p;
}

// The file php-cli loaded this extension from (its children load the same file, see symemu.php).
std::string extensionFile() {
  Dl_info info{};
  if (dladdr(reinterpret_cast<void*>(&extensionFile), &info) && info.dli_fname) return info.dli_fname;
  throw KernelError("symemu: cannot tell which file symemu.so was loaded from");
}

bool booted = false;  // the stubs booted in this process (PHPUnit's children boot again)

void testOp(const std::string& op, const ArgList& args, zval* ret) {
  TestKernel& tk = TestKernel::get();
  PhpHost& host = PhpHost::get();
  if (op == "booted") {
    ZVAL_BOOL(ret, booted);
  } else if (op == "extensionFile") {
    const std::string file = extensionFile();
    ZVAL_STRINGL(ret, file.data(), file.size());
  } else if (op == "logToStderr") {  // off in PHPUnit's child processes: stderr output fails a test there
    tk.setLogToStderr(zend_is_true(args.at(0)));
    ZVAL_TRUE(ret);
  } else if (op == "boot") {
    CallFrame frame;
    frame.kernel = &tk.kernel();
    // The prelude is data beside the libraries: <data>/libraries -> <data>/php/prelude, found
    // relative to symemu.so or through SYMEMU_DATA_DIR (data_dir.h), as the embedded host does.
    const std::string libraries = librariesDirectory();
    setPreludeDirectory(libraries.substr(0, libraries.find_last_of('/')) + "/php/prelude");
    host.setDefaultKernel(&tk.kernel());
    addKernelFunctionWrappers();
    if (!host.loadPrelude(frame))
      throw KernelError("symemu: the PHP prelude could not be loaded: " +
                        (frame.faults.empty() ? std::string("unknown error") : frame.faults.front().text()));
    booted = true;
    ZVAL_TRUE(ret);
  } else if (op == "reset") {
    host.setDefaultKernel(nullptr);
    tk.reset(args.size() > 0 ? args.str(0) : std::string());
    host.setDefaultKernel(&tk.kernel());
    ZVAL_TRUE(ret);
  } else if (op == "shutdown") {
    host.setDefaultKernel(nullptr);
    tk.shutdown();
    ZVAL_TRUE(ret);
  } else if (op == "loadLibrary") {
    tk.loadLibrary(args.str(0));
    ZVAL_TRUE(ret);
  } else if (op == "moduleClass") {
    Kernel& k = tk.kernel();
    const int id = static_cast<int>(args.integer(0));
    auto module = k.getInstance(id).module;  // throws for unknown instances
    if (auto* m = dynamic_cast<PhpModule*>(module.get())) {
      ZVAL_STRINGL(ret, m->phpClass().className.data(), m->phpClass().className.size());
    } else {
      ZVAL_STRING(ret, "");
    }
  } else if (op == "setStatus") {
    tk.kernel().setStatus(static_cast<int>(args.integer(0)), static_cast<int>(args.integer(1)));
    ZVAL_TRUE(ret);
  } else if (op == "setSummary") {  // IPS\ObjectManager::setSummary (no IPS_ function in Symcon)
    tk.kernel().setSummary(static_cast<int>(args.integer(0)), args.str(1));
    ZVAL_TRUE(ret);
  } else if (op == "setReadOnly") {  // IPS\ObjectManager::setReadOnly
    tk.kernel().setReadOnly(static_cast<int>(args.integer(0)), zend_is_true(args.at(1)));
    ZVAL_TRUE(ret);
  } else if (op == "putProfile") {
    tk.kernel().putVariableProfile(profileFromArray(args.at(0)));
    ZVAL_TRUE(ret);
  } else if (op == "filters") {  // [receive filter, forward filter] of an instance
    const auto& instance = tk.kernel().getInstance(static_cast<int>(args.integer(0)));
    array_init(ret);
    add_next_index_stringl(ret, instance.receiveFilter.data(), instance.receiveFilter.size());
    add_next_index_stringl(ret, instance.forwardFilter.data(), instance.forwardFilter.size());
  } else if (op == "depth") {  // > 0 while PHP runs inside a module call
    ZVAL_LONG(ret, host.depth());
  } else if (op == "now") {
    ZVAL_DOUBLE(ret, tk.kernel().now());
  } else if (op == "advance") {
    tk.kernel().advance(args.real(0));
    ZVAL_DOUBLE(ret, tk.kernel().now());
  } else if (op == "setTime") {  // a module's getTime(): the clock moves forward to it
    Kernel& k = tk.kernel();
    const double t = args.real(0);
    if (t > k.now()) k.advance(t - k.now());
    ZVAL_DOUBLE(ret, k.now());
  } else if (op == "sendToChildren") {
    tk.kernel().sendDataToChildren(static_cast<int>(args.integer(0)), args.str(1));
    ZVAL_TRUE(ret);
  } else if (op == "forwardData") {  // IPS\InstanceManager::getInstanceInterface($id)->ForwardData($json)
    const std::string answer =
        tk.kernel().getInstance(static_cast<int>(args.integer(0))).module->forwardData(args.str(1));
    ZVAL_STRINGL(ret, answer.data(), answer.size());
  } else if (op == "callFunction") {  // [PREFIX_Name, id, args...]: a test helper; errors are exceptions
    std::vector<Value> values;
    for (std::size_t i = 2; i < args.size(); ++i) values.push_back(args.value(i));
    zvalFromValue(ret, tk.kernel().callFunction(args.str(0), static_cast<int>(args.integer(1)), values));
  } else if (op == "hasPacket" || op == "peekPacket" || op == "popPacket") {
    const int id = static_cast<int>(args.integer(0));
    tk.kernel().getInstance(id);
    auto& queue = tk.packets(id);
    if (op == "hasPacket") {
      ZVAL_BOOL(ret, !queue.empty());
      return;
    }
    if (queue.empty()) throw KernelError("There is not data available");
    packetArray(ret, queue.front());
    if (op == "popPacket") queue.pop_front();
  } else if (op == "logMessages") {
    array_init(ret);
    for (const auto& e : tk.kernel().logEntries()) {
      zval entry;
      array_init(&entry);
      add_assoc_long(&entry, "SenderID", e.senderId);
      add_assoc_stringl(&entry, "Sender", e.sender.data(), e.sender.size());
      add_assoc_long(&entry, "Type", e.type);
      add_assoc_stringl(&entry, "Message", e.message.data(), e.message.size());
      add_assoc_double(&entry, "TimeStamp", e.time);
      add_next_index_zval(ret, &entry);
    }
  } else if (op == "debugMessages") {
    array_init(ret);
    for (const auto& e : tk.kernel().debugEntries(static_cast<int>(args.integer(0)))) {
      zval entry;
      array_init(&entry);
      add_assoc_stringl(&entry, "Message", e.message.data(), e.message.size());
      add_assoc_stringl(&entry, "Data", e.data.data(), e.data.size());
      add_assoc_long(&entry, "Format", e.format);
      add_next_index_zval(ret, &entry);
    }
  } else {
    throw KernelError("symemu_test: unknown operation " + op);
  }
}

}  // namespace

}  // namespace symemu::php

ZEND_BEGIN_ARG_INFO_EX(arginfo_symemu_test, 0, 0, 2)
ZEND_ARG_INFO(0, Op)
ZEND_ARG_INFO(0, Args)
ZEND_END_ARG_INFO()

// symemu_test(string $Op, array $Args): the stubs folder's way into the test kernel.
static PHP_FUNCTION(symemu_test) {
  zend_string* op = nullptr;
  HashTable* args = nullptr;
  ZEND_PARSE_PARAMETERS_START(2, 2)
  Z_PARAM_STR(op)
  Z_PARAM_ARRAY_HT(args)
  ZEND_PARSE_PARAMETERS_END();
  ZVAL_NULL(return_value);
  zend_string* error = nullptr;
  try {
    symemu::php::testOp(ZSTR_VAL(op), symemu::php::ArgList(args, ZSTR_VAL(op)), return_value);
  } catch (const std::exception& e) {
    error = zend_string_init(e.what(), std::strlen(e.what()), 0);
  }
  if (error) {  // no C++ object alive here: zend_throw_exception may not return normally later
    zval_ptr_dtor(return_value);
    ZVAL_NULL(return_value);
    zend_throw_exception(zend_ce_exception, ZSTR_VAL(error), 0);
    zend_string_release(error);
  }
}

static PHP_MINIT_FUNCTION(symemu) {
  // php-cli has one request for the whole run: nothing to restart after a fatal error.
  symemu::php::PhpHost::get().attachSapi([] {}, false);
  // Debug output of instances with debug enabled is printed, as the official stubs echo it.
  symemu::php::TestKernel::get().setDebugOutput([](const symemu::DebugEntry& e) {
    static const char digits[] = "0123456789abcdef";
    std::string data;
    if (e.format == 1) {  // binary: hex, as the official stubs print it
      for (unsigned char c : e.data) data += {digits[c >> 4], digits[c & 15]};
    } else {
      data = e.data;
    }
    const std::string line = "DEBUG: " + e.message + " | " + data + "\n";
    PHPWRITE(line.data(), line.size());
  });
  return SUCCESS;
}

static PHP_RSHUTDOWN_FUNCTION(symemu) {
  // The test's shutdown function closed the kernel; what is left must not run PHP any more.
  symemu::php::PhpHost::get().setDefaultKernel(nullptr);
  symemu::php::TestKernel::get().abandon();
  return SUCCESS;
}

static PHP_MINFO_FUNCTION(symemu) {
  php_info_print_table_start();
  php_info_print_table_row(2, "symemu", "IP-Symcon kernel emulator for PHPUnit suites");
  php_info_print_table_end();
}

extern "C" ZEND_DLEXPORT zend_module_entry* get_module() {
  static std::vector<zend_function_entry> functions;
  if (functions.empty()) {
    for (const zend_function_entry* f = symemu::php::symemuFunctionEntries(); f->fname; ++f) functions.push_back(*f);
    functions.push_back({"symemu_test", zif_symemu_test, arginfo_symemu_test, 2, 0});
    functions.push_back({nullptr, nullptr, nullptr, 0, 0});
  }
  static zend_module_entry entry = {
      STANDARD_MODULE_HEADER, "symemu",          functions.data(), PHP_MINIT(symemu),         nullptr, nullptr,
      PHP_RSHUTDOWN(symemu),  PHP_MINFO(symemu), "0.1.0",          STANDARD_MODULE_PROPERTIES};
  return &entry;
}
