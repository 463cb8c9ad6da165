// SmartMeter variable rules: AutoCreateVariables off/on, deleted variables, profile digits,
// values that appear later, interface pinning.
#include <catch2/catch.hpp>

#include <functional>
#include <vector>

#include "sm_support.h"
#include "symemu/kernel/snapshot.h"

using namespace smtest;
using symemu::Value;

namespace {

std::string meterReport(const std::string& meterId, const std::string& records, const std::string& interface = "05") {
  return "{\"muc\":{\"MUC_ID\":\"SL-000123\",\"meter\":[{\"METER_ID\":\"" + meterId + "\",\"INTERFACE\":\"" +
         interface + "\",\"MANUFACTURER\":\"BMT\",\"MEDIUM\":\"Water\",\"data\":[" + records + "]}]}}";
}

std::string record(const std::string& description, const std::string& unit, const std::string& scale,
                   const std::string& val) {
  return "{\"DESCRIPTION\":\"" + description + "\",\"UNIT\":\"" + unit + "\",\"SCALE\":\"" + scale +
         "\",\"entry\":[{\"T_MUC\":1741947202,\"VAL\":\"" + val + "\"}]}";
}

int makeMeter(symemu::Kernel& k, int gateway, const std::string& meterId, bool autoCreate,
              const std::string& interface = "") {
  int id = k.createInstance(guid::kSmartMeter);
  k.setConfiguration(
      id,
      symemu::toJsonText({{"SmartMeterID", meterId}, {"AutoCreateVariables", autoCreate}, {"Interface", interface}}));
  k.applyChanges(id);
  k.connectInstance(id, gateway);
  return id;
}

}  // namespace

TEST_CASE("AutoCreateVariables off updates only existing variables", "[smartmetering][variables]") {
  symemu::Kernel k(options());
  auto s = installMqtt(k);
  int meter = makeMeter(k, s.smartLog, "42", true);
  publish(k, s.server, "SmartLog/SL-000123/42",
          meterReport("42", record("Volume", "m^3", "0.001", "1000") + "," +
                                record("Flow temperature", "Degree C", "0.1", "453")));
  REQUIRE(value(k, meter, "Volume") == Value(1.0));
  REQUIRE(value(k, meter, "Flow_temperature") == Value(45.3));

  k.setProperty(meter, "AutoCreateVariables", false);
  k.applyChanges(meter);
  k.deleteVariable(var(k, meter, "Flow_temperature"));
  publish(k, s.server, "SmartLog/SL-000123/42",
          meterReport("42", record("Volume", "m^3", "0.001", "2000") + "," +
                                record("Flow temperature", "Degree C", "0.1", "460") + "," +
                                record("Power", "W", "1", "5")));
  CHECK(value(k, meter, "Volume") == Value(2.0));
  CHECK_FALSE(k.getObjectIdByIdent("Flow_temperature", meter));  // stays deleted
  CHECK_FALSE(k.getObjectIdByIdent("Power", meter));             // not added

  k.setProperty(meter, "AutoCreateVariables", true);
  k.applyChanges(meter);  // asks the gateway for the last record: everything comes back
  CHECK(value(k, meter, "Flow_temperature") == Value(46.0));
  CHECK(value(k, meter, "Power") == Value(5.0));
  CHECK(k.getVariable(var(k, meter, "Power")).profile == "SM_W");
}

TEST_CASE("a meter created with AutoCreateVariables off gets no variables", "[smartmetering][variables]") {
  symemu::Kernel k(options());
  auto s = installMqtt(k);
  publish(k, s.server, kTopics[1], example(1));
  int meter = makeMeter(k, s.smartLog, "19032401", false);
  publish(k, s.server, kTopics[1], example(1));
  CHECK(k.getChildrenIds(meter).empty());
}

TEST_CASE("profile digits are only ever raised", "[smartmetering][variables]") {
  symemu::Kernel k(options());
  auto s = installMqtt(k);
  int a = makeMeter(k, s.smartLog, "A1", true);
  int b = makeMeter(k, s.smartLog, "B1", true);
  publish(k, s.server, "SmartLog/SL-000123/A1", meterReport("A1", record("Volume", "m^3", "0.01", "5")));
  CHECK(k.getVariableProfile("SM_m3").digits == 2);
  publish(k, s.server, "SmartLog/SL-000123/B1", meterReport("B1", record("Volume", "m^3", "0.001", "5")));
  CHECK(k.getVariableProfile("SM_m3").digits == 3);
  publish(k, s.server, "SmartLog/SL-000123/A1", meterReport("A1", record("Volume", "m^3", "1", "5")));
  CHECK(k.getVariableProfile("SM_m3").digits == 3);
  CHECK(value(k, a, "Volume") == Value(5.0));
  CHECK(value(k, b, "Volume") == Value(0.005));
}

TEST_CASE("a value that changes type gets a new variable of the new type", "[smartmetering][variables]") {
  symemu::Kernel k(options());
  auto s = installMqtt(k);
  int meter = makeMeter(k, s.smartLog, "T1", true);
  publish(k, s.server, "SmartLog/SL-000123/T1", meterReport("T1", record("Status", "None", "1", "3")));
  CHECK(k.getVariable(var(k, meter, "Status")).type == symemu::VariableType::Float);
  publish(k, s.server, "SmartLog/SL-000123/T1", meterReport("T1", record("Status", "None", "1", "open")));
  CHECK(k.getVariable(var(k, meter, "Status")).type == symemu::VariableType::String);
  CHECK(value(k, meter, "Status") == Value(std::string("open")));
}

TEST_CASE("identical meter IDs on two interfaces", "[smartmetering][variables][bad]") {
  symemu::Kernel k(options());
  auto s = installMqtt(k);
  std::string report =
      "{\"muc\":{\"MUC_ID\":\"SL-000123\",\"meter\":["
      "{\"METER_ID\":\"03006477\",\"INTERFACE\":\"02\",\"MEDIUM\":\"Water\",\"data\":[" +
      record("Volume", "m^3", "0.001", "1111") +
      "]},"
      "{\"METER_ID\":\"03006477\",\"INTERFACE\":\"05\",\"MEDIUM\":\"Warm water\",\"data\":[" +
      record("Volume", "m^3", "0.001", "2222") + "]}]}}";
  publish(k, s.server, kTopics[5], report);
  auto r = rows(k, s.configurator);
  REQUIRE(r->size() == 2);
  CHECK(row(r, "03006477", "02")->getValue<std::string>("Type") == "Water");
  CHECK(row(r, "03006477", "05")->getValue<std::string>("Type") == "Warm water");
  CHECK(row(r, "03006477", "05")->getObject("create")->getObject("configuration")->getValue<std::string>("Interface") ==
        "05");
  REQUIRE(std::get<std::int64_t>(k.callFunction("SM_CreateAll", s.configurator, {})) == 2);
  int wired = at(k, "SmartMetering/SmartLog SL-000123/Water/03006477 (Water)");
  int radio = at(k, "SmartMetering/SmartLog SL-000123/Warm water/03006477 (Warm water)");
  CHECK(value(k, wired, "Volume") == Value(1.111));
  CHECK(value(k, radio, "Volume") == Value(2.222));
  r = rows(k, s.configurator);
  CHECK(row(r, "03006477", "02")->getValue<int>("instanceID") == wired);
  CHECK(row(r, "03006477", "05")->getValue<int>("instanceID") == radio);

  // Interface "" (any) takes both: the later record in the report wins.
  int any = makeMeter(k, s.smartLog, "03006477", true);
  CHECK(value(k, any, "Volume") == Value(2.222));
  publish(k, s.server, kTopics[5], report);
  CHECK(value(k, any, "Volume") == Value(2.222));
  CHECK(value(k, wired, "Volume") == Value(1.111));
}

TEST_CASE("a meter's settled variables get exactly what the full handling gives",
          "[smartmetering][variables][fastpath]") {
  // Two kernels, the same steps. In `slow` an invisible tree change (renaming a category to its
  // own name) before every report makes each meter device handle every variable in full; in
  // `fast` the devices set the values of variables they settled directly while the tree stays.
  symemu::Kernel fast(options()), slow(options());
  struct Side {
    symemu::Kernel& k;
    MqttSetup s;
    int meter = 0, pad = 0, folder = 0;
  };
  std::vector<Side> sides{{fast, {}}, {slow, {}}};
  for (auto& side : sides) {
    side.s = installMqtt(side.k);
    side.meter = makeMeter(side.k, side.s.smartLog, "F1", true);
    side.pad = side.k.createCategory();
    side.k.setName(side.pad, "Pad");
    side.folder = side.k.createCategory();
    side.k.setName(side.folder, "Folder");
  }
  int round = 0;
  auto report = [&](const std::string& records, const std::string& interface = "05") {
    ++round;
    for (auto& side : sides) {
      if (&side.k == &slow) side.k.setName(side.pad, "Pad");
      side.k.advance(1);
      publish(side.k, side.s.server, "SmartLog/SL-000123/F1", meterReport("F1", records, interface));
    }
    INFO("round " << round);
    REQUIRE(symemu::snapshotJson(fast) == symemu::snapshotJson(slow));
  };
  auto both = [&](const std::function<void(Side&)>& change) {
    for (auto& side : sides) change(side);
  };
  auto volume = [](int v) { return record("Volume", "m^3", "0.001", std::to_string(v)); };
  auto flow = [](int v) { return record("Flow temperature", "Degree C", "0.1", std::to_string(v)); };

  report(volume(1) + "," + flow(400));
  report(volume(2) + "," + flow(401));
  report(volume(3) + "," + flow(402));
  CHECK(value(fast, sides[0].meter, "Volume") == Value(0.003));
  both([](Side& s) { s.k.deleteVariable(var(s.k, s.meter, "Volume")); });  // the user deletes one
  report(volume(4) + "," + flow(403));
  report(volume(5) + "," + flow(404));
  both([](Side& s) { s.k.setParent(var(s.k, s.meter, "Flow_temperature"), s.folder); });  // moves one
  report(volume(6) + "," + flow(405));
  report(volume(7) + "," + flow(406));
  CHECK(fast.getObject(*fast.getObjectIdByIdent("Flow_temperature", sides[0].folder)).parentId == sides[0].folder);
  both([](Side& s) { s.k.setVariableProfileDigits("SM_m3", 0); });  // lowered: raised again
  report(volume(8) + "," + flow(407));
  report(volume(9) + "," + flow(408));
  CHECK(fast.getVariableProfile("SM_m3").digits == 3);
  report(record("Volume", "m^3", "0.0001", "10") + "," + flow(409));  // more digits asked for
  report(volume(11) + "," + flow(410));
  report(volume(12) + "," + record("Flow temperature", "Degree C", "0.1", "hot"));  // another type
  report(volume(13) + "," + flow(411));
  both([](Side& s) { s.k.setIdent(var(s.k, s.meter, "Volume"), "Renamed"); });  // a new ident
  report(volume(14) + "," + flow(412));
  report(volume(15) + "," + flow(413));
  both([](Side& s) {
    s.k.setProperty(s.meter, "AutoCreateVariables", false);
    s.k.applyChanges(s.meter);
  });
  report(volume(16) + "," + flow(414) + "," + record("Power", "W", "1", "5"));
  CHECK_FALSE(fast.getObjectIdByIdent("Power", sides[0].meter));
  both([](Side& s) {
    s.k.setProperty(s.meter, "AutoCreateVariables", true);
    s.k.setProperty(s.meter, "Interface", "07");
    s.k.applyChanges(s.meter);
  });
  report(volume(17) + "," + flow(415));        // another interface's meter: ignored
  report(volume(18) + "," + flow(416), "07");  // its own
  report(volume(19) + "," + flow(417), "07");
  both([](Side& s) { s.k.deleteVariable(var(s.k, s.meter, "Volume")); });
  both([](Side& s) { s.k.deleteVariableProfile("SM_m3"); });
  report(volume(20) + "," + flow(418), "07");
  report(volume(21) + "," + flow(419), "07");
  CHECK(value(fast, sides[0].meter, "Volume") == Value(0.021));
}
