#pragma once
// Base class of every module hosted by the kernel; mirrors Symcon's IPSModule
// (docs/symcon-kernel.md §3). A module overrides the lifecycle callbacks and uses the protected
// helpers, which act on its own instance through the kernel's public API.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "symemu/kernel/hook.h"
#include "symemu/kernel/packet.h"
#include "symemu/kernel/types.h"

namespace symemu {

class Kernel;

// How binary fields (Buffer, Payload) are carried in data-flow JSON to/from this module
// (docs/symcon-kernel.md §3.8 rule 5).
// Modules declare their class (Utf8Mapped for IPSModule, Hex for IPSModuleStrict); the kernel
// turns Utf8Mapped into Plain when its kernelDate is before 6.3 (Kernel::dataEncodingOf).
enum class DataEncoding { Utf8Mapped /* IPSModule, kernel >= 6.3 */, Hex /* IPSModuleStrict */, Plain /* < 6.3 */ };

// Modules are owned by the kernel through shared_ptr; weak_from_this() lets work posted from
// network threads check that the module still exists before it runs.
class Module : public std::enable_shared_from_this<Module> {
 public:
  virtual ~Module() = default;

  // --- callbacks the kernel invokes --------------------------------------------------------
  virtual void create() {}
  virtual void applyChanges() {}
  virtual void destroy() {}
  virtual std::string receiveData(const std::string& json) { return ""; }
  // The same delivery with the packet's shared tree (parsed once for all receivers); modules
  // that read fields override this one. The default hands the text to receiveData.
  virtual std::string receivePacket(const Packet& packet) { return receiveData(packet.text()); }
  virtual std::string forwardData(const std::string& json) { return ""; }
  virtual void messageSink(std::int64_t timeStamp, int senderId, int message, const std::vector<Value>& data) {}
  virtual void requestAction(const std::string& ident, const Value& value);
  virtual std::string getConfigurationForm();  // default: the module's form.json
  virtual std::string getConfigurationForParent() { return "{}"; }
  virtual HookResponse processHookData(const HookRequest& request);
  virtual DataEncoding dataEncoding() const { return DataEncoding::Utf8Mapped; }

  int instanceId() const { return instanceId_; }
  Kernel& kernel() const { return *kernel_; }

 protected:
  // Properties
  void registerPropertyBoolean(const std::string& name, bool def);
  void registerPropertyInteger(const std::string& name, std::int64_t def);
  void registerPropertyFloat(const std::string& name, double def);
  void registerPropertyString(const std::string& name, const std::string& def);
  bool readPropertyBoolean(const std::string& name) const;
  std::int64_t readPropertyInteger(const std::string& name) const;
  double readPropertyFloat(const std::string& name) const;
  std::string readPropertyString(const std::string& name) const;
  // Attributes (persisted on write)
  void registerAttributeBoolean(const std::string& name, bool def);
  void registerAttributeInteger(const std::string& name, std::int64_t def);
  void registerAttributeFloat(const std::string& name, double def);
  void registerAttributeString(const std::string& name, const std::string& def);
  bool readAttributeBoolean(const std::string& name) const;
  std::int64_t readAttributeInteger(const std::string& name) const;
  double readAttributeFloat(const std::string& name) const;
  std::string readAttributeString(const std::string& name) const;
  void writeAttributeBoolean(const std::string& name, bool v);
  void writeAttributeInteger(const std::string& name, std::int64_t v);
  void writeAttributeFloat(const std::string& name, double v);
  void writeAttributeString(const std::string& name, const std::string& v);
  // Buffers (volatile)
  void setBuffer(const std::string& name, const std::string& data);
  void setBuffer(const std::string& name, std::shared_ptr<const std::string> data);  // shared, not copied
  std::string getBuffer(const std::string& name) const;
  // Status variables
  int registerVariableBoolean(const std::string& ident, const std::string& name, const std::string& profile = "",
                              int position = 0);
  int registerVariableInteger(const std::string& ident, const std::string& name, const std::string& profile = "",
                              int position = 0);
  int registerVariableFloat(const std::string& ident, const std::string& name, const std::string& profile = "",
                            int position = 0);
  int registerVariableString(const std::string& ident, const std::string& name, const std::string& profile = "",
                             int position = 0);
  void maintainVariable(const std::string& ident, const std::string& name, VariableType type,
                        const std::string& profile, int position, bool keep);
  void unregisterVariable(const std::string& ident);
  void enableAction(const std::string& ident);
  void disableAction(const std::string& ident);
  void setValue(const std::string& ident, const Value& value);
  Value getValue(const std::string& ident) const;
  int getIDForIdent(const std::string& ident) const;  // 0 when absent
  // Timers (callbacks run on the kernel thread)
  void registerTimer(const std::string& ident, std::int64_t intervalMs, std::function<void()> callback);
  void registerOnceTimer(const std::string& ident, std::function<void()> callback);
  void setTimerInterval(const std::string& ident, std::int64_t intervalMs);
  std::int64_t getTimerInterval(const std::string& ident) const;
  // Exported function PREFIX_<name>(InstanceID, args...)
  void registerFunction(const std::string& name, std::function<Value(const std::vector<Value>&)> fn);
  // Messages
  void registerMessage(int senderId, int message);
  void unregisterMessage(int senderId, int message);
  // Data flow
  std::string sendDataToParent(const std::string& json);
  std::vector<std::string> sendDataToChildren(const std::string& json);
  std::vector<std::string> sendDataToChildren(const Packet& packet);  // e.g. with a typed form attached
  // For native I/O modules whose binary fields depend on each child's encoding (§3.8 rule 5).
  std::vector<std::string> sendDataToChildren(const std::function<std::string(DataEncoding)>& makeJson);
  std::vector<std::string> sendDataToChildren(const std::function<Packet(DataEncoding)>& makePacket);
  void setReceiveDataFilter(const std::string& regex);
  void setForwardDataFilter(const std::string& regex);
  bool hasActiveParent() const;
  void connectParent(const std::string& moduleId);
  void requireParent(const std::string& moduleId);
  void forceParent(const std::string& moduleId);
  int connectionId() const;
  // Status, debug, log, forms
  void setStatus(int status);
  int getStatus() const;
  void setSummary(const std::string& summary);
  void sendDebug(std::string message, std::string data, int format = 0);
  void logMessage(const std::string& message, int type);
  void updateFormField(const std::string& field, const std::string& parameter, const std::string& value);
  void reloadForm();
  std::string translate(const std::string& text) const;  // Translate(): locale.json of the module
  // In forwardData: how the calling child encodes binary fields (Buffer, Payload).
  DataEncoding senderEncoding() const;

 private:
  friend class Kernel;
  Kernel* kernel_ = nullptr;
  int instanceId_ = 0;
};

// Payload encodings of the data flow (§3.8 rule 5).
std::string utf8Encode(const std::string& bytes);  // byte -> code point U+0000..U+00FF as UTF-8
// out += jsonQuote(utf8Encode(bytes)) without the intermediate copies (packets carry kilobytes).
void appendJsonQuotedUtf8(std::string& out, std::string_view bytes);
std::string utf8Decode(std::string_view text);    // inverse; code points > U+00FF become '?'
std::string hexEncode(const std::string& bytes);  // lowercase
std::string hexDecode(const std::string& hex);    // accepts both cases; throws KernelError on bad input
// A binary field for a receiver of `encoding`, appended as a quoted JSON string.
void appendJsonPayload(std::string& out, std::string_view bytes, DataEncoding encoding);
// The bytes of a binary field a sender of `encoding` wrote; throws KernelError on bad hex.
std::string decodePayload(const std::string& text, DataEncoding encoding);

}  // namespace symemu
