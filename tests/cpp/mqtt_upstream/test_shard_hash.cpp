#include <catch2/catch.hpp>

#include "mqtt_client_module.h"

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
