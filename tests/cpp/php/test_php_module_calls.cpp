// The direct internal functions the prelude calls (docs/performance.md, "Tenth step"): each module
// API op as __symemu_<Op>($InstanceID, ...) and each global kernel function under its own name,
// against the calls by name with an argument array they replace (symemu_module, symemu_kernel).
// Both ways run the same calls on kernels alike and must give the same outcomes, warnings, log
// and debug output; the prelude's helpers must take the direct way.
#include <catch2/catch.hpp>

#include "symemu/kernel/kernel.h"
#include "symemu/php/php_ops.h"
#include "symemu/runtime/runtime.h"
#include "php_test_kernels.h"

using namespace symemu;

namespace {

std::string lib(const std::string& name) { return test::phpTestLibrary(name); }

KernelOptions phpOptions() {
  std::vector<std::string> problems;
  KernelOptions o = test::phpKernelOptions({lib("module_calls")}, 7, problems);  // starts PHP
  REQUIRE(problems.empty());
  return o;
}

constexpr const char* kCalls = "{5E3A0007-0001-4000-8000-000000000007}";
constexpr const char* kStrictCalls = "{5E3A0007-0002-4000-8000-000000000007}";

std::string text(const Value& v) { return std::get<std::string>(v); }

// What a kernel kept of its instances' calls: log and debug output.
std::string traces(const Kernel& k) {
  std::string out;
  for (const auto& e : k.logEntries()) out += "log " + std::to_string(e.type) + " " + e.message + "\n";
  for (const auto& e : k.debugEntries(0)) out += "debug " + e.message + " | " + e.data + "\n";
  return out;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("Module API ops called directly do what symemu_module does", "[php][calls]") {
  // Two kernels alive at once (kept state such as references is per kernel), built alike.
  Kernel viaArray(phpOptions());
  Kernel direct(phpOptions());
  const int a = viaArray.createInstance(kCalls);
  const int d = direct.createInstance(kCalls);
  REQUIRE(a == d);

  const std::size_t before = php::directModuleOps();
  const std::string arrayOutcome = text(viaArray.callFunction("PMCL_ModuleOps", a, {std::string("array")}));
  const std::size_t afterArray = php::directModuleOps();
  const std::string directOutcome = text(direct.callFunction("PMCL_ModuleOps", d, {std::string("direct")}));
  CHECK(afterArray == before);                           // symemu_module takes no direct way
  CHECK(php::directModuleOps() - afterArray > 12 * 40);  // every op with every argument list
  CHECK(directOutcome == arrayOutcome);
  CHECK(traces(direct) == traces(viaArray));

  // Every op was called, and the outcomes show what they must either way.
  for (const char* op : php::moduleOpNames()) CHECK(contains(directOutcome, "\n" + std::string(op) + "(["));
  CHECK(contains(directOutcome, "\nSetBuffer([\"Name\"]): ok false | 2 SetBuffer: argument 2 is missing @"));
  CHECK(contains(directOutcome, "\nReadProperty([\"Name\",7,1]): ok false | 2 Unsupported VariableType 7 @"));
  CHECK(contains(directOutcome,
                 "\nSetValue([\"Name\",7,1]): ok false | 2 Variable with ident Name could not be found @"));
  const std::string id = std::to_string(d);
  CHECK(contains(directOutcome, "\nGetBuffer on '" + id + "': ok 'x'"));  // coerced by symemu_module
  CHECK(contains(directOutcome,
                 "\nGetBuffer on 'abc': TypeError: symemu_module(): Argument #1 ($InstanceID) must be "
                 "of type int, string given"));
  CHECK(contains(directOutcome,
                 "\nGetBuffer on NULL: ok false | 8192 symemu_module(): Passing null to parameter #1 "
                 "($InstanceID) of type int is deprecated @"));
  CHECK(contains(directOutcome, "\nGetBuffer on " + id + ".5: ok 'x' | 8192 Implicit conversion from float " + id +
                                    ".5 to int loses precision @"));
  CHECK(contains(directOutcome, "\nReadProperty on 99999: ok false | 2 Instance #99999 does not exist @"));
}

TEST_CASE("Kernel functions as internal functions do what symemu_kernel does", "[php][calls]") {
  Kernel viaArray(phpOptions());
  Kernel direct(phpOptions());
  const int a = viaArray.createInstance(kCalls);
  const int d = direct.createInstance(kCalls);
  REQUIRE(a == d);
  const std::string arrayOutcome = text(viaArray.callFunction("PMCL_KernelFunctions", a, {std::string("array")}));
  const std::string directOutcome = text(direct.callFunction("PMCL_KernelFunctions", d, {std::string("direct")}));
  CHECK(directOutcome == arrayOutcome);
  CHECK(traces(direct) == traces(viaArray));
  CHECK(contains(directOutcome,
                 "\nIPS_GetObject([]): ok false | 2 IPS_GetObject() expects exactly 1 argument, 0 given @"));
  CHECK(contains(directOutcome,
                 "\nIPS_GetObject([\"abc\"]): ok false | 2 IPS_GetObject(): Argument #1 ($ID) must be of "
                 "type int, string given @"));
  CHECK(contains(directOutcome, "\nIPS_GetObject([99999]): ok false | 2 Object #99999 does not exist @"));
  CHECK(contains(directOutcome, "\nIPS_GetObjectIDByIdent([\"Nothing\"," + std::to_string(d) +
                                    "]): ok false | 2 Object with ident Nothing could not be found @"));
  // Named arguments reach the kernel as the PHP wrappers' ...$Args had them (keys, not positions).
  CHECK(contains(directOutcome, "\"Value\":9}): ok false | 2 SetValue: argument 1 is missing @"));
  CHECK(contains(directOutcome, "\"Value\":8}): ok false | 2 SetValue: argument 2 is missing @"));
  CHECK(contains(directOutcome, "\nIPS_RunScriptTextWait([\"echo 5 + 2;\"]): ok '7'"));
  CHECK(contains(directOutcome,
                 "\nIPS_RunScriptTextWait([\"throw new Exception(\\\"no\\\");\"]): ok false | 2 "
                 "IPS_RunScriptText: no @"));
  CHECK(contains(traces(direct), "SetValue: \"12abc\" is not a number"));
  CHECK(contains(directOutcome, "\ninternal: [true,true,true,true,true,true]"));
  CHECK(contains(directOutcome, "\nexists: [true,true,false]"));
}

TEST_CASE("The prelude's helpers call the module API directly", "[php][calls]") {
  Kernel kernel(phpOptions());
  const int plain = kernel.createInstance(kCalls);
  const int strict = kernel.createInstance(kStrictCalls);
  std::size_t before = php::directModuleOps();
  CHECK(text(kernel.callFunction("PMCL_Helpers", plain, {})) == "text 3");
  CHECK(php::directModuleOps() - before >= 6);
  before = php::directModuleOps();
  CHECK(text(kernel.callFunction("PSCL_Helpers", strict, {})) == "strict 4 [true,true,true]");
  CHECK(php::directModuleOps() - before >= 6);
  const auto debug = kernel.debugEntries(strict);
  REQUIRE(!debug.empty());
  CHECK(debug.back().data == "two");
}

TEST_CASE("Texts handed to the kernel read back as set, whichever string names them", "[php][calls][texts]") {
  Kernel kernel(phpOptions());
  const int id = kernel.createInstance(kCalls);
  CHECK(text(kernel.callFunction("PMCL_Texts", id, {})) == "same,pp,Xp,text 5");
  CHECK(kernel.getBuffer(id, "Last12:B") == std::string(40, 'p') + "12");
  CHECK(kernel.getBuffer(id, "Last12:A") == "X" + std::string(39, 'p') + "12");
  const auto debug = kernel.debugEntries(id);
  REQUIRE(debug.size() >= 2);
  CHECK(debug[debug.size() - 2].data == "debug " + std::string(40, 'd'));
  CHECK(debug.back().data == "Xebug " + std::string(40, 'd'));
  // Again (the strings of the first call are gone): the same outcome, nothing stale.
  CHECK(text(kernel.callFunction("PMCL_Texts", id, {})) == "same,pp,Xp,text 5");

  // An instance deleted and another created (its ID may be the same): no buffers of the old one.
  kernel.deleteInstance(id);
  const int next = kernel.createInstance(kCalls);
  CHECK(kernel.getBufferList(next).empty());
  CHECK(kernel.getBuffer(next, "Last12:A").empty());
  CHECK(text(kernel.callFunction("PMCL_Texts", next, {})) == "same,pp,Xp,text 5");
}
