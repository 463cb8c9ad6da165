#pragma once
// Basic value types and constants shared by the whole kernel (docs/symcon-kernel.md §1, §2.2, §4.3, §5).
#include <cstdint>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

namespace symemu {

enum class ObjectType { Category = 0, Instance = 1, Variable = 2, Script = 3, Event = 4, Media = 5, Link = 6 };
enum class VariableType { Boolean = 0, Integer = 1, Float = 2, String = 3 };

// A variable, property or attribute value. Symcon integers are PHP ints (64 bit).
using Value = std::variant<bool, std::int64_t, double, std::string>;

VariableType typeOf(const Value& v);
const char* typeName(VariableType t);  // "Boolean", "Integer", "Float", "String"
Value defaultValue(VariableType t);
// Loose conversion like PHP casting; string -> number parses the leading number.
Value convertValue(const Value& v, VariableType to);
std::string valueToString(const Value& v);  // plain text, floats without trailing zeros
bool valuesEqual(const Value& a, const Value& b);

// Every error the kernel reports to callers (modules, CLI, Python) is a KernelError whose
// message follows Symcon's wording where known.
class KernelError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

namespace status {
constexpr int Base = 100, Creating = 101, Active = 102, Deleting = 103, Inactive = 104, NotCreated = 201;
}

namespace runlevel {
constexpr int Create = 10101, Init = 10102, Ready = 10103, Uninit = 10104, Shutdown = 10105;
}

namespace msg {
constexpr int KernelStarted = 10001, KernelShutdown = 10002, KernelMessage = 10100;
constexpr int LogMessage = 10200, KL_MESSAGE = 10201, KL_SUCCESS = 10202, KL_NOTIFY = 10203, KL_WARNING = 10204,
              KL_ERROR = 10205, KL_DEBUG = 10206, KL_CUSTOM = 10207;
constexpr int OM_REGISTER = 10401, OM_UNREGISTER = 10402, OM_CHANGEPARENT = 10403, OM_CHANGENAME = 10404,
              OM_CHANGEINFO = 10405, OM_CHANGESUMMARY = 10407, OM_CHANGEPOSITION = 10408, OM_CHANGEREADONLY = 10409,
              OM_CHANGEHIDDEN = 10410, OM_CHANGEICON = 10411, OM_CHILDADDED = 10412, OM_CHILDREMOVED = 10413,
              OM_CHANGEIDENT = 10414, OM_CHANGEDISABLED = 10415;
constexpr int IM_CREATE = 10501, IM_DELETE = 10502, IM_CONNECT = 10503, IM_DISCONNECT = 10504, IM_CHANGESTATUS = 10505,
              IM_CHANGESETTINGS = 10506, IM_CHANGEATTRIBUTE = 10507;
constexpr int VM_CREATE = 10601, VM_DELETE = 10602, VM_UPDATE = 10603, VM_CHANGEPROFILENAME = 10604,
              VM_CHANGEPROFILEACTION = 10605;
constexpr int FM_CONNECT = 11101, FM_DISCONNECT = 11102, FM_CHILDADDED = 11103, FM_CHILDREMOVED = 11104;
constexpr int PM_CREATE = 11301, PM_DELETE = 11302, PM_CHANGETEXT = 11303, PM_CHANGEVALUES = 11304,
              PM_CHANGEDIGITS = 11305, PM_CHANGEICON = 11306, PM_ASSOCIATIONADDED = 11307,
              PM_ASSOCIATIONREMOVED = 11308, PM_ASSOCIATIONCHANGED = 11309;
constexpr int TM_REGISTER = 11401, TM_UNREGISTER = 11402, TM_CHANGEINTERVAL = 11403, TM_MESSAGE = 11405;
}  // namespace msg

namespace moduletype {
constexpr int Core = 0, IO = 1, Splitter = 2, Device = 3, Configurator = 4, Discovery = 5;
}

}  // namespace symemu
