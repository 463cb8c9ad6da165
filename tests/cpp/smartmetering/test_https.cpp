// SmartLogHTTPS: hook registration in WebHook Control, Basic auth, methods, bodies, form.
#include <catch2/catch.hpp>

#include <unistd.h>

#include "sm_support.h"

using namespace smtest;
using symemu::Value;

namespace {

struct HttpsSetup {
  int control = 0, gateway = 0, configurator = 0;
};

HttpsSetup installHttps(symemu::Kernel& k, const std::string& user = "logger", const std::string& password = "s3cret") {
  HttpsSetup s;
  s.control = k.createInstance(guid::kWebHookControl);
  s.gateway = k.createInstance(guid::kSmartLogHttps);
  k.setConfiguration(s.gateway, symemu::toJsonText({{"SmartLogID", std::string("SL-000123")},
                                                    {"WebHookUsername", user},
                                                    {"WebHookPassword", password}}));
  k.applyChanges(s.gateway);
  s.configurator = k.createInstance(guid::kConfigurator);
  // RequireParent made a SmartLog; switching the gateway deletes it, as the console offers.
  int stray = k.getInstance(s.configurator).connectionId;
  REQUIRE(k.changeParent(s.configurator, s.gateway, true) == stray);
  REQUIRE_FALSE(k.instanceExists(stray));
  return s;
}

std::string hooks(const symemu::Kernel& k, int control) {
  return symemu::valueToString(k.getProperty(control, "Hooks"));
}

}  // namespace

TEST_CASE("SmartLogHTTPS registers its hook with WebHook Control", "[smartmetering][https]") {
  symemu::Kernel k(options());
  auto s = installHttps(k);
  CHECK(hooks(k, s.control).find("/hook/smartlog/SL-000123") != std::string::npos);
  CHECK(hooks(k, s.control).find(std::to_string(s.gateway)) != std::string::npos);
  CHECK(k.getInstance(s.gateway).status == symemu::status::Active);

  SECTION("a new ID replaces the old hook; other hooks stay") {
    k.setProperty(s.control, "Hooks",
                  std::string("[{\"Hook\":\"/hook/other\",\"TargetID\":1}"
                              ",{\"Hook\":\"/hook/smartlog/SL-000123\",\"TargetID\":" +
                              std::to_string(s.gateway) + "}]"));
    k.applyChanges(s.control);
    k.setProperty(s.gateway, "SmartLogID", std::string("SL-9"));
    k.applyChanges(s.gateway);
    std::string h = hooks(k, s.control);
    CHECK(h.find("/hook/other") != std::string::npos);
    CHECK(h.find("/hook/smartlog/SL-9") != std::string::npos);
    CHECK(h.find("/hook/smartlog/SL-000123") == std::string::npos);
  }
  SECTION("deleting the instance removes its hook") {
    k.deleteInstance(s.gateway);
    CHECK(hooks(k, s.control).find("smartlog") == std::string::npos);
  }
  SECTION("without a WebHook Control one is created") {
    symemu::Kernel k2(options());
    int gw = k2.createInstance(guid::kSmartLogHttps);
    k2.setProperty(gw, "SmartLogID", std::string("SL-1"));
    k2.applyChanges(gw);
    auto controls = k2.getInstanceListByModuleID(guid::kWebHookControl);
    REQUIRE(controls.size() == 1);
    CHECK(hooks(k2, controls[0]).find("/hook/smartlog/SL-1") != std::string::npos);
  }
}

TEST_CASE("HTTPS report with, without and with wrong Basic auth", "[smartmetering][https]") {
  symemu::Kernel k(options());
  auto s = installHttps(k);
  const std::string path = "/hook/smartlog/SL-000123";

  auto none = hook(k, post(path, example(5)));
  CHECK(none.status == 401);
  CHECK(header(none, "WWW-Authenticate") == "Basic realm=\"SmartLog SL-000123\"");
  auto wrong = hook(k, post(path, example(5), std::string("logger"), std::string("nope")));
  CHECK(wrong.status == 401);
  auto wrongUser = hook(k, post(path, example(5), std::string("other"), std::string("s3cret")));
  CHECK(wrongUser.status == 401);
  CHECK(lastMessageTime(k, s.gateway).empty());  // nothing applied
  CHECK(rows(k, s.configurator)->size() == 0);

  auto get = post(path, "", std::string("logger"), std::string("s3cret"));
  get.method = "GET";
  auto notAllowed = hook(k, get);
  CHECK(notAllowed.status == 405);
  CHECK(header(notAllowed, "Allow") == "POST");

  auto ok = hook(k, post(path, example(5), std::string("logger"), std::string("s3cret")));
  CHECK(ok.status == 200);
  CHECK(ok.body == "OK");
  CHECK(lastMessageTime(k, s.gateway) == "2025-03-14 10:15:00");
  REQUIRE(rows(k, s.configurator)->size() == 6);
  REQUIRE(std::get<std::int64_t>(k.callFunction("SM_CreateAll", s.configurator, {})) == 6);
  int water = at(k, "SmartMetering/SmartLog SL-000123/Water/03006175 (Water)");
  CHECK(value(k, water, "Volume") == Value(43.964));
  CHECK(k.getInstance(water).connectionId == s.gateway);

  auto bad = hook(k, post(path, "{\"muc\":", std::string("logger"), std::string("s3cret")));
  CHECK(bad.status == 400);
  CHECK(bad.body.find("not JSON") != std::string::npos);
  CHECK(logContains(k, "Report refused: not JSON"));

  std::string other = example(5);
  other.replace(other.find("\"MUC_ID\":\"SL-000123\""), 20, "\"MUC_ID\":\"SL-000999\"");
  auto otherLogger = hook(k, post(path, other, std::string("logger"), std::string("s3cret")));
  CHECK(otherLogger.status == 400);
  CHECK(otherLogger.body.find("SL-000999") != std::string::npos);
  CHECK(value(k, water, "Volume") == Value(43.964));

  auto elsewhere = k.processHookData(
      s.gateway, post("/hook/smartlog/SL-0001234", example(5), std::string("logger"), std::string("s3cret")));
  CHECK(elsewhere.status == 404);
}

TEST_CASE("HTTPS without a user name needs no credentials", "[smartmetering][https]") {
  symemu::Kernel k(options());
  auto s = installHttps(k, "", "");
  auto ok = hook(k, post("/hook/smartlog/SL-000123", example(1)));
  CHECK(ok.status == 200);
  CHECK(rows(k, s.configurator)->size() == 1);
}

TEST_CASE("the HTTPS form shows the report address and directory", "[smartmetering][https]") {
  symemu::Kernel k(options());
  auto s = installHttps(k);
  k.setProperty(s.control, "HTTPSPort", std::int64_t{4443});
  k.applyChanges(s.control);
  Poco::JSON::Parser p;
  auto form = p.parse(k.getConfigurationForm(s.gateway)).extract<Poco::JSON::Object::Ptr>();
  auto actions = form->getArray("actions");
  REQUIRE(actions->size() == 2);
  std::string address = actions->getObject(0)->getValue<std::string>("caption");
  std::string directory = actions->getObject(1)->getValue<std::string>("caption");
  // In-process (network off) nothing listens, and the form says so instead of a port.
  CHECK(address == "Report address: (WebHook Control #" + std::to_string(s.control) + " is not listening for HTTPS)");
  CHECK(directory == "Report directory: /hook/smartlog/SL-000123");
}

TEST_CASE("the hook is registered at KR_READY after a restart", "[smartmetering][https][restart]") {
  const std::string db = "/tmp/symemu_sm_https_" + std::to_string(::getpid()) + ".db";
  std::remove(db.c_str());
  int gateway = 0;
  {
    symemu::Kernel k(options(db));
    gateway = k.createInstance(guid::kSmartLogHttps);
    k.setProperty(gateway, "SmartLogID", std::string("SL-7"));
    k.applyChanges(gateway);
    auto controls = k.getInstanceListByModuleID(guid::kWebHookControl);
    REQUIRE(controls.size() == 1);
    k.deleteInstance(controls[0]);
    k.close();
  }
  {
    symemu::Kernel k(options(db));
    auto controls = k.getInstanceListByModuleID(guid::kWebHookControl);
    REQUIRE(controls.size() == 1);
    CHECK(hooks(k, controls[0]).find("/hook/smartlog/SL-7") != std::string::npos);
    auto ok = hook(k, post("/hook/smartlog/SL-7", "{\"muc\":{\"MUC_ID\":\"SL-7\",\"meter\":[]}}"));
    CHECK(ok.status == 200);
    CHECK(lastMessageTime(k, gateway) == "2025-03-14 10:15:00");
    k.close();
  }
  std::remove(db.c_str());
  std::remove((db + "-wal").c_str());
  std::remove((db + "-shm").c_str());
}
