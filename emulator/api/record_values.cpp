#include "symemu/api/record_values.h"

namespace symemu::api {

JsonValue objectValue(const ObjectRecord& o) {
  return JsonObject{
      {"ObjectID", o.id},
      {"ObjectType", static_cast<int>(o.type)},
      {"ObjectName", o.name},
      {"ObjectIdent", o.ident},
      {"ObjectInfo", o.info},
      {"ObjectIcon", o.icon},
      {"ObjectSummary", o.summary},
      {"ObjectPosition", o.position},
      {"ObjectIsHidden", o.hidden},
      {"ObjectIsDisabled", o.disabled},
      {"ObjectIsLocked", false},
      {"ObjectIsReadOnly", o.readOnly},
      {"ParentID", o.parentId},
      {"ChildrenIDs", arrayOf(o.children)},
      {"HasChildren", !o.children.empty()},
  };
}

JsonValue variableValue(int id, const VariableRecord& v) {
  return JsonObject{
      {"VariableID", id},
      {"VariableType", static_cast<int>(v.type)},
      {"VariableProfile", v.profile},
      {"VariableCustomProfile", v.customProfile},
      {"VariableAction", v.action},
      {"VariableCustomAction", v.customAction},
      {"VariableUpdated", v.updated},
      {"VariableChanged", v.changed},
      {"VariableIsLocked", false},
  };
}

JsonValue instanceValue(int id, const InstanceRecord& i) {
  JsonObject info{
      {"ModuleID", i.info ? i.info->id : std::string()},
      {"ModuleName", i.info ? i.info->name : std::string()},
      {"ModuleType", i.info ? i.info->type : 0},
  };
  return JsonObject{
      {"InstanceID", id},
      {"ConnectionID", i.connectionId},
      {"InstanceStatus", i.status},
      {"InstanceChanged", i.changed},
      {"ModuleInfo", std::move(info)},
  };
}

JsonValue profileValue(const Profile& p) {
  JsonArray associations;
  for (const auto& a : p.associations)
    associations.push_back(JsonObject{{"Value", a.value}, {"Name", a.name}, {"Icon", a.icon}, {"Color", a.color}});
  return JsonObject{
      {"ProfileName", p.name},
      {"ProfileType", static_cast<int>(p.type)},
      {"Icon", p.icon},
      {"Prefix", p.prefix},
      {"Suffix", p.suffix},
      {"MinValue", p.minValue},
      {"MaxValue", p.maxValue},
      {"StepSize", p.stepSize},
      {"Digits", p.digits},
      {"IsReadOnly", p.readOnly},
      {"Associations", std::move(associations)},
  };
}

JsonValue moduleValue(const ModuleInfo& m) {
  return JsonObject{
      {"ModuleID", m.id},
      {"ModuleName", m.name},
      {"ModuleType", m.type},
      {"Vendor", m.vendor},
      {"Prefix", m.prefix},
      {"LibraryID", m.libraryId},
      {"Aliases", arrayOf(m.aliases)},
      {"ParentRequirements", arrayOf(m.parentRequirements)},
      {"ChildRequirements", arrayOf(m.childRequirements)},
      {"Implemented", arrayOf(m.implemented)},
  };
}

JsonValue libraryValue(const LibraryInfo& l) {
  return JsonObject{
      {"LibraryID", l.id},    {"Name", l.name},   {"Author", l.author}, {"URL", l.url},
      {"Version", l.version}, {"Build", l.build}, {"Date", l.date},
  };
}

JsonValue logValue(const LogEntry& e) {
  return JsonObject{
      {"Time", e.time}, {"SenderID", e.senderId}, {"Sender", e.sender}, {"Type", e.type}, {"Message", e.message},
  };
}

JsonValue debugValue(const DebugEntry& e) {
  return JsonObject{
      {"Time", e.time}, {"InstanceID", e.instanceId}, {"Message", e.message}, {"Data", e.data}, {"Format", e.format},
  };
}

}  // namespace symemu::api
