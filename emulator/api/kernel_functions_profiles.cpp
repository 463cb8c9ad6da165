// Variable profiles (docs/symcon-kernel.md §4.4).
#include "symemu/api/kernel_functions.h"

namespace symemu::api {

void addProfileFunctions(FunctionTable& t) {
  using namespace param;
  define(t, "IPS_CreateVariableProfile", {string("ProfileName"), integer("ProfileType")}, "bool",
         [](Kernel& k, const Args& a) {
           k.createVariableProfile(a.string(0), static_cast<VariableType>(a.integer(1)));
           return true;
         });
  define(t, "IPS_DeleteVariableProfile", {string("ProfileName")}, "bool", [](Kernel& k, const Args& a) {
    k.deleteVariableProfile(a.string(0));
    return true;
  });
  define(t, "IPS_VariableProfileExists", {string("ProfileName")}, "bool",
         [](Kernel& k, const Args& a) { return k.variableProfileExists(a.string(0)); });
  define(t, "IPS_GetVariableProfile", {string("ProfileName")}, "array",
         [](Kernel& k, const Args& a) { return profileValue(k.getVariableProfile(a.string(0))); });
  define(t, "IPS_GetVariableProfileList", {}, "array",
         [](Kernel& k, const Args&) { return arrayOf(k.getVariableProfileList()); });
  define(t, "IPS_GetVariableProfileListByType", {integer("ProfileType")}, "array", [](Kernel& k, const Args& a) {
    std::vector<std::string> out;
    for (const auto& name : k.getVariableProfileList())
      if (static_cast<int>(k.getVariableProfile(name).type) == a.integer(0)) out.push_back(name);
    return arrayOf(out);
  });
  define(t, "IPS_SetVariableProfileText", {string("ProfileName"), string("Prefix"), string("Suffix")}, "bool",
         [](Kernel& k, const Args& a) {
           k.setVariableProfileText(a.string(0), a.string(1), a.string(2));
           return true;
         });
  define(t, "IPS_SetVariableProfileValues",
         {string("ProfileName"), number("MinValue"), number("MaxValue"), number("StepSize")}, "bool",
         [](Kernel& k, const Args& a) {
           k.setVariableProfileValues(a.string(0), a.number(1), a.number(2), a.number(3));
           return true;
         });
  define(t, "IPS_SetVariableProfileDigits", {string("ProfileName"), integer("Digits")}, "bool",
         [](Kernel& k, const Args& a) {
           k.setVariableProfileDigits(a.string(0), a.integer(1));
           return true;
         });
  define(t, "IPS_SetVariableProfileIcon", {string("ProfileName"), string("Icon")}, "bool",
         [](Kernel& k, const Args& a) {
           k.setVariableProfileIcon(a.string(0), a.string(1));
           return true;
         });
  define(t, "IPS_SetVariableProfileAssociation",
         {string("ProfileName"), number("AssociationValue"), string("Name"), string("Icon"), integer("Color")}, "bool",
         [](Kernel& k, const Args& a) {
           k.setVariableProfileAssociation(a.string(0), a.number(1), a.string(2), a.string(3), a.integer(4));
           return true;
         });
}

}  // namespace symemu::api
