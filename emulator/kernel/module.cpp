#include "symemu/kernel/module.h"

#include "symemu/kernel/json_value.h"
#include "symemu/kernel/kernel.h"

namespace symemu {

void Module::requestAction(const std::string& ident, const Value&) {
  throw KernelError("Invalid ident " + ident + " for RequestAction");
}

std::string Module::getConfigurationForm() { return kernel_->getInstance(instanceId_).info->formJson; }

HookResponse Module::processHookData(const HookRequest&) {
  HookResponse r;
  r.status = 404;
  r.body = "Hook has no handler";
  return r;
}

void Module::registerPropertyBoolean(const std::string& n, bool d) { kernel_->registerProperty(instanceId_, n, d); }
void Module::registerPropertyInteger(const std::string& n, std::int64_t d) {
  kernel_->registerProperty(instanceId_, n, d);
}
void Module::registerPropertyFloat(const std::string& n, double d) { kernel_->registerProperty(instanceId_, n, d); }
void Module::registerPropertyString(const std::string& n, const std::string& d) {
  kernel_->registerProperty(instanceId_, n, d);
}
bool Module::readPropertyBoolean(const std::string& n) const {
  return std::get<bool>(kernel_->readProperty(instanceId_, n, VariableType::Boolean));
}
std::int64_t Module::readPropertyInteger(const std::string& n) const {
  return std::get<std::int64_t>(kernel_->readProperty(instanceId_, n, VariableType::Integer));
}
double Module::readPropertyFloat(const std::string& n) const {
  return std::get<double>(kernel_->readProperty(instanceId_, n, VariableType::Float));
}
std::string Module::readPropertyString(const std::string& n) const {
  return std::get<std::string>(kernel_->readProperty(instanceId_, n, VariableType::String));
}

void Module::registerAttributeBoolean(const std::string& n, bool d) { kernel_->registerAttribute(instanceId_, n, d); }
void Module::registerAttributeInteger(const std::string& n, std::int64_t d) {
  kernel_->registerAttribute(instanceId_, n, d);
}
void Module::registerAttributeFloat(const std::string& n, double d) { kernel_->registerAttribute(instanceId_, n, d); }
void Module::registerAttributeString(const std::string& n, const std::string& d) {
  kernel_->registerAttribute(instanceId_, n, d);
}
bool Module::readAttributeBoolean(const std::string& n) const {
  return std::get<bool>(kernel_->readAttribute(instanceId_, n, VariableType::Boolean));
}
std::int64_t Module::readAttributeInteger(const std::string& n) const {
  return std::get<std::int64_t>(kernel_->readAttribute(instanceId_, n, VariableType::Integer));
}
double Module::readAttributeFloat(const std::string& n) const {
  return std::get<double>(kernel_->readAttribute(instanceId_, n, VariableType::Float));
}
std::string Module::readAttributeString(const std::string& n) const {
  return std::get<std::string>(kernel_->readAttribute(instanceId_, n, VariableType::String));
}
void Module::writeAttributeBoolean(const std::string& n, bool v) { kernel_->writeAttribute(instanceId_, n, v); }
void Module::writeAttributeInteger(const std::string& n, std::int64_t v) { kernel_->writeAttribute(instanceId_, n, v); }
void Module::writeAttributeFloat(const std::string& n, double v) { kernel_->writeAttribute(instanceId_, n, v); }
void Module::writeAttributeString(const std::string& n, const std::string& v) {
  kernel_->writeAttribute(instanceId_, n, v);
}

void Module::setBuffer(const std::string& n, const std::string& d) { kernel_->setBuffer(instanceId_, n, d); }
void Module::setBuffer(const std::string& n, std::shared_ptr<const std::string> d) {
  kernel_->setBuffer(instanceId_, n, std::move(d));
}
std::string Module::getBuffer(const std::string& n) const { return kernel_->getBuffer(instanceId_, n); }

int Module::registerVariableBoolean(const std::string& i, const std::string& n, const std::string& p, int pos) {
  return kernel_->registerVariable(instanceId_, i, n, VariableType::Boolean, p, pos);
}
int Module::registerVariableInteger(const std::string& i, const std::string& n, const std::string& p, int pos) {
  return kernel_->registerVariable(instanceId_, i, n, VariableType::Integer, p, pos);
}
int Module::registerVariableFloat(const std::string& i, const std::string& n, const std::string& p, int pos) {
  return kernel_->registerVariable(instanceId_, i, n, VariableType::Float, p, pos);
}
int Module::registerVariableString(const std::string& i, const std::string& n, const std::string& p, int pos) {
  return kernel_->registerVariable(instanceId_, i, n, VariableType::String, p, pos);
}
void Module::maintainVariable(const std::string& ident, const std::string& name, VariableType type,
                              const std::string& profile, int position, bool keep) {
  if (keep)
    kernel_->registerVariable(instanceId_, ident, name, type, profile, position);
  else
    kernel_->unregisterVariable(instanceId_, ident);
}
void Module::unregisterVariable(const std::string& ident) { kernel_->unregisterVariable(instanceId_, ident); }
void Module::enableAction(const std::string& ident) { kernel_->setVariableAction(instanceId_, ident, true); }
void Module::disableAction(const std::string& ident) { kernel_->setVariableAction(instanceId_, ident, false); }

int Module::getIDForIdent(const std::string& ident) const {
  return kernel_->getObjectIdByIdent(ident, instanceId_).value_or(0);
}

void Module::setValue(const std::string& ident, const Value& value) {
  int id = getIDForIdent(ident);
  if (id == 0) throw KernelError("Variable with ident " + ident + " could not be found");
  kernel_->setValue(id, value);
}

Value Module::getValue(const std::string& ident) const {
  int id = getIDForIdent(ident);
  if (id == 0) throw KernelError("Variable with ident " + ident + " could not be found");
  return kernel_->getValue(id);
}

void Module::registerTimer(const std::string& ident, std::int64_t ms, std::function<void()> cb) {
  kernel_->registerTimer(instanceId_, ident, ms, std::move(cb));
}
void Module::registerOnceTimer(const std::string& ident, std::function<void()> cb) {
  kernel_->registerOnceTimer(instanceId_, ident, std::move(cb));
}
void Module::setTimerInterval(const std::string& ident, std::int64_t ms) {
  kernel_->setTimerInterval(instanceId_, ident, ms);
}
std::int64_t Module::getTimerInterval(const std::string& ident) const {
  return kernel_->getTimerInterval(instanceId_, ident);
}
void Module::registerFunction(const std::string& name, std::function<Value(const std::vector<Value>&)> fn) {
  kernel_->registerFunction(instanceId_, name, std::move(fn));
}

void Module::registerMessage(int s, int m) { kernel_->registerMessage(instanceId_, s, m); }
void Module::unregisterMessage(int s, int m) { kernel_->unregisterMessage(instanceId_, s, m); }

std::string Module::sendDataToParent(const std::string& json) { return kernel_->sendDataToParent(instanceId_, json); }
std::vector<std::string> Module::sendDataToChildren(const std::string& json) {
  return kernel_->sendDataToChildren(instanceId_, json);
}
std::vector<std::string> Module::sendDataToChildren(const Packet& packet) {
  return kernel_->sendDataToChildren(instanceId_, packet);
}
std::vector<std::string> Module::sendDataToChildren(const std::function<std::string(DataEncoding)>& makeJson) {
  return kernel_->sendDataToChildren(instanceId_, makeJson);
}
std::vector<std::string> Module::sendDataToChildren(const std::function<Packet(DataEncoding)>& makePacket) {
  return kernel_->sendDataToChildren(instanceId_, makePacket);
}
void Module::setReceiveDataFilter(const std::string& r) { kernel_->setReceiveDataFilter(instanceId_, r); }
void Module::setForwardDataFilter(const std::string& r) { kernel_->setForwardDataFilter(instanceId_, r); }
bool Module::hasActiveParent() const { return kernel_->hasActiveParent(instanceId_); }
void Module::connectParent(const std::string& m) { kernel_->connectParent(instanceId_, m); }
void Module::requireParent(const std::string& m) { kernel_->requireParent(instanceId_, m); }
void Module::forceParent(const std::string& m) { kernel_->forceParent(instanceId_, m); }
int Module::connectionId() const { return kernel_->getInstance(instanceId_).connectionId; }

void Module::setStatus(int s) { kernel_->setStatus(instanceId_, s); }
int Module::getStatus() const { return kernel_->getInstance(instanceId_).status; }
void Module::setSummary(const std::string& s) { kernel_->setSummary(instanceId_, s); }
void Module::sendDebug(std::string m, std::string d, int f) {
  kernel_->sendDebug(instanceId_, std::move(m), std::move(d), f);
}
void Module::logMessage(const std::string& m, int type) { kernel_->logMessage(instanceId_, type, m); }
void Module::updateFormField(const std::string& f, const std::string& p, const std::string& v) {
  kernel_->updateFormField(instanceId_, f, p, v);
}
void Module::reloadForm() { kernel_->reloadForm(instanceId_); }
std::string Module::translate(const std::string& text) const { return kernel_->translate(instanceId_, text); }
DataEncoding Module::senderEncoding() const {
  const int child = kernel_->forwardingChild();
  return child ? kernel_->dataEncodingOf(child) : DataEncoding::Utf8Mapped;
}

// Both directions copy ASCII unchanged; texts that are all ASCII (the usual case: JSON reports)
// are copied whole instead of byte by byte.
static bool allAscii(std::string_view s) {
  for (unsigned char c : s)
    if (c >= 0x80) return false;
  return true;
}

std::string utf8Encode(const std::string& bytes) {
  if (allAscii(bytes)) return bytes;
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 4);
  for (unsigned char c : bytes) {
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back(static_cast<char>(0xC0 | (c >> 6)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
  }
  return out;
}

void appendJsonQuotedUtf8(std::string& out, std::string_view bytes) { appendJsonQuoted(out, bytes, true); }

std::string utf8Decode(std::string_view text) {
  if (allAscii(text)) return std::string(text);
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
      ++i;
      continue;
    }
    int len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
    unsigned cp = len == 2 ? (c & 0x1Fu) : len == 3 ? (c & 0x0Fu) : (c & 0x07u);
    bool ok = len > 1 && i + static_cast<std::size_t>(len) <= text.size();
    for (int k = 1; ok && k < len; ++k) {
      unsigned char cc = static_cast<unsigned char>(text[i + static_cast<std::size_t>(k)]);
      if ((cc & 0xC0) != 0x80) ok = false;
      cp = (cp << 6) | (cc & 0x3Fu);
    }
    out.push_back(ok && cp <= 0xFF ? static_cast<char>(cp) : '?');
    i += ok ? static_cast<std::size_t>(len) : 1;
  }
  return out;
}

std::string hexEncode(const std::string& bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(digits[c >> 4]);
    out.push_back(digits[c & 15]);
  }
  return out;
}

static int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string hexDecode(const std::string& hex) {
  if (hex.size() % 2) throw KernelError("hex payload has an odd number of digits");
  std::string out;
  out.reserve(hex.size() / 2);
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    int hi = hexValue(hex[i]), lo = hexValue(hex[i + 1]);
    if (hi < 0 || lo < 0) throw KernelError("hex payload has a non-hex character at offset " + std::to_string(i));
    out.push_back(static_cast<char>(hi * 16 + lo));
  }
  return out;
}

}  // namespace symemu

namespace symemu {

void appendJsonPayload(std::string& out, std::string_view bytes, DataEncoding encoding) {
  switch (encoding) {
    case DataEncoding::Hex:
      appendJsonQuoted(out, hexEncode(std::string(bytes)));
      return;
    case DataEncoding::Utf8Mapped:
      appendJsonQuotedUtf8(out, bytes);
      return;
    case DataEncoding::Plain:
      appendJsonQuoted(out, bytes);
      return;
  }
}

std::string decodePayload(const std::string& text, DataEncoding encoding) {
  switch (encoding) {
    case DataEncoding::Hex:
      return hexDecode(text);
    case DataEncoding::Utf8Mapped:
      return utf8Decode(text);
    case DataEncoding::Plain:
      break;
  }
  return text;
}

}  // namespace symemu
