// SmartLogDiscovery and a restart on a file database.
#include <catch2/catch.hpp>

#include <Poco/RegularExpression.h>
#include <unistd.h>

#include "sm_support.h"
#include "symemu/core/mqtt/codec/encoder.h"
#include "symemu/core/mqtt/server/publish_read_ahead.h"
#include "symemu/core/server_socket/server_socket_module.h"

using namespace smtest;
using symemu::Value;

TEST_CASE("discovery sets up a new logger and hands it the first message", "[smartmetering][discovery]") {
  symemu::Kernel k(options());
  int server = k.createInstance(guid::kMqttServer);
  int discovery = k.createInstance(guid::kDiscovery);
  if (k.getInstance(discovery).connectionId == 0) k.connectInstance(discovery, server);
  CHECK(k.getInstance(discovery).status == symemu::status::Active);
  Poco::RegularExpression filter(k.getInstance(discovery).receiveFilter);
  CHECK(filter.match("{\"Topic\":\"SmartLog/SL-1/19032401\",\"Payload\":\"\"}"));
  CHECK(filter.match("{\"Topic\":\"SmartLog/SL-2\",\"Payload\":\"\"}"));
  CHECK_FALSE(filter.match("{\"Topic\":\"other/SL-1/19032401\",\"Payload\":\"\"}"));

  publish(k, server, kTopics[1], example(1));
  int smartLog = at(k, "SmartMetering/SmartLog SL-000123/SmartLog SL-000123");
  CHECK(k.getInstance(smartLog).info->id == guid::kSmartLog);
  CHECK(k.getInstance(smartLog).connectionId == server);
  CHECK(std::get<bool>(k.getProperty(smartLog, "AutoCreateMeters")));
  int configurator = at(k, "SmartMetering/SmartLog SL-000123/Configurator SL-000123");
  CHECK(k.getInstance(configurator).connectionId == smartLog);
  int meter = at(k, "SmartMetering/SmartLog SL-000123/Electricity/19032401 (Electricity)");
  CHECK(value(k, meter, "Energy") == Value(12345670.0));
  CHECK(lastMessageTime(k, smartLog) == "2025-03-14 10:15:00");

  // The next logger message goes to the SmartLog; no second SmartLog appears.
  publish(k, server, kTopics[2], example(2));
  CHECK(k.getInstanceListByModuleID(guid::kSmartLog).size() == 1);
  CHECK(k.getInstanceListByModuleID(guid::kConfigurator).size() == 1);
  CHECK(at(k, "SmartMetering/SmartLog SL-000123/Room sensor/00000263 (Room sensor)") > 0);

  // A second logger; garbage from an unknown logger creates nothing; other topics are not seen.
  std::string second = example(3);
  second.replace(second.find("SL-000123"), 9, "SL-000777");
  publish(k, server, "SmartLog/SL-000777/16531026", second);
  CHECK(k.getInstanceListByModuleID(guid::kSmartLog).size() == 2);
  CHECK(at(k, "SmartMetering/SmartLog SL-000777/Smoke detector/16531026 (Smoke detector)") > 0);
  publish(k, server, "SmartLog/SL-000888/1", "{broken");
  publish(k, server, "other/SL-000999/1", example(1));
  CHECK(k.getInstanceListByModuleID(guid::kSmartLog).size() == 2);
  CHECK(debugContains(k, discovery, "Message of an unknown logger refused"));
}

TEST_CASE("the discovery's known loggers follow deletions and SmartLogID changes", "[smartmetering][discovery]") {
  // The discovery remembers each logger's SmartLog while the kernel's tree generation stays;
  // every change that could make the remembered answer wrong must be seen.
  symemu::Kernel k(options());
  int server = k.createInstance(guid::kMqttServer);
  int discovery = k.createInstance(guid::kDiscovery);
  if (k.getInstance(discovery).connectionId == 0) k.connectInstance(discovery, server);
  publish(k, server, kTopics[1], example(1));
  publish(k, server, kTopics[1], example(1));  // known now: no second SmartLog
  REQUIRE(k.getInstanceListByModuleID(guid::kSmartLog).size() == 1);
  int smartLog = k.getInstanceListByModuleID(guid::kSmartLog).at(0);

  // Its SmartLogID changed (not yet applied, as the discovery reads it): the logger is unknown
  // again, so the discovery sets up a new SmartLog for it.
  k.setProperty(smartLog, "SmartLogID", std::string("SL-000999"));
  publish(k, server, kTopics[1], example(1));
  CHECK(k.getInstanceListByModuleID(guid::kSmartLog).size() == 2);
  publish(k, server, kTopics[1], example(1));
  CHECK(k.getInstanceListByModuleID(guid::kSmartLog).size() == 2);

  // The new SmartLog deleted: found missing, set up again.
  for (int id : k.getInstanceListByModuleID(guid::kSmartLog))
    if (id != smartLog) k.deleteInstance(id);
  publish(k, server, kTopics[1], example(1));
  CHECK(k.getInstanceListByModuleID(guid::kSmartLog).size() == 2);
}

TEST_CASE("meters list and instances survive a restart", "[smartmetering][restart]") {
  const std::string db = "/tmp/symemu_sm_restart_" + std::to_string(::getpid()) + ".db";
  std::remove(db.c_str());
  MqttSetup s;
  int meter = 0;
  {
    symemu::Kernel k(options(db));
    s = installMqtt(k);
    for (int n = 1; n <= 4; ++n) publish(k, s.server, kTopics[n], example(n));
    meter = static_cast<int>(
        std::get<std::int64_t>(k.callFunction("SM_Create", s.configurator, {std::string("19032401")})));
    k.callFunction("SM_MarkAllAsSeen", s.configurator, {});
    publish(k, s.server, kTopics[5], example(5));  // adds new meters after the mark
    k.close();
  }
  {
    symemu::Kernel k(options(db));
    CHECK(k.getInstance(s.smartLog).status == symemu::status::Active);
    CHECK(k.getInstance(s.configurator).connectionId == s.smartLog);
    CHECK(k.getInstance(s.smartLog).connectionId == s.server);
    auto r = rows(k, s.configurator);
    REQUIRE(r->size() == 6);
    CHECK(row(r, "19032401")->getValue<int>("instanceID") == meter);
    CHECK(row(r, "19032401")->getValue<std::string>("New") == "");
    CHECK(row(r, "03006175")->getValue<std::string>("New") == "yes");
    CHECK(at(k, "SmartMetering/SmartLog SL-000123/Electricity/19032401 (Electricity)") == meter);
    CHECK(value(k, meter, "Energy") == Value(12345670.0));
    CHECK(k.getVariable(var(k, meter, "Energy")).profile == "SM_Wh");
    CHECK(lastMessageTime(k, s.smartLog) == "2025-03-14 10:15:00");
    // Live data still flows after the restart.
    std::string later = example(1);
    later.replace(later.find("\"8423\""), 6, "\"1000\"");
    publish(k, s.server, kTopics[1], later);
    CHECK(value(k, meter, "Power") == Value(100.0));
    k.close();
  }
  std::remove(db.c_str());
  std::remove((db + "-wal").c_str());
  std::remove((db + "-shm").c_str());
}

TEST_CASE("two MQTT Servers on one Server Socket each get every PUBLISH read ahead", "[smartmetering][readahead]") {
  // The first MQTT Server to take a PUBLISH read ahead moves its text and payload out; the second
  // must not take the emptied item (it reads the PUBLISH itself), whatever the payload's size.
  symemu::Kernel k(options());
  auto s = installMqtt(k, "SL-100002");
  const int socket = k.getInstance(s.server).connectionId;
  const int server2 = k.createInstance(guid::kMqttServer);
  k.connectInstance(server2, socket);
  const int configurator2 = k.createInstance(guid::kConfigurator);
  const int smartLog2 = k.getInstance(configurator2).connectionId;
  k.connectInstance(smartLog2, server2);
  k.setConfiguration(smartLog2, symemu::toJsonText({{"SmartLogID", std::string("SL-100002")}}));
  k.applyChanges(smartLog2);

  symemu::mqtt::Connect connect;
  connect.clientId = "logger";
  const std::string report =
      "{\"muc\":{\"MUC_ID\":\"SL-100002\",\"meter\":[{\"METER_ID\":\"77\",\"MEDIUM\":\"Water\",\"data\":[]}]}}";
  std::string stream = symemu::mqtt::encode(connect, symemu::mqtt::ProtocolVersion::V311);
  for (const std::string& payload : {std::string(), report}) {
    symemu::mqtt::Publish p;
    p.topic = "SmartLog/SL-100002/77";
    p.payload = payload;
    stream += symemu::mqtt::encode(p, symemu::mqtt::ProtocolVersion::V311);
  }
  symemu::core::PublishReadAhead reader;
  auto ahead = reader.read(1, stream);
  REQUIRE(ahead);
  k.sendDataToChildren(socket, symemu::core::ServerSocketModule::mappedPacket(0, {"127.0.0.1", 50000}, stream, ahead));
  for (int smartLog : {s.smartLog, smartLog2}) {
    INFO("SmartLog #" << smartLog);
    CHECK(debugContains(k, smartLog, "Report refused"));  // the empty payload reached both
    CHECK(lastMessageTime(k, smartLog) != "");            // and so did the report
  }
}
