#include <catch2/catch.hpp>

#include "symemu/core/mqtt_client/mqtt_client_module.h"

using symemu::core::MqttClientModule;

TEST_CASE("the shard hash is 32-bit FNV-1a (documented, stable across builds)") {
  // Reference values of FNV-1a 32 (offset basis 2166136261, prime 16777619).
  CHECK(MqttClientModule::shardHash("") == 2166136261u);
  CHECK(MqttClientModule::shardHash("a") == 0xe40c292cu);
  CHECK(MqttClientModule::shardHash("foobar") == 0xbf9cf968u);
}

TEST_CASE("the logger ID is the second topic level") {
  CHECK(MqttClientModule::loggerIdOf("SmartLog/SL-000123") == "SL-000123");
  CHECK(MqttClientModule::loggerIdOf("SmartLog/SL-000123/meter1") == "SL-000123");
  CHECK(MqttClientModule::loggerIdOf("plain") == "plain");
}

TEST_CASE("subscriptions derived from the children's receive filters") {
  using M = MqttClientModule;
  // SmartLog for one logger, as the Smart Metering library writes it.
  CHECK(M::topicFilterFor(R"(.*"Topic":"SmartLog\/SL\-000123(?:/[^"]*)?".*)") ==
        std::optional<std::string>("SmartLog/#"));
  // SmartLogDiscovery: any logger.
  CHECK(M::topicFilterFor(R"(.*"Topic":"SmartLog/(?:[^"/\\]|\\.)+(?:/.*)?".*)") ==
        std::optional<std::string>("SmartLog/#"));
  CHECK(M::topicFilterFor(R"(.*"Topic":"shellies/plug\-1/relay/0".*)") ==
        std::optional<std::string>("shellies/plug-1/relay/0"));
  CHECK(M::topicFilterFor(R"(.*"Topic":"zigbee2mqtt/lamp.*)") == std::optional<std::string>("zigbee2mqtt/#"));
  CHECK(M::topicFilterFor(R"(.*"Topic":"a/bc?/d".*)") == std::optional<std::string>("a/#"));  // c optional
  CHECK(M::topicFilterFor("") == std::optional<std::string>("#"));                            // no filter: everything
  CHECK(M::topicFilterFor(R"(.*"Retain":false.*)") == std::optional<std::string>("#"));       // topic not restricted
  CHECK(M::topicFilterFor(R"(.*"Topic":"(a|b)/x".*)") == std::optional<std::string>("#"));
  CHECK_FALSE(M::topicFilterFor("^NOTHING_TO_RECEIVE$").has_value());
}
