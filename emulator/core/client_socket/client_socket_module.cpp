#include "symemu/core/client_socket/client_socket_module.h"

#include "symemu/kernel/json_tree.h"

#include <Poco/JSON/Object.h>

#include "symemu/kernel/json_value.h"
#include "symemu/kernel/kernel.h"

namespace symemu::core {

ClientSocketModule::~ClientSocketModule() { stopConnection(); }

void ClientSocketModule::create() {
  registerPropertyBoolean("Open", false);
  registerPropertyString("Host", "");
  registerPropertyInteger("Port", 0);
  registerPropertyBoolean("UseSSL", false);
  registerPropertyBoolean("VerifyPeer", true);
  registerPropertyString("CAFile", "");  // symemu: PEM bundle to verify the server against
}

template <class F>
void ClientSocketModule::onKernel(F task) {
  std::weak_ptr<Module> weak = weak_from_this();
  kernel().post([weak, task = std::move(task)]() mutable {
    if (auto self = weak.lock()) task(static_cast<ClientSocketModule&>(*self));
  });
}

void ClientSocketModule::stopConnection() {
  if (connection_) connection_->stop();  // joins the thread; no event runs after this
  connection_.reset();
  active_.reset();
}

void ClientSocketModule::applyChanges() {
  TcpClientConfig want;
  want.host = readPropertyString("Host");
  auto port = readPropertyInteger("Port");
  want.tls = readPropertyBoolean("UseSSL");
  want.verifyPeer = readPropertyBoolean("VerifyPeer");
  want.caFile = readPropertyString("CAFile");
  bool open = readPropertyBoolean("Open");
  auto same = [&](const TcpClientConfig& a) {
    return a.host == want.host && a.port == port && a.tls == want.tls && a.verifyPeer == want.verifyPeer &&
           a.caFile == want.caFile;
  };
  if (open && active_ && same(*active_) && (connection_ || !kernel().options().networkEnabled)) return;
  stopConnection();
  lastError_.clear();
  if (!open) {
    setStatus(status::Inactive);
    return;
  }
  if (want.host.empty() || port <= 0 || port > 65535) {
    logMessage("Host is empty or Port " + std::to_string(port) + " is out of range 1..65535", msg::KL_ERROR);
    setStatus(clientsocket::StatusConnectFailed);
    return;
  }
  want.port = static_cast<std::uint16_t>(port);
  active_ = want;
  if (!kernel().options().networkEnabled) {  // in-process runs and serve's set-up: no connection yet
    setStatus(status::Inactive);
    return;
  }
  setStatus(clientsocket::StatusConnectFailed);  // until the connection is up
  connection_ = std::make_unique<TcpClientConnection>(want, *this);
  connection_->start();
}

void ClientSocketModule::destroy() { stopConnection(); }

void ClientSocketModule::reconnect(const std::string& why) {
  if (!connection_) return;
  logMessage("reconnecting: " + why, msg::KL_WARNING);
  connection_->drop();
}

void ClientSocketModule::onConnected() {
  onKernel([](ClientSocketModule& self) {
    if (!self.lastError_.empty() || self.getStatus() != status::Active)
      self.logMessage("connected to " + self.active_->host + ":" + std::to_string(self.active_->port), msg::KL_MESSAGE);
    self.lastError_.clear();
    self.setStatus(status::Active);  // children (the MQTT Client) start their session on this
  });
}

void ClientSocketModule::onData(std::string bytes) {
  onKernel([bytes = std::move(bytes)](ClientSocketModule& self) {
    if (self.getStatus() != status::Active) return;
    self.sendDataToChildren([&](DataEncoding encoding) {
      std::string json = "{\"DataID\":\"";
      json += kSimpleToChildren;
      json += "\",\"Buffer\":";
      appendJsonPayload(json, bytes, encoding);
      return json + "}";
    });
  });
}

void ClientSocketModule::onDisconnected(const std::string& reason) {
  onKernel([reason](ClientSocketModule& self) {
    if (reason != self.lastError_) self.logMessage(reason, msg::KL_ERROR);
    self.lastError_ = reason;
    if (self.readPropertyBoolean("Open")) self.setStatus(clientsocket::StatusConnectFailed);
  });
}

std::string ClientSocketModule::forwardData(const std::string& json) {
  const auto tree = json::Document::parse(json);
  std::string buffer;
  if (!tree->ok() || !tree->root().isObject() || !tree->root().optionalText("Buffer", buffer))
    throw KernelError("Client Socket: packet from a child is not a JSON object with a text Buffer" +
                      (tree->ok() ? std::string() : ": " + tree->error()));
  // The sender's class decides the Buffer encoding: hex from IPSModuleStrict, utf8-mapped from IPSModule.
  std::string bytes;
  try {
    bytes = decodePayload(buffer, senderEncoding());
  } catch (const KernelError& e) {
    throw KernelError("Client Socket: Buffer from child #" + std::to_string(kernel().forwardingChild()) +
                      " refused: " + e.what());
  }
  if (!connection_ || getStatus() != status::Active) throw KernelError("Client Socket: not connected");
  connection_->send(std::move(bytes));
  return "";
}

}  // namespace symemu::core
