#include <catch2/catch.hpp>

#include "symemu/api/api_access.h"
#include "symemu/api/json_rpc.h"
#include "symemu/api/json_text.h"
#include "symemu/api/message_stream.h"
#include "test_modules.h"

using namespace symemu;
using namespace symemu::api;

namespace {
std::string answer(Kernel& k, const std::string& body) {
  auto request = parseJsonRpc(body);
  return writeJsonRpcAnswer(request, runJsonRpcCalls(k, request));
}
}  // namespace

TEST_CASE("JSON-RPC: single call, result and id", "[api][rpc]") {
  Kernel k(testmods::testOptions());
  REQUIRE(answer(k, R"({"jsonrpc":"2.0","method":"IPS_GetName","params":[0],"id":7})") ==
          R"({"jsonrpc":"2.0","result":"IP-Symcon","id":7})");
  REQUIRE(answer(k, R"({"jsonrpc":"2.0","method":"IPS_GetKernelVersion","id":"a"})") ==
          R"({"jsonrpc":"2.0","result":"8.1","id":"a"})");
}

TEST_CASE("JSON-RPC: every error class", "[api][rpc]") {
  Kernel k(testmods::testOptions());
  auto code = [&](const std::string& body) {
    auto v = parseJson(answer(k, body));
    return v.find("error")->find("code")->asInt();
  };
  REQUIRE(code("{not json") == rpc::ParseError);
  REQUIRE(code("[]") == rpc::InvalidRequest);
  REQUIRE(code("42") == rpc::InvalidRequest);
  REQUIRE(code(R"({"method":"IPS_GetName","params":[0],"id":1})") == rpc::InvalidRequest);
  REQUIRE(code(R"({"jsonrpc":"1.0","method":"IPS_GetName","params":[0],"id":1})") == rpc::InvalidRequest);
  REQUIRE(code(R"({"jsonrpc":"2.0","method":5,"id":1})") == rpc::InvalidRequest);
  REQUIRE(code(R"({"jsonrpc":"2.0","method":"IPS_GetName","params":0,"id":1})") == rpc::InvalidRequest);
  REQUIRE(code(R"({"jsonrpc":"2.0","method":"IPS_GetName","params":[0],"id":{}})") == rpc::InvalidRequest);
  REQUIRE(code(R"({"jsonrpc":"2.0","method":"IPS_Nope","id":1})") == rpc::MethodNotFound);
  REQUIRE(code(R"({"jsonrpc":"2.0","method":"IPS_GetName","params":{"ID":0},"id":1})") == rpc::InvalidParams);
  REQUIRE(code(R"({"jsonrpc":"2.0","method":"IPS_GetName","params":[],"id":1})") == rpc::InvalidParams);
  REQUIRE(code(R"({"jsonrpc":"2.0","method":"IPS_GetName","params":[0.0],"id":1})") == rpc::InvalidParams);
  REQUIRE(answer(k, R"({"jsonrpc":"2.0","method":"IPS_GetObject","params":[99999],"id":3})") ==
          R"({"jsonrpc":"2.0","error":{"code":-32603,"message":"Object #99999 does not exist"},"id":3})");
  // a parse error answers with id null
  REQUIRE(parseJson(answer(k, "[1,")).find("id")->isNull());
}

TEST_CASE("JSON-RPC: batches answer in order, skip notifications, isolate failures", "[api][rpc]") {
  Kernel k(testmods::testOptions());
  std::string body = R"([
    {"jsonrpc":"2.0","method":"IPS_CreateCategory","id":1},
    {"jsonrpc":"2.0","method":"IPS_GetObject","params":[99999],"id":2},
    {"jsonrpc":"2.0","method":"IPS_CreateCategory"},
    5,
    {"jsonrpc":"2.0","method":"IPS_GetName","params":[0],"id":3}])";
  auto v = parseJson(answer(k, body));
  REQUIRE(v.asArray().size() == 4);
  REQUIRE(v.asArray()[0].find("id")->asInt() == 1);
  REQUIRE(v.asArray()[0].find("result")->kind() == JsonValue::Kind::Integer);
  REQUIRE(v.asArray()[1].find("error") != nullptr);
  REQUIRE(v.asArray()[2].find("error")->find("code")->asInt() == rpc::InvalidRequest);
  REQUIRE(v.asArray()[2].find("id")->isNull());
  REQUIRE(v.asArray()[3].find("result")->asString() == "IP-Symcon");
  REQUIRE(k.getChildrenIds(0).size() >= 2);  // the notification ran too
  // only notifications: nothing to answer
  REQUIRE(answer(k, R"([{"jsonrpc":"2.0","method":"IPS_CreateCategory"}])").empty());
  REQUIRE(answer(k, R"({"jsonrpc":"2.0","method":"IPS_GetObject","params":[99999]})").empty());
}

TEST_CASE("access: loopback without credentials, others need Basic auth", "[api][access]") {
  webhook::HookRequest local, remote;
  local.clientAddress = "127.0.0.1";
  remote.clientAddress = "127.0.0.2";
  ApiAccess none;
  REQUIRE_FALSE(refuseAccess(none, local));
  auto refused = refuseAccess(none, remote);
  REQUIRE(refused);
  REQUIRE(refused->status == 401);
  REQUIRE_THAT(refused->body, Catch::Contains("--api-user"));

  ApiAccess creds{std::string("admin"), std::string("s3cret"), false};
  REQUIRE(refuseAccess(creds, remote));
  remote.authUser = "admin";
  remote.authPassword = "s3cret";
  REQUIRE_FALSE(refuseAccess(creds, remote));
  remote.authPassword = "wrong";
  auto wrongPassword = refuseAccess(creds, remote);
  remote.authUser = "nobody";
  remote.authPassword = "s3cret";
  auto wrongUser = refuseAccess(creds, remote);
  REQUIRE(wrongPassword->body == wrongUser->body);  // never tells which part was wrong
  REQUIRE_THAT(wrongUser->body, !Catch::Contains("s3cret"));

  creds.authAll = true;
  REQUIRE(refuseAccess(creds, local));
  local.authUser = "admin";
  local.authPassword = "s3cret";
  REQUIRE_FALSE(refuseAccess(creds, local));
  REQUIRE(isLoopbackCaller("::1"));
  REQUIRE_FALSE(isLoopbackCaller("127.0.0.3"));
}

TEST_CASE("message stream: frames, and a reader that falls behind is cut off", "[api][stream]") {
  MessageStream::Options o;
  o.maxQueuedFrames = 3;
  o.maxSubscribers = 2;
  MessageStream stream(o);
  stream.publishMessage(1.5, 1, 2, {});  // nobody listens: dropped
  auto a = stream.subscribe();
  auto b = stream.subscribe();
  REQUIRE(stream.subscribe() == nullptr);  // at most 2
  stream.publishMessage(1741947300.25, 12345, msg::VM_UPDATE, {21.5, true});
  std::vector<std::string> frames;
  REQUIRE(a->next(frames, std::chrono::milliseconds(0)));
  REQUIRE(frames ==
          std::vector<std::string>{
              R"({"Message":10603,"SenderID":12345,"Data":[21.5,true],"TimeStamp":1741947300,"Time":1741947300.25})"});
  for (int i = 0; i < 3; ++i) stream.publishMessage(1, 1, msg::VM_UPDATE, {std::int64_t{i}});
  frames.clear();
  REQUIRE(a->next(frames, std::chrono::milliseconds(0)));  // a keeps up
  REQUIRE(frames.size() == 3);
  REQUIRE_FALSE(b->next(frames, std::chrono::milliseconds(0)));  // b had 4 waiting: cut off
  REQUIRE(b->closeCode() == 1008);
  REQUIRE_THAT(b->closeReason(), Catch::Contains("too slow"));
  stream.unsubscribe(b);
  REQUIRE(stream.subscribers() == 1);
  stream.endAll("bye");
  REQUIRE_FALSE(a->next(frames, std::chrono::milliseconds(0)));
  REQUIRE(a->closeCode() == 1001);
}
