// PhpModule: every kernel callback becomes `new Class($InstanceID)` plus one method call, made
// through the prelude's dispatcher so exceptions and output stay inside the call.
#include "symemu/php/php_module.h"

#include <php.h>
#include <SAPI.h>

#include <cctype>
#include <cstring>

#include "symemu/kernel/json_value.h"
#include "symemu/kernel/kernel.h"
#include "symemu/kernel/packet.h"
#include "symemu/kernel/packet_forms.h"
#include "symemu/php/php_host.h"
#include "symemu/php/php_json_mqtt.h"
#include "symemu/php/php_shared_texts.h"
#include "symemu/php/php_values.h"

namespace symemu::php {

namespace {

// Index access into the dispatcher's result: [true, value, output] or
// [false, class, message, file, line, output].
zval* item(zval* array, zend_ulong i) {
  return Z_TYPE_P(array) == IS_ARRAY ? zend_hash_index_find(Z_ARRVAL_P(array), i) : nullptr;
}

// Reads a dispatcher result into `ret` (value) and `frame` (the exception, if any).
void unpack(zval* result, zval* ret, CallFrame& frame, std::string& output) {
  zval* ok = item(result, 0);
  if (!ok) {
    frame.faults.push_back({"Fatal error", "the module call returned no result", "", 0, true});
    return;
  }
  if (zend_is_true(ok)) {
    if (zval* v = item(result, 1)) ZVAL_COPY(ret, v);
    if (zval* o = item(result, 2)) output = stringFromZval(o);
    return;
  }
  PhpFault f;
  f.kind = "Uncaught " + stringFromZval(item(result, 1));
  f.message = stringFromZval(item(result, 2));
  f.file = stringFromZval(item(result, 3));
  f.line = static_cast<int>(zval_get_long(item(result, 4)));
  frame.faults.push_back(std::move(f));
  if (zval* o = item(result, 5)) output = stringFromZval(o);
}

const char* dispatcher(const PhpModuleClass& cls) {
  return cls.strict ? "IPSModuleStrict::__symemuDispatch" : "IPSModule::__symemuDispatch";
}

void argsArray(zval* out, const std::vector<Value>& values) {
  array_init_size(out, static_cast<uint32_t>(values.size()));
  for (const auto& v : values) {
    zval z;
    zvalFromValue(&z, v);
    add_next_index_zval(out, &z);
  }
}

// Warnings fail the calls whose caller waits for an answer (Symcon reports them as the error of
// that call); elsewhere they are logged and the call goes on, as PHP does.
bool hardFault(const CallFrame& frame, bool warningsFail) {
  for (const auto& f : frame.faults) {
    if (f.fatal || f.kind.rfind("Uncaught", 0) == 0 || f.kind == "Error") return true;
    if (warningsFail && f.kind == "Warning") return true;
  }
  return false;
}

bool callNotesKept = true;  // PHP's thread only; tests switch it off to compare

}  // namespace

void setCallNotesKept(bool on) { callNotesKept = on; }

void PhpModule::report(const char* method, CallFrame& frame, OnFault onFault) {
  std::string first;
  for (const auto& f : frame.faults) {
    if (f.kind == "Notice" || f.kind == "Deprecated") continue;
    std::string text = frame.describe() + " " + method + ": " + f.text();
    if (first.empty()) first = text;
    if (kernel().instanceExists(instanceId()) || !kernel().isClosed())
      kernel().logMessage(instanceId(), msg::KL_ERROR, text);
  }
  if (onFault == OnFault::Throw && hardFault(frame, false)) throw KernelError(first.empty() ? method : first);
}

bool PhpModule::invoke(const char* method, zval* args, zval* ret, CallFrame& frame) {
  frame.kernel = &kernel();
  frame.instanceId = instanceId();
  frame.cls = cls_.get();
  ZVAL_NULL(ret);
  PhpHost& host = PhpHost::get();
  std::lock_guard<std::recursive_mutex> lock(host.lock());
  if (!host.require(cls_->modulePhp, frame, callNotesKept ? &loadedIn_ : nullptr)) return false;
  zval params[4];
  ZVAL_LONG(&params[0], instanceId());
  classNameArgument(&params[1]);
  ZVAL_STRING(&params[2], method);
  ZVAL_COPY(&params[3], args);
  zval result;
  bool ok = host.call(dispatcher(*cls_), 4, params, &result, frame);
  for (auto& p : params) zval_ptr_dtor(&p);
  std::string output;
  if (ok) unpack(&result, ret, frame, output);
  zval_ptr_dtor(&result);
  if (!output.empty())
    kernel().logMessage(instanceId(), msg::KL_MESSAGE, frame.describe() + " " + method + " printed: " + output);
  return ok && !hardFault(frame, false);
}

// The dispatcher's $Class. Once the class is loaded, the class entry's own name: an interned
// string that `new $Class` resolves through PHP's class-entry cache, where a copy of the text is
// lowercased and looked up at every call. The same class either way (names are case-insensitive).
void PhpModule::classNameArgument(zval* out) {
  const std::uint64_t request = PhpHost::get().generation();
  if (!callNotesKept) {
    classNameIn_ = 0;
    className_ = nullptr;
  } else if (classNameIn_ != request) {
    className_ = nullptr;  // a name of an earlier request: gone with it
    std::string lower = cls_->className;
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto* ce = static_cast<zend_class_entry*>(zend_hash_str_find_ptr(EG(class_table), lower.data(), lower.size()));
    if (ce && ZSTR_IS_INTERNED(ce->name)) {
      className_ = ce->name;
      classNameIn_ = request;
    }
  }
  if (className_)
    ZVAL_INTERNED_STR(out, className_);
  else
    ZVAL_STRINGL(out, cls_->className.data(), cls_->className.size());
}

void PhpModule::invokeVoid(const char* method, OnFault onFault) {
  PhpEntry entry;
  zval args, ret;
  array_init(&args);
  CallFrame frame;
  invoke(method, &args, &ret, frame);
  zval_ptr_dtor(&args);
  zval_ptr_dtor(&ret);
  report(method, frame, onFault);
}

std::string PhpModule::invokeString(const char* method, const std::vector<std::string>& values, OnFault onFault) {
  PhpEntry entry;
  zval args;
  array_init(&args);
  for (const auto& v : values) add_next_index_stringl(&args, v.data(), v.size());
  return invokeStringWith(method, &args, onFault);
}

// ReceiveData/ForwardData: the packet text goes into PHP's argument array directly (no copy into
// a list first; packets are passed thousands of times a second).
std::string PhpModule::invokeString(const char* method, const std::string& value, OnFault onFault) {
  PhpEntry entry;
  zval args;
  array_init_size(&args, 1);
  // A packet a PHP module sent (SendDataToChildren) arrives as that module's string, not a copy.
  if (zend_string* php = phpStringOf(&value))
    add_next_index_str(&args, zend_string_copy(php));
  else
    add_next_index_stringl(&args, value.data(), value.size());
  return invokeStringWith(method, &args, onFault);
}

std::string PhpModule::invokeStringWith(const char* method, zval* argsArray, OnFault onFault) {
  zval& args = *argsArray;
  zval ret;
  CallFrame frame;
  bool ok = invoke(method, &args, &ret, frame);
  std::string out = ok && Z_TYPE(ret) != IS_NULL ? stringFromZval(&ret) : std::string();
  zval_ptr_dtor(&args);
  zval_ptr_dtor(&ret);
  report(method, frame, onFault);
  return out;
}

void PhpModule::create() {
  // PREFIX_Name for every exported method; JSON-RPC, Python and PHP reach them through the kernel.
  for (const auto& method : cls_->exportedMethods) {
    kernel().registerFunction(instanceId(), method, [this, method](const std::vector<Value>& values) -> Value {
      PhpEntry entry;
      zval args, ret;
      argsArray(&args, values);
      CallFrame frame;
      bool ok = invoke(method.c_str(), &args, &ret, frame);
      Value out = ok ? valueFromZval(&ret) : Value(false);
      zval_ptr_dtor(&args);
      zval_ptr_dtor(&ret);
      report(method.c_str(), frame, OnFault::Log);
      if (hardFault(frame, true)) {
        for (const auto& f : frame.faults)
          if (f.kind != "Notice" && f.kind != "Deprecated") throw KernelError(f.text());
      }
      return out;
    });
  }
  invokeVoid("Create", OnFault::Throw);
}

void PhpModule::applyChanges() { invokeVoid("ApplyChanges", OnFault::Throw); }
void PhpModule::destroy() { invokeVoid("Destroy", OnFault::Log); }
std::string PhpModule::receiveData(const std::string& json) { return invokeString("ReceiveData", json, OnFault::Log); }
std::string PhpModule::receivePacket(const Packet& packet) {
  const auto* publish = packet.attached<forms::MqttPublish>();
  if (!publish) return receiveData(packet.text());
  // The argument is made here so that its json_decode needs no comparison with the text.
  PhpEntry entry;
  zval args;
  array_init_size(&args, 1);
  zend_string* argument = zend_string_init(packet.text().data(), packet.text().size(), 0);
  add_next_index_str(&args, argument);
  MqttPacketScope scope(packet.text(), *publish, ZSTR_VAL(argument));
  return invokeStringWith("ReceiveData", &args, OnFault::Log);
}
std::string PhpModule::forwardData(const std::string& json) {
  return invokeString("ForwardData", json, OnFault::Throw);
}
std::string PhpModule::getConfigurationForm() {
  return invokeString("GetConfigurationForm", std::vector<std::string>{}, OnFault::Throw);
}
std::string PhpModule::getConfigurationForParent() {
  return invokeString("GetConfigurationForParent", std::vector<std::string>{}, OnFault::Throw);
}

void PhpModule::messageSink(std::int64_t timeStamp, int senderId, int message, const std::vector<Value>& data) {
  PhpEntry entry;
  zval args, list, ret;
  array_init(&args);
  add_next_index_long(&args, timeStamp);
  add_next_index_long(&args, senderId);
  add_next_index_long(&args, message);
  argsArray(&list, data);
  add_next_index_zval(&args, &list);
  CallFrame frame;
  invoke("MessageSink", &args, &ret, frame);
  zval_ptr_dtor(&args);
  zval_ptr_dtor(&ret);
  report("MessageSink", frame, OnFault::Log);
}

void PhpModule::requestAction(const std::string& ident, const Value& value) {
  PhpEntry entry;
  zval args, v, ret;
  array_init(&args);
  add_next_index_stringl(&args, ident.data(), ident.size());
  zvalFromValue(&v, value);
  add_next_index_zval(&args, &v);
  CallFrame frame;
  invoke("RequestAction", &args, &ret, frame);
  zval_ptr_dtor(&args);
  zval_ptr_dtor(&ret);
  report("RequestAction", frame, OnFault::Log);
  for (const auto& f : frame.faults)
    if (hardFault(frame, true) && f.kind != "Notice" && f.kind != "Deprecated") throw KernelError(f.text());
}

bool PhpModule::callExported(const std::string& method, zval* args, zval* ret, CallFrame& frame) {
  bool ok = invoke(method.c_str(), args, ret, frame);
  report(method.c_str(), frame, OnFault::Log);
  return ok && !hardFault(frame, true);
}

void PhpModule::runScript(const std::string& code, const std::string& sender) {
  CallFrame frame;
  frame.kernel = &kernel();
  frame.instanceId = instanceId();
  frame.cls = cls_.get();
  PhpHost& host = PhpHost::get();
  PhpEntry entry;
  zval params[2], result, ret;
  ZVAL_STRINGL(&params[0], code.data(), code.size());
  array_init(&params[1]);
  add_assoc_long(&params[1], "TARGET", instanceId());
  add_assoc_stringl(&params[1], "SENDER", sender.data(), sender.size());
  ZVAL_NULL(&ret);
  std::string output;
  if (host.call("__symemu_script", 2, params, &result, frame)) unpack(&result, &ret, frame, output);
  for (auto& p : params) zval_ptr_dtor(&p);
  zval_ptr_dtor(&result);
  zval_ptr_dtor(&ret);
  if (!output.empty())
    kernel().logMessage(instanceId(), msg::KL_MESSAGE, frame.describe() + " timer printed: " + output);
  report("timer script", frame, OnFault::Log);
}

HookResponse PhpModule::processHookData(const HookRequest& request) {
  CallFrame frame;
  frame.kernel = &kernel();
  frame.instanceId = instanceId();
  frame.cls = cls_.get();
  PhpHost& host = PhpHost::get();
  PhpEntry entry;
  HookResponse response;
  if (!host.require(cls_->modulePhp, frame, &loadedIn_)) {
    report("ProcessHookData", frame, OnFault::Log);
    return HookResponse{500, {{"Content-Type", "text/plain; charset=utf-8"}}, "The module could not be loaded"};
  }

  zval server;
  array_init(&server);
  auto set = [&server](const char* key, const std::string& value) {
    add_assoc_stringl(&server, key, value.data(), value.size());
  };
  set("REQUEST_METHOD", request.method);
  set("REQUEST_URI", request.uri);
  set("SCRIPT_NAME", request.path);
  set("QUERY_STRING", request.query);
  set("HOOK", request.hook);
  set("REMOTE_ADDR", request.clientAddress);
  add_assoc_long(&server, "REMOTE_PORT", request.clientPort);
  set("SERVER_PROTOCOL", "HTTP/1.1");
  add_assoc_long(&server, "REQUEST_TIME", kernel().nowSeconds());
  add_assoc_double(&server, "REQUEST_TIME_FLOAT", kernel().now());
  if (request.secure) set("HTTPS", "on");
  for (const auto& [name, value] : request.headers) {
    std::string key = "HTTP_";
    for (char c : name) key += c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (key == "HTTP_CONTENT_TYPE") set("CONTENT_TYPE", value);
    if (key == "HTTP_CONTENT_LENGTH") set("CONTENT_LENGTH", value);
    set(key.c_str(), value);
  }
  if (request.authUser) set("PHP_AUTH_USER", *request.authUser);
  if (request.authPassword) set("PHP_AUTH_PW", *request.authPassword);

  // php://input reads SG(request_info).request_body; header() and http_response_code() write
  // SG(sapi_headers). Both are reset per hook call (SAPI-level state every SAPI has).
  if (SG(request_info).request_body) php_stream_close(SG(request_info).request_body);
  php_stream* body = php_stream_temp_create(TEMP_STREAM_DEFAULT, SAPI_POST_BLOCK_SIZE);
  php_stream_write(body, request.body.data(), request.body.size());
  php_stream_rewind(body);
  SG(request_info).request_body = body;
  SG(post_read) = 1;
  SG(read_post_bytes) = static_cast<int64_t>(request.body.size());
  SG(headers_sent) = 0;
  SG(request_info).no_headers = 1;
  sapi_header_op(SAPI_HEADER_DELETE_ALL, nullptr);
  SG(sapi_headers).http_response_code = 200;

  zval params[5], result;
  ZVAL_STRING(&params[0], cls_->strict ? "IPSModuleStrict" : "IPSModule");
  ZVAL_LONG(&params[1], instanceId());
  ZVAL_STRINGL(&params[2], cls_->className.data(), cls_->className.size());
  ZVAL_COPY_VALUE(&params[3], &server);
  ZVAL_STRINGL(&params[4], request.body.data(), request.body.size());
  bool ok = host.call("__symemu_hook", 5, params, &result, frame);
  for (auto& p : params) zval_ptr_dtor(&p);
  std::string output;
  if (ok && Z_TYPE(result) == IS_ARRAY) {
    zval ret;
    ZVAL_NULL(&ret);
    zval* inner = zend_hash_str_find(Z_ARRVAL(result), "result", sizeof("result") - 1);
    if (inner) unpack(inner, &ret, frame, output);
    zval_ptr_dtor(&ret);
    zval* status = zend_hash_str_find(Z_ARRVAL(result), "status", sizeof("status") - 1);
    response.status =
        status && Z_TYPE_P(status) == IS_LONG && Z_LVAL_P(status) > 0 ? static_cast<int>(Z_LVAL_P(status)) : 200;
    if (zval* headers = zend_hash_str_find(Z_ARRVAL(result), "headers", sizeof("headers") - 1)) {
      zval* line;
      ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(headers), line) {
        std::string text = stringFromZval(line);
        auto colon = text.find(':');
        if (colon == std::string::npos) continue;
        std::string value = text.substr(colon + 1);
        value.erase(0, value.find_first_not_of(' '));
        response.headers.emplace_back(text.substr(0, colon), value);
      }
      ZEND_HASH_FOREACH_END();
    }
  }
  zval_ptr_dtor(&result);
  response.body = output;
  report("ProcessHookData", frame, OnFault::Log);
  if (!ok || hardFault(frame, false)) {
    std::string why = frame.faults.empty() ? "the hook failed" : frame.faults.front().text();
    return HookResponse{500, {{"Content-Type", "text/plain; charset=utf-8"}}, "Error in ProcessHookData: " + why};
  }
  return response;
}

}  // namespace symemu::php
