// Kernel messages and lifecycle Symcon has (issue 16 point 5): IM_CONNECT/IM_DISCONNECT,
// TM_* timer messages, KR_UNINIT at shutdown, InstanceChanged across restarts,
// GetConfigurationForParent applied to a parent RequireParent creates, the buffer limit,
// Translate with locale.json, kernel version/date, the payload encoding per module class, and
// the orphaned parent after a gateway switch.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdio>

#include "test_modules.h"

using namespace symemu;

namespace {

// A device that asks its parent for a configuration and records every message it gets.
class ConfiguringDevice : public testmods::TestDevice {
 public:
  std::string getConfigurationForParent() override { return R"({"Label":"set by the child","Unknown":1})"; }
};

// Records every message the kernel sends (the observer sees all of them).
struct Recorder {
  std::vector<std::tuple<int, int, std::vector<Value>>> seen;
  void attach(Kernel& k) {
    k.setMessageObserver([this](int s, int m, const std::vector<Value>& d) { seen.emplace_back(s, m, d); });
  }
  std::vector<int> of(int sender) const {
    std::vector<int> out;
    for (const auto& [s, m, d] : seen)
      if (s == sender) out.push_back(m);
    return out;
  }
  bool has(int sender, int message) const {
    auto list = of(sender);
    return std::find(list.begin(), list.end(), message) != list.end();
  }
};

KernelOptions configuringOptions(const std::string& db = ":memory:") {
  KernelOptions o = testmods::testOptions(db);
  o.registerFactories = [](ModuleRegistry& r) {
    r.registerFactory("Test Splitter", [] { return std::make_unique<testmods::TestSplitter>(); });
    r.registerFactory("Test Device", [] { return std::make_unique<ConfiguringDevice>(); });
  };
  return o;
}

std::string tempDb(const char* name) {
  std::string db = std::string("/tmp/symemu_") + name + "_" + std::to_string(::getpid()) + ".db";
  for (const char* suffix : {"", "-wal", "-shm"}) std::remove((db + suffix).c_str());
  return db;
}

}  // namespace

TEST_CASE("IM_CONNECT when an instance's interface is up, IM_DISCONNECT when it goes", "[messages][lifecycle]") {
  Kernel k(testmods::testOptions());
  Recorder r;
  r.attach(k);
  int dev = k.createInstance(testmods::kDeviceId);
  auto created = r.of(dev);
  auto pos = [&](int m) { return std::find(created.begin(), created.end(), m) - created.begin(); };
  REQUIRE(r.has(dev, msg::IM_CONNECT));
  CHECK(pos(msg::IM_CREATE) < pos(msg::IM_CONNECT));
  CHECK(pos(msg::IM_CONNECT) < pos(msg::IM_CHANGESETTINGS));
  CHECK_FALSE(r.has(dev, msg::IM_DISCONNECT));
  k.deleteInstance(dev);
  auto all = r.of(dev);
  auto disconnect = std::find(all.begin(), all.end(), msg::IM_DISCONNECT);
  auto deleted = std::find(all.begin(), all.end(), msg::IM_DELETE);
  REQUIRE(disconnect != all.end());
  CHECK(disconnect < deleted);
}

TEST_CASE("shutdown passes IPS_KERNELSHUTDOWN, KR_UNINIT, IM_DISCONNECT, KR_SHUTDOWN", "[messages][lifecycle]") {
  Kernel k(testmods::testOptions());
  int dev = k.createInstance(testmods::kDeviceId);
  Recorder r;
  r.attach(k);
  k.close();
  std::vector<std::string> order;
  for (const auto& [s, m, d] : r.seen) {
    if (m == msg::KernelShutdown) order.push_back("shutdown");
    if (m == msg::KernelMessage) order.push_back("runlevel " + valueToString(d.at(0)));
    if (m == msg::IM_DISCONNECT && s == dev) order.push_back("disconnect");
  }
  CHECK(order == std::vector<std::string>{"shutdown", "runlevel 10104", "disconnect", "runlevel 10105"});
}

TEST_CASE("timers send TM_REGISTER, TM_CHANGEINTERVAL, TM_MESSAGE and TM_UNREGISTER", "[messages][timers]") {
  Kernel k(testmods::testOptions());
  Recorder r;
  r.attach(k);
  int dev = k.createInstance(testmods::kDeviceId);
  // Create registers "Tick" with 0 and ApplyChanges sets 60 s.
  CHECK(r.has(dev, msg::TM_REGISTER));
  CHECK(r.has(dev, msg::TM_CHANGEINTERVAL));
  for (const auto& [s, m, d] : r.seen)
    if (s == dev && m == msg::TM_CHANGEINTERVAL)
      CHECK(d == std::vector<Value>{std::string("Tick"), std::int64_t{60000}});
  CHECK_FALSE(r.has(dev, msg::TM_MESSAGE));
  k.advance(60);
  int runs = 0;
  for (const auto& [s, m, d] : r.seen)
    runs += s == dev && m == msg::TM_MESSAGE && d.at(0) == Value(std::string("Tick"));
  CHECK(runs == 1);
  r.seen.clear();
  k.applyChanges(dev);  // the same interval: no change message
  CHECK_FALSE(r.has(dev, msg::TM_CHANGEINTERVAL));
  k.deleteInstance(dev);
  CHECK(r.has(dev, msg::TM_UNREGISTER));
}

TEST_CASE("InstanceChanged keeps the time of the last applied change across a restart", "[lifecycle][storage]") {
  const std::string db = tempDb("changed");
  int dev = 0;
  std::int64_t applied = 0;
  {
    Kernel k(testmods::testOptions(db));
    dev = k.createInstance(testmods::kDeviceId);
    k.advance(100);
    k.setProperty(dev, "Label", std::string("x"));
    k.applyChanges(dev);
    applied = k.getInstance(dev).changed;
    CHECK(applied == k.nowSeconds());
    k.close();
  }
  {
    KernelOptions o = testmods::testOptions(db);
    o.clockStart += 86400;  // a day later
    Kernel k(o);
    CHECK(k.getInstance(dev).changed == applied);
    k.applyChanges(dev);  // a user's apply moves it
    CHECK(k.getInstance(dev).changed == k.nowSeconds());
    k.close();
  }
  for (const char* suffix : {"", "-wal", "-shm"}) std::remove((db + suffix).c_str());
}

TEST_CASE("RequireParent applies the child's GetConfigurationForParent to the parent it creates",
          "[dataflow][lifecycle]") {
  Kernel k(configuringOptions());
  int dev = k.createInstance(testmods::kDeviceId);  // ConnectParent creates a Test Splitter
  int splitter = k.getInstance(dev).connectionId;
  REQUIRE(splitter != 0);
  CHECK(k.readProperty(splitter, "Label", VariableType::String) == Value(std::string("set by the child")));
  CHECK_FALSE(k.hasChanges(splitter));
  bool warned = false;
  for (const auto& e : k.logEntries()) warned |= e.message.find("property Unknown") != std::string::npos;
  CHECK(warned);  // a property the parent lacks is named, not silently dropped

  // ConnectParent to an existing splitter does not reconfigure it.
  k.setProperty(splitter, "Label", std::string("mine"));
  k.applyChanges(splitter);
  int second = k.createInstance(testmods::kDeviceId);
  CHECK(k.getInstance(second).connectionId == splitter);
  CHECK(k.readProperty(splitter, "Label", VariableType::String) == Value(std::string("mine")));

  SECTION("the kernel call the PHP host uses") {
    int other = k.createInstance(testmods::kSplitterId);
    k.applyConfigurationForParent(dev, other);
    CHECK(k.readProperty(other, "Label", VariableType::String) == Value(std::string("set by the child")));
  }
}

TEST_CASE("buffers are limited per instance, a refused write keeps the old content", "[lifecycle][buffers]") {
  KernelOptions o = testmods::testOptions();
  o.maxBufferBytes = 1000;
  Kernel k(o);
  int dev = k.createInstance(testmods::kDeviceId);
  k.setBuffer(dev, "A", std::string(500, 'a'));
  k.setBuffer(dev, "B", std::string(400, 'b'));
  CHECK_THROWS_WITH(k.setBuffer(dev, "C", std::string(200, 'c')),
                    Catch::Contains("Buffer C of instance #" + std::to_string(dev)) && Catch::Contains("1000"));
  CHECK(k.getBuffer(dev, "C").empty());
  CHECK_THROWS(k.setBuffer(dev, "A", std::string(700, 'x')));
  CHECK(k.getBuffer(dev, "A") == std::string(500, 'a'));
  k.setBuffer(dev, "A", "");  // shrinking always works and frees room
  k.setBuffer(dev, "C", std::string(200, 'c'));
  CHECK(k.getBuffer(dev, "C").size() == 200);
}

TEST_CASE("Translate uses the module's locale.json in the system language", "[lifecycle][translate]") {
  for (auto [language, expected] : std::vector<std::pair<std::string, std::string>>{
           {"de_DE", "Hallo"}, {"de_CH", "Grüezi"}, {"de", "Hallo"}, {"en_US", "Hello"}}) {
    KernelOptions o = testmods::testOptions();
    o.language = language;
    Kernel k(o);
    int dev = k.createInstance(testmods::kDeviceId);
    INFO(language);
    CHECK(k.systemLanguage() == language);
    CHECK(k.translate(dev, "Hello") == expected);
    CHECK(k.translate(dev, "Not in the table") == "Not in the table");
  }
}

TEST_CASE("a broken locale.json is refused naming the file", "[lifecycle][translate]") {
  char dir[] = "/tmp/symemu-locale-XXXXXX";
  REQUIRE(::mkdtemp(dir));
  const std::string lib = dir;
  std::system(("cp -r " + std::string(SYMEMU_TESTLIB_DIR) + "/. " + lib).c_str());
  {
    std::FILE* f = std::fopen((lib + "/TestDevice/locale.json").c_str(), "w");
    std::fputs(R"({"translations":{"de":{"Hello":5}}})", f);
    std::fclose(f);
  }
  KernelOptions o = testmods::testOptions();
  o.libraries = {lib};
  CHECK_THROWS_WITH(Kernel(o), Catch::Contains("locale.json") && Catch::Contains("Hello"));
  std::system(("rm -rf " + lib).c_str());
}

TEST_CASE("IPS_GetKernelVersion/Date come from the options and decide the payload encoding", "[lifecycle][encoding]") {
  KernelOptions o = testmods::testOptions();
  o.kernelVersion = "6.1";
  o.kernelDate = 1650000000;  // before 6.3: IPSModule payloads are plain
  Kernel old(o);
  CHECK(old.kernelVersion() == "6.1");
  CHECK(old.kernelDate() == 1650000000);
  int dev = old.createInstance(testmods::kDeviceId);
  CHECK(old.dataEncodingOf(dev) == DataEncoding::Plain);

  Kernel now(testmods::testOptions());
  CHECK(now.kernelVersion() == "8.1");
  CHECK(now.dataEncodingOf(now.createInstance(testmods::kDeviceId)) == DataEncoding::Utf8Mapped);
}

TEST_CASE("payload helpers per encoding", "[lifecycle][encoding]") {
  const std::string bytes(
      "\x00\xff"
      "A\xe4",
      4);
  std::string hex, mapped, plain;
  appendJsonPayload(hex, bytes, DataEncoding::Hex);
  appendJsonPayload(mapped, bytes, DataEncoding::Utf8Mapped);
  appendJsonPayload(plain, bytes, DataEncoding::Plain);
  CHECK(hex == "\"00ff41e4\"");
  CHECK(mapped ==
        "\"\\u0000\xc3\xbf"
        "A\xc3\xa4\"");
  CHECK(decodePayload("00FF41e4", DataEncoding::Hex) == bytes);
  CHECK(decodePayload("\xc3\xbf", DataEncoding::Utf8Mapped) == "\xff");
  CHECK(decodePayload("\xc3\xbf", DataEncoding::Plain) == "\xc3\xbf");
  CHECK_THROWS_WITH(decodePayload("0g", DataEncoding::Hex), Catch::Contains("non-hex"));
}

TEST_CASE("switching a child to another parent: the orphan is named, or deleted on request", "[dataflow][orphan]") {
  Kernel k(testmods::testOptions());
  int dev = k.createInstance(testmods::kDeviceId);
  int first = k.getInstance(dev).connectionId;
  int second = k.createInstance(testmods::kSplitterId);
  int third = k.createInstance(testmods::kSplitterId);

  CHECK(k.changeParent(dev, second, false) == first);
  CHECK(k.instanceExists(first));
  bool named = false;
  for (const auto& e : k.logEntries())
    named |= e.type == msg::KL_NOTIFY && e.message.find("#" + std::to_string(first)) != std::string::npos;
  CHECK(named);

  // A parent other children still use is no orphan.
  int sibling = k.createInstance(testmods::kDeviceId);
  k.connectInstance(sibling, second);
  CHECK(k.changeParent(dev, third, true) == 0);
  CHECK(k.instanceExists(second));

  k.disconnectInstance(sibling);
  CHECK(k.changeParent(dev, second, true) == third);
  CHECK_FALSE(k.instanceExists(third));
  CHECK(k.getInstance(dev).connectionId == second);
}

TEST_CASE("a string that is no number, set on a number variable, is converted with a warning", "[variables][convert]") {
  Kernel k(testmods::testOptions());
  int v = k.createVariable(VariableType::Integer);
  auto warnings = [&] {
    int n = 0;
    for (const auto& e : k.logEntries())
      n += e.type == msg::KL_WARNING && e.message.find("is not a number") != std::string::npos;
    return n;
  };
  k.setValue(v, std::string("42"));
  k.setValue(v, std::string(" 7 "));
  CHECK(warnings() == 0);
  CHECK(k.getValue(v) == Value(std::int64_t{7}));
  k.setValue(v, std::string("12abc"));
  CHECK(k.getValue(v) == Value(std::int64_t{12}));
  CHECK(warnings() == 1);
  int f = k.createVariable(VariableType::Float);
  k.setValue(f, std::string("abc"));
  CHECK(k.getValue(f) == Value(0.0));
  CHECK(warnings() == 2);
}

TEST_CASE("the configuration form comes translated like the console shows it", "[lifecycle][translate]") {
  KernelOptions o = testmods::testOptions();
  o.language = "de_DE";
  Kernel k(o);
  int dev = k.createInstance(testmods::kDeviceId);
  Poco::JSON::Parser p;
  auto form = p.parse(k.getConfigurationForm(dev)).extract<Poco::JSON::Object::Ptr>();
  CHECK(form->getArray("elements")->getObject(0)->getValue<std::string>("caption") == "Bezeichnung");
  CHECK(form->getArray("elements")->getObject(1)->getValue<std::string>("caption") == "Count");  // no entry
  CHECK(form->getArray("status")->getObject(0)->getValue<std::string>("caption") == "Anzahl darf nicht negativ sein");
  CHECK(form->getArray("elements")->getObject(0)->getValue<std::string>("name") == "Label");  // names stay

  Kernel english(testmods::testOptions());
  int other = english.createInstance(testmods::kDeviceId);
  CHECK(english.getConfigurationForm(other).find("\"Label\"") != std::string::npos);
}

TEST_CASE("a text shared between buffers reads, lists and counts as copies of it do", "[lifecycle][buffers]") {
  // Kernel::setBuffer with a shared text (a gateway keeps each meter packet under two names).
  KernelOptions o = testmods::testOptions();
  o.maxBufferBytes = 1000;
  Kernel shared(o), copied(o);
  const int a = shared.createInstance(testmods::kDeviceId), b = copied.createInstance(testmods::kDeviceId);
  auto text = std::make_shared<const std::string>(std::string(400, 't'));
  shared.setBuffer(a, "Y", text);
  shared.setBuffer(a, "X", text);
  copied.setBuffer(b, "Y", *text);
  copied.setBuffer(b, "X", *text);
  CHECK(shared.getBuffer(a, "X") == copied.getBuffer(b, "X"));
  CHECK(shared.getBuffer(a, "Y") == std::string(400, 't'));
  CHECK(shared.getBufferList(a) == copied.getBufferList(b));
  CHECK(shared.getBufferList(a) == std::vector<std::string>{"X", "Y"});  // sorted by name
  // Both count 2 x (400 + 1) bytes: a third buffer of 300 is refused by both, as copies were.
  CHECK_THROWS(shared.setBuffer(a, "Z", std::string(300, 'z')));
  CHECK_THROWS(copied.setBuffer(b, "Z", std::string(300, 'z')));
  shared.setBuffer(a, "X", "");  // replacing one name leaves the other's text
  CHECK(shared.getBuffer(a, "Y") == std::string(400, 't'));
  CHECK(shared.getBuffer(a, "X").empty());
}
