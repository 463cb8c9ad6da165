// SmartMeterConfigurator: form, rows before and after create, waiting rows, mark all as seen,
// SM_Create, AutoCreateMeters.
#include <catch2/catch.hpp>

#include "sm_support.h"

using namespace smtest;
using symemu::Value;

TEST_CASE("the configurator form carries the rows", "[smartmetering][configurator]") {
  symemu::Kernel k(options());
  auto s = installMqtt(k);
  publish(k, s.server, kTopics[1], example(1));
  Poco::JSON::Parser p;
  auto form = p.parse(k.getConfigurationForm(s.configurator)).extract<Poco::JSON::Object::Ptr>();
  auto configurator = form->getArray("actions")->getObject(0);
  CHECK(configurator->getValue<std::string>("type") == "Configurator");
  CHECK(configurator->getValue<std::string>("name") == "Configurator");
  std::vector<std::string> columns;
  auto cols = configurator->getArray("columns");
  for (std::size_t i = 0; i < cols->size(); ++i) columns.push_back(cols->getObject(i)->getValue<std::string>("name"));
  for (const char* c : {"MeterId", "Manufacturer", "Type", "Instance", "InstanceID", "New"})
    CHECK(std::find(columns.begin(), columns.end(), c) != columns.end());
  auto values = configurator->getArray("values");
  REQUIRE(values->size() == 1);
  CHECK(values->getObject(0)->getValue<std::string>("MeterId") == "19032401");
}

TEST_CASE("SM_Create, waiting rows and mark all as seen", "[smartmetering][configurator]") {
  symemu::Kernel k(options());
  auto s = installMqtt(k);
  publish(k, s.server, kTopics[1], example(1));
  publish(k, s.server, kTopics[2], example(2));

  int created =
      static_cast<int>(std::get<std::int64_t>(k.callFunction("SM_Create", s.configurator, {std::string("00000263")})));
  CHECK(at(k, "SmartMetering/SmartLog SL-000123/Room sensor/00000263 (Room sensor)") == created);
  // A second call returns the existing instance.
  CHECK(std::get<std::int64_t>(k.callFunction("SM_Create", s.configurator, {std::string("00000263")})) == created);
  CHECK_THROWS_WITH(k.callFunction("SM_Create", s.configurator, {std::string("12345678")}),
                    Catch::Contains("has not been seen"));

  // An instance whose meter has not reported yet.
  int pending = k.createInstance(guid::kSmartMeter);
  k.setProperty(pending, "SmartMeterID", std::string("03006175"));
  k.applyChanges(pending);
  k.connectInstance(pending, s.smartLog);
  k.setName(pending, "Bathroom water");

  auto r = rows(k, s.configurator);
  REQUIRE(r->size() == 3);
  auto waiting = row(r, "03006175");
  CHECK(waiting->getValue<std::string>("Manufacturer") == "waiting...");
  CHECK(waiting->getValue<std::string>("Type") == "waiting...");
  CHECK(waiting->getValue<int>("instanceID") == pending);
  CHECK(waiting->getValue<std::string>("Instance") == "Bathroom water");
  CHECK(row(r, "19032401")->getValue<std::string>("New") == "yes");
  CHECK(row(r, "00000263")->getValue<int>("instanceID") == created);

  // An instance on another gateway is not this gateway's.
  auto other = installMqtt(k, "SL-2");
  int foreign = k.createInstance(guid::kSmartMeter);
  k.setProperty(foreign, "SmartMeterID", std::string("19032401"));
  k.applyChanges(foreign);
  k.connectInstance(foreign, other.smartLog);
  CHECK(row(rows(k, s.configurator), "19032401")->getValue<int>("instanceID") == 0);

  k.callFunction("SM_MarkAllAsSeen", s.configurator, {});
  r = rows(k, s.configurator);
  CHECK(row(r, "19032401")->getValue<std::string>("New") == "");
  CHECK(row(r, "00000263")->getValue<std::string>("New") == "");

  // The meter reports: the waiting row becomes a normal one (and is new).
  publish(k, s.server, kTopics[5], example(5));
  r = rows(k, s.configurator);
  auto water = row(r, "03006175");
  CHECK(water->getValue<std::string>("Type") == "Water");
  CHECK(water->getValue<int>("instanceID") == pending);
  CHECK(water->getValue<std::string>("New") == "yes");
  CHECK(row(r, "19032401")->getValue<std::string>("New") == "");
  CHECK(value(k, pending, "Volume") == Value(43.964));
}

TEST_CASE("AutoCreateMeters creates instances for new meters", "[smartmetering][configurator]") {
  symemu::Kernel k(options());
  auto s = installMqtt(k, "SL-000123", true);
  publish(k, s.server, kTopics[1], example(1));
  int meter = at(k, "SmartMetering/SmartLog SL-000123/Electricity/19032401 (Electricity)");
  CHECK(value(k, meter, "Energy") == Value(12345670.0));
  CHECK(row(rows(k, s.configurator), "19032401")->getValue<int>("instanceID") == meter);

  // A deleted instance is not created again for a meter that is no longer new.
  k.deleteInstance(meter);
  publish(k, s.server, kTopics[1], example(1));
  CHECK_FALSE(k.resolvePath("SmartMetering/SmartLog SL-000123/Electricity/19032401 (Electricity)"));

  SECTION("off: nothing is created") {
    auto off = installMqtt(k, "SL-3", false);
    std::string payload = example(2);
    payload.replace(payload.find("SL-000123"), 9, "SL-3");
    publish(k, off.server, "SmartLog/SL-3/00000263", payload);
    CHECK(rows(k, off.configurator)->size() == 1);
    CHECK_FALSE(k.resolvePath("SmartMetering/SmartLog SL-3"));
  }
}

TEST_CASE("a meter's LastSeen moves in steps of a minute, so the list is not rewritten every second",
          "[smartmetering][configurator]") {
  symemu::Kernel k(options());
  auto s = installMqtt(k);
  auto lastSeen = [&](const std::string& json) {
    Poco::JSON::Parser p;
    auto list = p.parse(json).extract<Poco::JSON::Array::Ptr>();
    REQUIRE(list->size() == 1);
    return list->getObject(0)->getValue<std::int64_t>("LastSeen");
  };
  auto stored = [&] { return lastSeen(std::get<std::string>(*k.getAttribute(s.smartLog, "Meters"))); };
  const std::int64_t first = k.nowSeconds();
  publish(k, s.server, kTopics[1], example(1));
  CHECK(stored() == first);
  k.advance(59);
  publish(k, s.server, kTopics[1], example(1));
  CHECK(stored() == first);
  k.advance(1);
  publish(k, s.server, kTopics[1], example(1));
  CHECK(stored() == first + 60);
}

TEST_CASE("a SmartLog reads SmartLogID and AutoCreateMeters once per tree generation and follows every change",
          "[smartmetering][settings]") {
  // GatewayModule::settings() caches both for every report; each property change must show at
  // the next report, as reading the properties each time did.
  symemu::Kernel k(options());
  auto s = installMqtt(k, "SL-000999", false);  // not the examples' logger
  auto meters = [&] { return k.getInstanceListByModuleID(guid::kSmartMeter).size(); };
  // The topic names this instance's ID (its receive filter passes it); the payload's MUC_ID wins.
  publish(k, s.server, "SmartLog/SL-000999/19032401", example(1));
  CHECK(debugContains(k, s.smartLog, "Report of SmartLog SL-000123 ignored; this instance is SmartLog SL-000999"));
  CHECK(lastMessageTime(k, s.smartLog).empty());

  k.setProperty(s.smartLog, "SmartLogID", std::string("SL-000123"));
  k.applyChanges(s.smartLog);
  publish(k, s.server, kTopics[1], example(1));
  CHECK_FALSE(lastMessageTime(k, s.smartLog).empty());
  CHECK(meters() == 0);  // AutoCreateMeters is off

  k.setProperty(s.smartLog, "AutoCreateMeters", true);
  k.applyChanges(s.smartLog);
  publish(k, s.server, kTopics[2], example(2));  // a meter the list does not know yet
  CHECK(meters() == 1);

  k.setProperty(s.smartLog, "AutoCreateMeters", false);
  k.applyChanges(s.smartLog);
  publish(k, s.server, kTopics[3], example(3));
  CHECK(meters() == 1);

  k.setProperty(s.smartLog, "SmartLogID", std::string("SL-000777"));
  k.applyChanges(s.smartLog);
  publish(k, s.server, "SmartLog/SL-000777/19032401", example(1));
  CHECK(debugContains(k, s.smartLog, "Report of SmartLog SL-000123 ignored; this instance is SmartLog SL-000777"));
}
