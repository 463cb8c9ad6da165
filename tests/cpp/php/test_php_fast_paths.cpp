// The PHP host's fast paths around kernel calls (docs/performance.md, "PHP edition", "Eighth
// step") against the ways they replace: SetValue() straight to the kernel against the kernel
// function table, and texts shared between buffers, packets and the child's argument against
// copies. Each is run both ways on the same instance and must give the same outcome, with the
// fast way taken.
#include <catch2/catch.hpp>

#include "symemu/kernel/kernel.h"
#include "symemu/php/php_host.h"
#include "symemu/php/php_module.h"
#include "symemu/php/php_json_decode.h"
#include "symemu/php/php_ops.h"
#include "symemu/php/php_shared_texts.h"
#include "symemu/runtime/runtime.h"
#include "php_test_kernels.h"

using namespace symemu;

namespace {

std::string lib(const std::string& name) { return test::phpTestLibrary(name); }

KernelOptions phpOptions(const std::vector<std::string>& libs) {
  std::vector<std::string> problems;
  KernelOptions o = test::phpKernelOptions(libs, 6, problems);  // starts PHP
  REQUIRE(problems.empty());
  return o;
}

constexpr const char* kSender = "{5E3A0006-0001-4000-8000-000000000006}";
constexpr const char* kReceiver = "{5E3A0006-0002-4000-8000-000000000006}";
constexpr const char* kSetter = "{5E3A0006-0003-4000-8000-000000000006}";
constexpr const char* kJsonReader = "{5E3A0006-0006-4000-8000-000000000006}";
constexpr const char* kFaults = "{5E3A0002-0001-4000-8000-000000000002}";

std::string text(const Value& v) { return std::get<std::string>(v); }

// The log since `from`, one line per entry.
std::string logSince(const Kernel& k, std::size_t from) {
  std::string out;
  for (std::size_t i = from; i < k.logEntries().size(); ++i)
    out += std::to_string(k.logEntries()[i].type) + " " + k.logEntries()[i].message + "\n";
  return out;
}

}  // namespace

TEST_CASE("SetValue straight to the kernel does what the kernel function table does", "[php][fast]") {
  Kernel kernel(phpOptions({lib("fast_paths")}));
  const int setter = kernel.createInstance(kSetter);

  auto run = [&](bool direct) {
    php::setDirectSetValue(direct);
    const std::size_t logged = kernel.logEntries().size();
    const std::size_t before = php::directSetValues();
    std::string outcome = text(kernel.callFunction("PVST_Cases", setter, {}));
    php::setDirectSetValue(true);
    return std::make_tuple(outcome, logSince(kernel, logged), php::directSetValues() - before);
  };
  const auto [tableOutcome, tableLog, tableDirect] = run(false);
  const auto [directOutcome, directLog, directCount] = run(true);
  CHECK(tableDirect == 0);
  CHECK(directCount > 20);  // the scalar values on the integer IDs (the others take the table's way)
  CHECK(directOutcome == tableOutcome);
  CHECK(directLog == tableLog);
  // What the cases must show either way (so the comparison compares something).
  CHECK(directOutcome.find("0 <- true: ok true | true, 0, 0.0, ''") != std::string::npos);
  CHECK(directOutcome.find("1 <- '12abc': ok true") != std::string::npos);
  CHECK(directOutcome.find("does not exist") != std::string::npos);
  CHECK(directOutcome.find("is not a variable") != std::string::npos);
  CHECK(directOutcome.find("out of range") != std::string::npos);
  CHECK(directOutcome.find("must be of type int, string given") != std::string::npos);
  CHECK(directLog.find("is not a number") != std::string::npos);
}

TEST_CASE("Texts shared between buffers, packets and the child's argument behave as copies", "[php][fast]") {
  Kernel kernel(phpOptions({lib("fast_paths"), lib("faults")}));
  auto pair = [&] {
    const int sender = kernel.createInstance(kSender);
    const int receiver = kernel.createInstance(kReceiver);
    kernel.connectInstance(receiver, sender);
    return std::make_pair(sender, receiver);
  };
  const std::string payload = "ä \"quoted\" / text";
  auto run = [&](bool shared) {
    php::setTextSharing(shared);
    const auto [sender, receiver] = pair();
    const std::size_t before = php::sharedTextsReused();
    std::string outcome = text(kernel.callFunction("PTXS_Run", sender, {payload}));
    // Later calls (a restarted request in between) still read what was kept.
    const int faults = kernel.createInstance(kFaults);
    CHECK_THROWS_AS(kernel.callFunction("PFLT_Fatal", faults, {}), KernelError);
    outcome += "\n" + text(kernel.callFunction("PTXS_Later", sender, {}));
    outcome += "\n" + text(kernel.callFunction("PTXR_Buffers", receiver, {}));
    outcome += "\n" + text(kernel.callFunction("PTXS_Run", sender, {payload + "2"}));
    php::setTextSharing(true);
    return std::make_pair(outcome, php::sharedTextsReused() - before);
  };
  const auto [copied, copiedReuses] = run(false);
  const auto [shared, sharedReuses] = run(true);
  CHECK(copiedReuses == 0);
  CHECK(sharedReuses >= 4);  // the second buffer and the send, in each of the two Run calls
  CHECK(shared == copied);

  // A large text is copied, not held (the module's memory_limit sees it freed as before).
  const int sender = kernel.createInstance(kSender);
  const std::size_t before = php::sharedTextsReused();
  CHECK(std::get<bool>(kernel.callFunction("PTXS_Large", sender, {})));
  CHECK(php::sharedTextsReused() == before);

  // What the sender and its child saw, either way.
  const std::string packet =
      R"({"DataID":"{7E57DA7A-0006-4000-8000-000000000006}","Buffer":"\u00e4 \"quoted\" / text"})";
  auto quoted = [](const std::string& s) {  // as json_encode writes it with JSON_UNESCAPED_SLASHES
    std::string out = "\"";
    for (char c : s) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    return out + "\"";
  };
  CHECK(shared.find("\"A\":" + quoted(packet)) != std::string::npos);
  CHECK(shared.find("\"B\":" + quoted(packet)) != std::string::npos);
  CHECK(shared.find("\"A after change\":" + quoted(packet)) != std::string::npos);
  CHECK(shared.find("\"kept\":" + quoted(packet)) != std::string::npos);
  CHECK(shared.find("\"changed\":" + quoted("[" + packet.substr(1) + " and more")) != std::string::npos);
  CHECK(shared.find("\"A again\":" + quoted("[" + packet.substr(1) + " and more")) != std::string::npos);
  CHECK(shared.find("\"packet after send\":" + quoted(packet)) != std::string::npos);
  CHECK(shared.find("\"I\":\"42\",\"E\":\"\",\"missing\":\"\"") != std::string::npos);
  CHECK(shared.find("(changed by the child)") != std::string::npos);                     // the child's decoded array
  CHECK(shared.find(quoted("[" + packet.substr(1) + " changed")) != std::string::npos);  // its changed argument
}

TEST_CASE("A module call's kept file and class name behave as looked up at every call", "[php][fast]") {
  Kernel kernel(phpOptions({lib("fast_paths"), lib("faults")}));
  constexpr const char* kCaseClass = "{5E3A0006-0005-4000-8000-000000000006}";
  auto run = [&](bool kept) {
    php::setCallNotesKept(kept);
    const int module = kernel.createInstance(kCaseClass);
    std::string outcome = text(kernel.callFunction("PCCL_Who", module, {}));
    // After a fatal error the request is replaced: what was kept belongs to the old one.
    const int faults = kernel.createInstance(kFaults);
    CHECK_THROWS_AS(kernel.callFunction("PFLT_Fatal", faults, {}), KernelError);
    outcome += "\n" + text(kernel.callFunction("PCCL_Who", module, {}));
    outcome += "\n" + text(kernel.callFunction("PCCL_Who", module, {}));
    php::setCallNotesKept(true);
    return std::make_pair(outcome, module);
  };
  const auto [lookedUp, first] = run(false);
  const auto [kept, second] = run(true);
  const auto id = [](int n) { return std::to_string(n); };
  const std::string seen = "phpcaseclass phpcaseclass phpcaseclass phpcaseclass ";
  CHECK(lookedUp == seen + id(first) + " phpcaseclass object\n" + seen + id(first) + " phpcaseclass object\n" + seen +
                        id(first) + " phpcaseclass object");
  CHECK(kept == seen + id(second) + " phpcaseclass object\n" + seen + id(second) + " phpcaseclass object\n" + seen +
                    id(second) + " phpcaseclass object");
}

// json_decode shares repeated texts and copies the tables of objects of a known shape
// (emulator/php/php_json_decode.cpp): a module that changes what it decoded, decodes the same
// shapes again, in other orders, with a key more or less or repeated, and does so again after
// its request was replaced (the host forgets what it kept), sees what PHP's own reader gives.
TEST_CASE("json_decode's shared texts and copied shapes behave as PHP's own reader", "[php][fast]") {
  Kernel kernel(phpOptions({lib("fast_paths"), lib("faults")}));
  const int reader = kernel.createInstance(kJsonReader);
  const int faults = kernel.createInstance(kFaults);
  const std::vector<std::string> texts = {
      R"({"MESSAGE_TYPE":"1","muc":{"MUC_ID":"SL-100003","meter":[{"METER_ID":"30030042","MEDIUM":"Electricity",)"
      R"("data":[{"DESCRIPTION":"Energy","UNIT":"Wh","SCALE":"10","entry":[{"T_MUC":1741953577,"VAL":"1000049"}]},)"
      R"({"DESCRIPTION":"Power","UNIT":"W","SCALE":"0.1","entry":[{"T_MUC":1741953577,"VAL":"5133"}]}]}]}})",
      R"({"DESCRIPTION":"Energy","UNIT":"Wh","MEDIUM":"Electricity"})",
      R"([{"a":"same text","b":"same text"},{"a":"same text","b":"other text"},{"b":"same text","a":""}])",
      R"({"0":"zero","1":"one","x":{"0":"zero","1":"one"}})",
      R"({"k1":"v","k2":"v","k3":"v","k4":"v","k5":"v","k6":"v","k7":"v","k8":"v","k9":"v","k10":"v","k11":"v",)"
      R"("k12":"v","k13":"v","k14":"v","k15":"v","k16":"v","k17":"v"})",
      R"({"\u0000a":"nul key","b":"text"})"};
  auto run = [&](bool fast) {
    php::setFastJsonDecode(fast);
    std::string outcome;
    for (int round = 0; round < 2; ++round) {
      for (const auto& json : texts)
        for (bool assoc : {false, true}) outcome += text(kernel.callFunction("PJSR_Run", reader, {json, assoc})) + "\n";
      // The request is replaced (a fatal error): what the host kept belonged to the old one.
      CHECK_THROWS_AS(kernel.callFunction("PFLT_Fatal", faults, {}), KernelError);
    }
    php::setFastJsonDecode(true);
    return outcome;
  };
  const std::size_t before = php::jsonDecodeShapesCopied();
  const std::string fast = run(true);
  CHECK(php::jsonDecodeShapesCopied() - before > 20);
  const std::size_t afterFast = php::jsonDecodeShapesCopied();
  const std::string own = run(false);
  CHECK(php::jsonDecodeShapesCopied() == afterFast);
  CHECK(fast == own);
  // What the module must have seen (so the comparison compares something).
  CHECK(fast.find(R"(s:12:"#lectricity!")") != std::string::npos);  // a changed shared text
  CHECK(fast.find(R"(s:5:"added")") != std::string::npos);
  CHECK(fast.find(R"(O:8:"stdClass":2:{s:11:"DESCRIPTION";s:5:"Power";)") != std::string::npos);  // repeated key
}
