// The five examples of docs/selog-format.md §5 through the real MQTT Server: per-meter messages
// and a whole report, then the object tree after "create all".
#include <catch2/catch.hpp>

#include "sm_support.h"

using namespace smtest;
using symemu::Value;

namespace {

void requireVar(const symemu::Kernel& k, int instance, const std::string& ident, const std::string& name,
                symemu::VariableType type, const Value& v, const std::string& profile) {
  INFO("variable " << ident);
  int id = var(k, instance, ident);
  CHECK(k.getObject(id).name == name);
  CHECK(k.getObject(id).ident == ident);
  CHECK(k.getVariable(id).type == type);
  CHECK(k.getValue(id) == v);
  CHECK(k.getVariable(id).profile == profile);
}

constexpr auto Float = symemu::VariableType::Float;
constexpr auto Integer = symemu::VariableType::Integer;
constexpr auto String = symemu::VariableType::String;
const std::string base = "SmartMetering/SmartLog SL-000123/";

}  // namespace

TEST_CASE("install flow: configurator -> SmartLog -> MQTT Server", "[smartmetering][mqtt]") {
  symemu::Kernel k(options());
  auto s = installMqtt(k);
  REQUIRE(s.smartLog != 0);
  CHECK(k.getInstance(s.smartLog).info->id == guid::kSmartLog);
  // The chain RequireParent/ConnectParent built: a real MQTT Server on a real Server Socket,
  // which the MQTT Server's GetConfigurationForParent opened on 1883 (Symcon's guided setup).
  REQUIRE(s.server != 0);
  CHECK(k.getInstance(s.server).info->id == guid::kMqttServer);
  const int socket = k.getInstance(s.server).connectionId;
  REQUIRE(socket != 0);
  CHECK(k.getInstance(socket).info->name == "Server Socket");
  CHECK(k.getProperty(socket, "Open") == Value(true));
  CHECK(k.getProperty(socket, "Port") == Value(std::int64_t{1883}));
  CHECK(k.getInstance(socket).status == symemu::status::Active);
  // A second configurator reuses the MQTT Server (ConnectParent).
  auto second = installMqtt(k, "SL-2");
  CHECK(second.server == s.server);
  CHECK(k.getInstance(s.smartLog).status == symemu::status::Active);
  CHECK(k.getInstance(s.configurator).status == symemu::status::Active);
  CHECK(k.getInstance(s.smartLog).receiveFilter.find("SmartLog/SL-000123") != std::string::npos);
  CHECK(lastMessageTime(k, s.smartLog).empty());
  CHECK(k.getObject(var(k, s.smartLog, "LastMessageTime")).name == "Last Message Time");

  SECTION("a SmartLog without ID is inactive and receives nothing") {
    k.setProperty(s.smartLog, "SmartLogID", std::string());
    k.applyChanges(s.smartLog);
    CHECK(k.getInstance(s.smartLog).status == symemu::status::Inactive);
    publish(k, s.server, kTopics[1], example(1));
    CHECK(rows(k, s.configurator)->size() == 0);
  }
}

TEST_CASE("per-meter messages of examples 1-4, create all, check the tree", "[smartmetering][mqtt]") {
  symemu::Kernel k(options());
  auto s = installMqtt(k);
  for (int n = 1; n <= 4; ++n) publish(k, s.server, kTopics[n], example(n));
  CHECK(lastMessageTime(k, s.smartLog) == "2025-03-14 10:15:00");

  auto before = rows(k, s.configurator);
  REQUIRE(before->size() == 4);
  auto electricity = row(before, "19032401");
  CHECK(electricity->getValue<std::string>("Manufacturer") == "BMT");
  CHECK(electricity->getValue<std::string>("Type") == "Electricity");
  CHECK(electricity->getValue<int>("instanceID") == 0);
  CHECK(electricity->getValue<std::string>("New") == "yes");
  auto create = electricity->getObject("create");
  CHECK(create->getValue<std::string>("moduleID") == guid::kSmartMeter);
  CHECK(create->getObject("configuration")->getValue<std::string>("SmartMeterID") == "19032401");
  CHECK(create->getValue<std::string>("name") == "19032401 (Electricity)");
  auto location = create->getArray("location");
  REQUIRE(location->size() == 3);
  CHECK(location->getElement<std::string>(0) == "SmartMetering");
  CHECK(location->getElement<std::string>(1) == "SmartLog SL-000123");
  CHECK(location->getElement<std::string>(2) == "Electricity");
  auto system = row(before, "SL-000123");
  CHECK(system->getObject("create")->getValue<std::string>("moduleID") == guid::kSystem);
  CHECK(system->getValue<std::string>("Type") == "System");
  CHECK(system->getValue<std::string>("Manufacturer") == "SLV");

  k.advance(60);
  REQUIRE(std::get<std::int64_t>(k.callFunction("SM_CreateAll", s.configurator, {})) == 4);
  CHECK(std::get<std::int64_t>(k.callFunction("SM_CreateAll", s.configurator, {})) == 0);

  auto after = rows(k, s.configurator);
  REQUIRE(after->size() == 4);
  int meter1 = at(k, base + "Electricity/19032401 (Electricity)");
  CHECK(row(after, "19032401")->getValue<int>("instanceID") == meter1);
  CHECK(row(after, "19032401")->getValue<int>("InstanceID") == meter1);
  CHECK(row(after, "19032401")->getValue<std::string>("Instance") == "19032401 (Electricity)");
  CHECK(k.getInstance(meter1).connectionId == s.smartLog);
  CHECK(k.getInstance(meter1).info->id == guid::kSmartMeter);
  CHECK(k.getObject(k.getObject(meter1).parentId).type == symemu::ObjectType::Category);

  // The values come from the gateway's cache at once, in the logger's units.
  requireVar(k, meter1, "Energy", "Energy", Float, 12345670.0, "SM_Wh");
  requireVar(k, meter1, "Power", "Power", Float, 842.3, "SM_W");
  requireVar(k, meter1, "Volts", "Volts", Float, 231.2, "SM_V");
  requireVar(k, meter1, "Fabrication", "Fabrication", Float, 19032401.0, "");
  CHECK(k.getObject(var(k, meter1, "Energy")).position < k.getObject(var(k, meter1, "Power")).position);
  CHECK(k.getVariableProfile("SM_Wh").suffix == " Wh");
  CHECK(k.getVariableProfile("SM_Wh").digits == 0);
  CHECK(k.getVariableProfile("SM_W").digits == 1);

  int room = at(k, base + "Room sensor/00000263 (Room sensor)");
  requireVar(k, room, "External_temperature", "External temperature", Float, 20.1, "SM_Degree_C");
  requireVar(k, room, "Relative_humidity", "Relative humidity", Float, 65.7, "SM_Percent");
  requireVar(k, room, "Error_flags__Device_type_specific_", "Error flags (Device type specific)", Integer,
             std::int64_t{0}, "");
  CHECK(k.getVariableProfile("SM_Degree_C").suffix == " °C");

  int smoke = at(k, base + "Smoke detector/16531026 (Smoke detector)");
  requireVar(k, smoke, "Time_point", "Time point", Integer, std::int64_t{1741946940}, "~UnixTimestamp");
  requireVar(k, smoke, "Remaining_battery_life_time", "Remaining battery life time", Float, 2920.0, "SM_d");

  int sys = at(k, base + "System/SL-000123 (System)");
  CHECK(k.getInstance(sys).info->id == guid::kSystem);
  requireVar(k, sys, "Software_version", "Software version", Float, 1.56, "");
  requireVar(k, sys, "IP_address", "IP address", String, std::string("192.168.1.50"), "");
  requireVar(k, sys, "RSSI", "RSSI", Float, -67.0, "SM_dBm");
  requireVar(k, sys, "Number_of_meters", "Number of meters", Float, 5.0, "");

  // New values reach the instances through the receive filters.
  std::string later = example(1);
  later.replace(later.find("\"8423\""), 6, "\"9000\"");
  publish(k, s.server, kTopics[1], later);
  CHECK(value(k, meter1, "Power") == Value(900.0));
  CHECK(value(k, room, "External_temperature") == Value(20.1));
  CHECK(lastMessageTime(k, s.smartLog) == "2025-03-14 10:16:00");
}

TEST_CASE("a whole report (example 5) via MQTT", "[smartmetering][mqtt]") {
  symemu::Kernel k(options());
  auto s = installMqtt(k);
  publish(k, s.server, kTopics[5], example(5));
  auto r = rows(k, s.configurator);
  REQUIRE(r->size() == 6);
  CHECK(row(r, "03007136")->getValue<std::string>("Type") == "Warm water");
  REQUIRE(std::get<std::int64_t>(k.callFunction("SM_CreateAll", s.configurator, {})) == 6);
  int water = at(k, base + "Water/03006175 (Water)");
  requireVar(k, water, "Volume", "Volume", Float, 43.964, "SM_m3");
  requireVar(k, water, "Volume_S1", "Volume (Storage 1)", Float, 43.09, "SM_m3");
  requireVar(k, water, "Error_flags__Device_type_specific_", "Error flags (Device type specific)", Integer,
             std::int64_t{0}, "");
  CHECK(k.getVariableProfile("SM_m3").digits == 3);
  CHECK(k.getVariableProfile("SM_m3").suffix == " m³");
  int warm = at(k, base + "Warm water/03007136 (Warm water)");
  requireVar(k, warm, "Volume", "Volume", Float, 6.735, "SM_m3");
  int sys = at(k, base + "System/SL-000123 (System)");
  requireVar(k, sys, "Software_version", "Software version", Float, 1.56, "");
  CHECK(lastMessageTime(k, s.smartLog) == "2025-03-14 10:15:00");
}

TEST_CASE("SM_ProcessMessage feeds a SmartLog directly", "[smartmetering][mqtt]") {
  symemu::Kernel k(options());
  auto s = installMqtt(k);
  CHECK(std::get<bool>(k.callFunction("SM_ProcessMessage", s.smartLog, {std::string(kTopics[2]), example(2)})));
  CHECK(rows(k, s.configurator)->size() == 1);
  CHECK_FALSE(std::get<bool>(k.callFunction("SM_ProcessMessage", s.smartLog, {std::string(kTopics[2]), "{"})));
  CHECK_THROWS_AS(k.callFunction("SM_ProcessMessage", s.smartLog, {std::string("x")}), symemu::KernelError);
}

TEST_CASE("non-ASCII payload bytes survive the utf8-mapped MQTT payload", "[smartmetering][mqtt]") {
  symemu::Kernel k(options());
  auto s = installMqtt(k);
  int meter = k.createInstance(guid::kSmartMeter);
  k.setProperty(meter, "SmartMeterID", std::string("K1"));
  k.applyChanges(meter);
  k.connectInstance(meter, s.smartLog);
  publish(k, s.server, "SmartLog/SL-000123/K1",
          "{\"muc\":{\"MUC_ID\":\"SL-000123\",\"meter\":[{\"METER_ID\":\"K1\",\"MEDIUM\":\"Room sensor\",\"data\":["
          "{\"DESCRIPTION\":\"Temperatur Küche\",\"UNIT\":\"°C\",\"SCALE\":\"0.1\",\"entry\":[{\"VAL\":\"215\"}]},"
          "{\"DESCRIPTION\":\"Raum\",\"UNIT\":\"None\",\"SCALE\":\"1\",\"entry\":[{\"VAL\":\"Küche\"}]}]}]}}");
  int temp = var(k, meter, "Temperatur_K_che");
  CHECK(k.getObject(temp).name == "Temperatur Küche");
  CHECK(k.getValue(temp) == Value(21.5));
  CHECK(k.getVariable(temp).profile == "SM_Degree_C");
  CHECK(value(k, meter, "Raum") == Value(std::string("Küche")));
}
