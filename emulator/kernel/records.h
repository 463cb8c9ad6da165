#pragma once
// The kernel's in-memory records. The kernel thread owns them; the store persists them.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "symemu/kernel/types.h"

namespace Poco {
class RegularExpression;
}

namespace symemu {

class Module;
struct ModuleInfo;

struct ObjectRecord {
  int id = 0;
  ObjectType type = ObjectType::Category;
  std::string name, ident, info, icon, summary;
  int position = 0;
  bool hidden = false, disabled = false, readOnly = false;
  int parentId = 0;
  std::int64_t order = 0;     // when it joined its parent; children load back in this order
  std::vector<int> children;  // in insertion order
};

struct VariableRecord {
  VariableType type = VariableType::Integer;
  Value value = std::int64_t{0};
  std::string profile, customProfile;
  int action = 0, customAction = 0;
  std::int64_t updated = 0, changed = 0;  // Unix seconds from the kernel clock
};

struct PropertyRecord {
  VariableType type = VariableType::String;
  Value defaultValue, applied, pending;
};

struct AttributeRecord {
  VariableType type = VariableType::String;
  Value value;
};

struct TimerRecord {
  std::int64_t intervalMs = 0;  // 0 = stopped
  double due = 0;               // next run (clock seconds)
  bool once = false;
  std::uint64_t generation = 0;  // invalidates scheduled runs when the interval changes
  std::function<void()> callback;
};

struct DebugEntry {
  double time = 0;
  int instanceId = 0;
  std::string message, data;
  int format = 0;
};

struct LogEntry {
  double time = 0;
  int senderId = 0;
  int type = msg::KL_MESSAGE;
  std::string sender, message;
};

struct InstanceRecord {
  // What the data flow reads of every receiver, first, in one or two cache lines (a server
  // delivers each report to one of thousands of meter instances, whose records are cold).
  const ModuleInfo* info = nullptr;
  int connectionId = 0;
  int status = status::Creating;
  std::shared_ptr<Poco::RegularExpression> receiveRegex;
  // Text every match must contain (see requiredLiteral); lets most packets skip the regex.
  std::string receiveLiteral;
  std::int64_t changed = 0;                // InstanceChanged
  std::vector<std::string> propertyOrder;  // registration order (forms, configuration JSON)
  std::map<std::string, PropertyRecord> properties;
  std::map<std::string, AttributeRecord> attributes;
  // Hashed, not ordered: a gateway sets two buffers per meter for every report (the list is
  // sorted when asked for, getBufferList).
  // Contents are immutable and may be shared between buffers (setBuffer with a shared text).
  std::unordered_map<std::string, std::shared_ptr<const std::string>> buffers;
  std::size_t bufferBytes = 0;  // names and contents of `buffers`, against maxBufferBytes
  std::map<std::string, TimerRecord> timers;
  std::string receiveFilter, forwardFilter;
  std::shared_ptr<Poco::RegularExpression> forwardRegex;
  std::string forwardLiteral;  // as receiveLiteral
  std::map<std::string, std::function<Value(const std::vector<Value>&)>> functions;
  std::vector<std::string> formUpdates;  // UpdateFormField / ReloadForm calls, for tests
  std::shared_ptr<Module> module;
  // Stored values waiting for the module's Register* calls during start-up.
  std::map<std::string, Value> storedProperties, storedAttributes;
};

}  // namespace symemu
