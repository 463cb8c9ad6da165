// Server Socket with a packet queue when the network is off (see the header).
#include "symemu/php/cli/test_server_socket.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "symemu/kernel/kernel.h"
#include "symemu/kernel/module.h"
#include "symemu/php/cli/test_kernel.h"

namespace symemu::php {

void TestServerSocket::applyChanges() {
  core::ServerSocketModule::applyChanges();
  if (!kernel().options().networkEnabled) setStatus(status::Active);
}

std::string TestServerSocket::forwardData(const std::string& json) {
  if (kernel().options().networkEnabled) return core::ServerSocketModule::forwardData(json);
  Poco::JSON::Object::Ptr p;
  try {
    p = Poco::JSON::Parser().parse(json).extract<Poco::JSON::Object::Ptr>();
  } catch (const std::exception& e) {
    throw KernelError(std::string("Server Socket: packet from a child is not a JSON object: ") + e.what());
  }
  const std::string dataId = p->optValue<std::string>("DataID", "");
  if (dataId != core::kSocketFromChildren && dataId != core::kSimpleFromChildren)
    throw KernelError("Server Socket: unknown DataID " + dataId);
  CapturedPacket packet;
  packet.type = p->optValue<int>("Type", 0);
  packet.buffer = utf8Decode(p->optValue<std::string>("Buffer", ""));
  packet.clientIp = p->optValue<std::string>("ClientIP", "");
  packet.clientPort = p->optValue<int>("ClientPort", 0);
  TestKernel::get().packets(instanceId()).push_back(std::move(packet));
  return "";
}

}  // namespace symemu::php
