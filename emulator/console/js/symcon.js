// Symcon's constants the console needs (docs/symcon-kernel.md §1.1, §2.1, §2.2, §5).

export const ObjectType = { Category: 0, Instance: 1, Variable: 2, Script: 3, Event: 4, Media: 5, Link: 6 };
export const ObjectTypeName = ["Category", "Instance", "Variable", "Script", "Event", "Media", "Link"];
export const ModuleTypeName = ["Core", "I/O", "Splitter", "Device", "Configurator", "Discovery", "Visualization"];
export const VariableTypeName = ["Boolean", "Integer", "Float", "String"];

export const Msg = {
  KL_MESSAGE: 10201, KL_SUCCESS: 10202, KL_NOTIFY: 10203, KL_WARNING: 10204, KL_ERROR: 10205, KL_DEBUG: 10206,
  KL_CUSTOM: 10207,
  OM_REGISTER: 10401, OM_UNREGISTER: 10402, OM_CHANGEPARENT: 10403, OM_CHANGENAME: 10404, OM_CHANGEINFO: 10405,
  OM_CHANGEICON: 10411, OM_CHANGEPOSITION: 10408, OM_CHANGEHIDDEN: 10410, OM_CHILDADDED: 10412,
  OM_CHILDREMOVED: 10413, OM_CHANGEIDENT: 10414, OM_CHANGEDISABLED: 10415,
  IM_CREATE: 10501, IM_DELETE: 10502, IM_CONNECT: 10503, IM_DISCONNECT: 10504, IM_CHANGESTATUS: 10505,
  IM_CHANGESETTINGS: 10506,
  VM_CREATE: 10601, VM_DELETE: 10602, VM_UPDATE: 10603, VM_CHANGEPROFILENAME: 10604, VM_CHANGEPROFILEACTION: 10605,
  FM_CONNECT: 11101, FM_DISCONNECT: 11102,
};

export const LogTypeName = {
  10201: "Message", 10202: "Success", 10203: "Notify", 10204: "Warning", 10205: "Error", 10206: "Debug", 10207: "Custom",
};

export const StatusText = {
  100: "Base", 101: "Creating", 102: "Active", 103: "Deleting", 104: "Inactive", 105: "Not created", 106: "Standby",
};

// Kind of a status code when the form names none: 102 active, 104/106 inactive, >= 200 error.
export function statusKind(code) {
  if (code === 102) return "active";
  if (code >= 200) return "error";
  return "inactive";
}

// Message codes after which the object tree's shape or names need rereading.
export const TreeMessages = new Set([
  10401, 10402, 10403, 10404, 10405, 10408, 10410, 10411, 10412, 10413, 10414, 10415, 10501, 10502, 10503, 10504,
  10601, 10602, 10604,
]);
