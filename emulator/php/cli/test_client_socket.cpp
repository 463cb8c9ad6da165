// Client Socket with a text queue when the network is off (see the header).
#include "symemu/php/cli/test_client_socket.h"

#include "symemu/kernel/json_tree.h"
#include <strings.h>

#include "symemu/kernel/kernel.h"
#include "symemu/php/cli/test_kernel.h"

namespace symemu::php {

void TestClientSocket::create() {
  core::ClientSocketModule::create();
  if (kernel().options().networkEnabled) return;  // a real connection: no test helpers
  // The queue lives in TestKernel (cleared by IPS\Kernel::reset), as the Server Socket's does.
  auto queue = [this]() -> std::deque<CapturedPacket>& { return TestKernel::get().packets(instanceId()); };
  auto front = [queue]() -> CapturedPacket& {
    if (queue().empty()) throw KernelError("There is not data available");  // the official stubs' text
    return queue().front();
  };
  registerFunction("HasText", [queue](const std::vector<Value>&) -> Value { return !queue().empty(); });
  registerFunction("PeekText", [front](const std::vector<Value>&) -> Value { return front().buffer; });
  registerFunction("PopText", [queue, front](const std::vector<Value>&) -> Value {
    std::string bytes = front().buffer;
    queue().pop_front();
    return bytes;
  });
  registerFunction("PushText", [this](const std::vector<Value>& args) -> Value {
    if (args.size() != 1 || !std::holds_alternative<std::string>(args[0]))
      throw KernelError("CSCK_PushText expects (int $InstanceID, string $Text)");
    pushText(std::get<std::string>(args[0]));
    return true;
  });
}

void TestClientSocket::applyChanges() {
  if (kernel().options().networkEnabled) return core::ClientSocketModule::applyChanges();
  setStatus(status::Active);  // nothing to connect to, so nothing that could fail
}

std::string TestClientSocket::forwardData(const std::string& json) {
  if (kernel().options().networkEnabled) return core::ClientSocketModule::forwardData(json);
  const auto tree = json::Document::parse(json);
  std::string dataId, buffer;
  if (!tree->ok() || !tree->root().isObject() || !tree->root().optionalText("DataID", dataId))
    throw KernelError("Client Socket: packet from a child is not a JSON object with a DataID" +
                      (tree->ok() ? std::string() : ": " + tree->error()));
  if (strcasecmp(dataId.c_str(), core::kSimpleToParent) != 0)
    throw KernelError("Client Socket: unsupported DataID " + dataId);
  if (!tree->root().optionalText("Buffer", buffer))
    throw KernelError("Client Socket: packet from a child has no text Buffer");
  CapturedPacket packet;
  packet.buffer = decodePayload(buffer, senderEncoding());  // the bytes, as the socket would write them
  TestKernel::get().packets(instanceId()).push_back(std::move(packet));
  return "";
}

void TestClientSocket::pushText(const std::string& bytes) {
  sendDataToChildren([&](DataEncoding encoding) {
    std::string json = "{\"DataID\":\"";
    json += core::kSimpleToChildren;
    json += "\",\"Buffer\":";
    appendJsonPayload(json, bytes, encoding);
    return json + "}";
  });
}

}  // namespace symemu::php
