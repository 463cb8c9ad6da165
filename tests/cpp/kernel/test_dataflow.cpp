#include <catch2/catch.hpp>

#include "test_modules.h"

using namespace symemu;

static testmods::TestDevice& device(Kernel& k, int id) {
  return *dynamic_cast<testmods::TestDevice*>(k.getInstance(id).module.get());
}

TEST_CASE("data goes to the parent and back to every matching child", "[dataflow]") {
  Kernel k(testmods::testOptions());
  int a = k.createInstance(testmods::kDeviceId);
  int b = k.createInstance(testmods::kDeviceId);
  int splitter = k.getInstance(a).connectionId;
  REQUIRE(k.getInstance(b).connectionId == splitter);  // ConnectParent reused the splitter
  REQUIRE(device(k, a).send("hi") == "ok:hi");         // ForwardData's answer comes back
  REQUIRE(k.getValue(*k.getObjectIdByIdent("Text", a)) == Value(std::string("hi")));
  REQUIRE(k.getValue(*k.getObjectIdByIdent("Text", b)) == Value(std::string("hi")));
  auto answers = k.sendDataToChildren(splitter, toJsonText({{"DataID", testmods::kToChildren}, {"Buffer", "x"}}));
  REQUIRE(answers.size() == 2);
}

TEST_CASE("receive filters are regexes over the JSON text, '/' needs no escaping", "[dataflow]") {
  Kernel k(testmods::testOptions());
  int a = k.createInstance(testmods::kDeviceId);
  int b = k.createInstance(testmods::kDeviceId);
  k.setProperty(b, "Label", std::string("filtered"));
  k.applyChanges(b);
  REQUIRE(k.getInstance(b).receiveFilter == ".*\"Buffer\":\"a/b.*");
  device(k, a).send("zzz");
  REQUIRE(k.getValue(*k.getObjectIdByIdent("Text", b)) == Value(std::string()));
  device(k, a).send("a/b/c");
  REQUIRE(k.getValue(*k.getObjectIdByIdent("Text", b)) == Value(std::string("a/b/c")));
  REQUIRE_THROWS_WITH(k.setReceiveDataFilter(b, "(unclosed"), Catch::Contains("Invalid data filter"));
}

TEST_CASE("packets whose DataID the receiver does not implement are not delivered", "[dataflow]") {
  Kernel k(testmods::testOptions());
  int a = k.createInstance(testmods::kDeviceId);
  int splitter = k.getInstance(a).connectionId;
  auto answers = k.sendDataToChildren(
      splitter, toJsonText({{"DataID", "{11111111-1111-1111-1111-111111111111}"}, {"Buffer", "x"}}));
  REQUIRE(answers.empty());
  REQUIRE(k.sendDataToParent(a, toJsonText({{"DataID", "{11111111-1111-1111-1111-111111111111}"}})).empty());
  REQUIRE(k.logEntries().back().message.find("does not implement") != std::string::npos);
}

TEST_CASE("connect checks compatibility and loops, disconnect, HasActiveParent", "[dataflow][errors]") {
  Kernel k(testmods::testOptions());
  int a = k.createInstance(testmods::kDeviceId);
  int splitter = k.getInstance(a).connectionId;
  int other = k.createInstance(testmods::kDeviceId);
  int splitter2 = k.createInstance(testmods::kSplitterId);
  REQUIRE_THROWS_WITH(k.connectInstance(splitter2, a), Catch::Contains("is not compatible"));
  REQUIRE_THROWS_WITH(k.connectInstance(splitter, a), Catch::Contains("would create a loop"));
  REQUIRE_THROWS_WITH(k.connectInstance(a, other), Catch::Contains("is not compatible"));
  REQUIRE_THROWS_WITH(k.connectInstance(a, a), Catch::Contains("own parent"));
  REQUIRE(k.hasActiveParent(a));
  k.disconnectInstance(a);
  REQUIRE_FALSE(k.hasActiveParent(a));
  REQUIRE_THROWS_WITH(device(k, a).send("x"), Catch::Contains("has no parent"));
  k.connectInstance(a, splitter);
  REQUIRE(k.getChildInstances(splitter) == std::vector<int>{other, a});
  k.setStatus(splitter, 104);
  REQUIRE_FALSE(k.hasActiveParent(a));
}

TEST_CASE("RequireParent and ForceParent create and replace parents", "[dataflow]") {
  Kernel k(testmods::testOptions());
  int a = k.createInstance(testmods::kDeviceId);
  int first = k.getInstance(a).connectionId;
  k.disconnectInstance(a);
  k.requireParent(a, testmods::kSplitterId);
  int second = k.getInstance(a).connectionId;
  REQUIRE(second != first);
  k.forceParent(a, testmods::kSplitterId);  // same module: nothing changes
  REQUIRE(k.getInstance(a).connectionId == second);
}

TEST_CASE("the literal a filter requires is found only where it is certain", "[dataflow][filters]") {
  REQUIRE(requiredLiteral(R"(.*"MeterID":"0300(,"Interface":"05")?.*)") == R"("MeterID":"0300)");
  REQUIRE(requiredLiteral(R"(.*"Topic":"SmartLog/SL\-000123(?:/[^"]*)?".*)") == R"("Topic":"SmartLog/SL-000123)");
  REQUIRE(requiredLiteral(".*ab?c.*") == "a");
  REQUIRE(requiredLiteral(".*ab+c.*") == "ab");
  REQUIRE(requiredLiteral(".*\\d+x") == "");
  REQUIRE(requiredLiteral(".*a|b.*") == "");
  REQUIRE(requiredLiteral("^abc") == "");
  REQUIRE(requiredLiteral("(?i).*abc") == "");
}

TEST_CASE("filters with a required literal still behave like the regex", "[dataflow][filters]") {
  Kernel k(testmods::testOptions());
  int a = k.createInstance(testmods::kDeviceId);
  int b = k.createInstance(testmods::kDeviceId);
  k.setReceiveDataFilter(b, ".*\"Buffer\":\"ab+c\".*");
  device(k, a).send("xyz");
  REQUIRE(k.getValue(*k.getObjectIdByIdent("Text", b)) == Value(std::string()));
  device(k, a).send("abbbc");
  REQUIRE(k.getValue(*k.getObjectIdByIdent("Text", b)) == Value(std::string("abbbc")));
  device(k, a).send("abd");
  REQUIRE(k.getValue(*k.getObjectIdByIdent("Text", b)) == Value(std::string("abbbc")));
}
