#include <catch2/catch.hpp>

#include "test_modules.h"

using namespace symemu;

namespace {
// Records every message it registered for.
class Listener : public Module {
 public:
  std::vector<std::tuple<int, int, std::vector<Value>>> seen;
  std::int64_t lastStamp = 0;
  void messageSink(std::int64_t stamp, int sender, int message, const std::vector<Value>& data) override {
    REQUIRE(stamp > lastStamp);  // a running counter
    lastStamp = stamp;
    seen.emplace_back(sender, message, data);
  }
  void listen(int sender, int message) { registerMessage(sender, message); }
};
}  // namespace

TEST_CASE("VM_UPDATE carries new value, changed flag, old value and times", "[messages]") {
  auto opts = testmods::testOptions();
  opts.registerFactories = [](ModuleRegistry& r) {
    testmods::registerTestModules(r);
    r.registerFactory("Test Splitter", [] { return std::make_unique<Listener>(); });
  };
  Kernel k(opts);
  int l = k.createInstance(testmods::kSplitterId);
  auto& listener = *dynamic_cast<Listener*>(k.getInstance(l).module.get());
  int v = k.createVariable(VariableType::Integer);
  listener.listen(v, msg::VM_UPDATE);
  k.setValue(v, std::int64_t{5});
  k.advance(3);
  k.setValue(v, std::int64_t{5});
  REQUIRE(listener.seen.size() == 2);
  auto& [sender, message, data] = listener.seen[0];
  REQUIRE(sender == v);
  REQUIRE(message == msg::VM_UPDATE);
  REQUIRE(data.size() == 6);
  REQUIRE(data[0] == Value(std::int64_t{5}));
  REQUIRE(data[1] == Value(true));
  REQUIRE(data[2] == Value(std::int64_t{0}));
  REQUIRE(std::get<2>(listener.seen[1])[1] == Value(false));
  REQUIRE(std::get<std::int64_t>(std::get<2>(listener.seen[1])[3]) == k.nowSeconds());
  REQUIRE(k.getMessageList(l).at(v) == std::vector<int>{msg::VM_UPDATE});
  k.unregisterMessage(l, v, msg::VM_UPDATE);
  k.setValue(v, std::int64_t{6});
  REQUIRE(listener.seen.size() == 2);

  // Registered again, for two variables; one unregistered; the receiver deleted: each VM_UPDATE
  // goes exactly where a registration is (setValue skips the search when there is none).
  int w = k.createVariable(VariableType::Integer);
  listener.listen(v, msg::VM_UPDATE);
  listener.listen(w, msg::VM_UPDATE);
  listener.listen(w, msg::VM_UPDATE);  // twice: still one registration
  k.setValue(w, std::int64_t{1});
  REQUIRE(listener.seen.size() == 3);
  k.unregisterMessage(l, w, msg::VM_UPDATE);
  k.setValue(w, std::int64_t{2});
  k.setValue(v, std::int64_t{7});
  REQUIRE(listener.seen.size() == 4);
  REQUIRE(std::get<0>(listener.seen.back()) == v);
  int l2 = k.createInstance(testmods::kSplitterId);
  auto& second = *dynamic_cast<Listener*>(k.getInstance(l2).module.get());
  second.listen(w, msg::VM_UPDATE);
  k.deleteInstance(l);  // its registration for v goes with it
  k.setValue(v, std::int64_t{8});
  k.setValue(w, std::int64_t{3});
  REQUIRE(second.seen.size() == 1);
  REQUIRE(std::get<0>(second.seen.back()) == w);
  REQUIRE(k.getMessageList(l2).at(w) == std::vector<int>{msg::VM_UPDATE});
}

TEST_CASE("start-up passes KR_INIT and KR_READY to modules", "[messages][startup]") {
  Kernel k(testmods::testOptions());
  REQUIRE(k.runlevel() == runlevel::Ready);
  int dev = k.createInstance(testmods::kDeviceId);
  // Created after start-up: no runlevel messages yet.
  REQUIRE(k.readAttribute(dev, "Runlevels", VariableType::String) == Value(std::string()));
}

TEST_CASE("timers run on the manual clock when it is advanced", "[timers]") {
  Kernel k(testmods::testOptions());
  int dev = k.createInstance(testmods::kDeviceId);
  int ticks = *k.getObjectIdByIdent("Ticks", dev);
  REQUIRE(k.getTimerInterval(dev, "Tick") == 60000);
  k.advance(59);
  REQUIRE(k.getValue(ticks) == Value(std::int64_t{0}));
  k.advance(1);
  REQUIRE(k.getValue(ticks) == Value(std::int64_t{1}));
  k.advance(3600);
  REQUIRE(k.getValue(ticks) == Value(std::int64_t{61}));
  k.setProperty(dev, "Count", std::int64_t{0});  // interval 0 stops the timer
  k.applyChanges(dev);
  k.advance(600);
  REQUIRE(k.getValue(ticks) == Value(std::int64_t{61}));
  REQUIRE_THROWS_WITH(k.setTimerInterval(dev, "Nope", 5), "Timer Nope is not registered");
}

TEST_CASE("a once-timer runs once", "[timers]") {
  Kernel k(testmods::testOptions());
  int dev = k.createInstance(testmods::kDeviceId);
  int count = 0;
  k.registerOnceTimer(dev, "Once", [&] { ++count; });
  k.advance(0);
  k.advance(100);
  REQUIRE(count == 1);
}
