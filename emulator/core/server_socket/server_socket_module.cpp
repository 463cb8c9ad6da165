#include "symemu/core/server_socket/server_socket_module.h"

#include <optional>

#include "symemu/kernel/json_tree.h"
#include "symemu/kernel/json_value.h"
#include "symemu/kernel/kernel.h"
#include "symemu/kernel/packet_forms.h"

namespace symemu::core {

ServerSocketModule::~ServerSocketModule() { stopListening(); }

void ServerSocketModule::create() {
  registerPropertyBoolean("Open", false);
  registerPropertyInteger("Port", 1883);
  registerPropertyString("BindAddress", "0.0.0.0");
  registerPropertyInteger("Limit", 0);
  registerFunction("GetListenPort",
                   [this](const std::vector<Value>&) -> Value { return static_cast<std::int64_t>(listeningPort()); });
}

template <class F>
void ServerSocketModule::onKernel(F task) {
  std::weak_ptr<Module> weak = weak_from_this();
  kernel().post([weak, task = std::move(task)]() mutable {
    if (auto self = weak.lock()) task(static_cast<ServerSocketModule&>(*self));
  });
}

void ServerSocketModule::stopListening() {
  if (listener_) listener_->stop();  // joins the listener thread; no callback runs after this
  listener_.reset();
  ioClients_.clear();
  active_.reset();
}

void ServerSocketModule::applyChanges() {
  ListenConfig want{readPropertyBoolean("Open"), static_cast<int>(readPropertyInteger("Port")),
                    readPropertyString("BindAddress"), static_cast<int>(readPropertyInteger("Limit"))};
  if (want.port < 0 || want.port > 65535) {
    stopListening();
    logMessage("Port " + std::to_string(want.port) + " is out of range 0..65535", msg::KL_ERROR);
    setStatus(serversocket::StatusBindFailed);
    return;
  }
  if (active_ && *active_ == want && (listener_ || !kernel().options().networkEnabled)) return;
  stopListening();
  // Clients of the old listener are gone; tell the children like a disconnect would.
  for (auto [id, client] : std::map<net::ClientId, Client>(clients_)) toChildren(2, client, "");
  clients_.clear();
  if (!want.open) {
    setStatus(status::Inactive);
    return;
  }
  if (!kernel().options().networkEnabled) {  // in-process runs: open in name only
    active_ = want;
    setStatus(status::Active);
    return;
  }
  net::TcpListenerConfig config;
  config.bindAddress = want.bind.empty() ? "0.0.0.0" : want.bind;
  config.port = static_cast<std::uint16_t>(want.port);
  config.maxClients = static_cast<std::size_t>(want.limit < 0 ? 0 : want.limit);
  auto listener = std::make_unique<net::TcpListener>(config, *this);
  try {
    listener->start();
  } catch (const std::exception& e) {
    logMessage(e.what(), msg::KL_ERROR);
    setStatus(serversocket::StatusBindFailed);
    return;
  }
  listener_ = std::move(listener);
  active_ = want;
  setStatus(status::Active);
}

void ServerSocketModule::destroy() { stopListening(); }

int ServerSocketModule::listeningPort() const { return listener_ ? listener_->port() : 0; }

std::string ServerSocketModule::packetText(int type, const Client& client, const std::string& bytes,
                                           DataEncoding encoding) {
  // Written in one pass (the Buffer is kilobytes).
  std::string json;
  json.reserve(bytes.size() + bytes.size() / 8 + 160);
  json += "{\"DataID\":\"";
  json += kSocketToChildren;  // a GUID: nothing to escape
  json += '"';
  json += ",\"Type\":" + std::to_string(type) + ",\"Buffer\":";
  appendJsonPayload(json, bytes, encoding);
  json += ",\"ClientIP\":";
  appendJsonQuoted(json, client.ip);
  json += ",\"ClientPort\":" + std::to_string(client.port) + "}";
  return json;
}

Packet ServerSocketModule::mappedPacket(int type, const Client& client, std::string bytes, forms::ReadAhead ahead) {
  return mappedPacket(std::make_shared<const forms::SocketData>(
      forms::SocketData{type, client.ip, client.port, std::move(bytes), std::move(ahead)}));
}

Packet ServerSocketModule::mappedPacket(std::shared_ptr<const forms::SocketData> form) {
  // The same fields typed: the MQTT Server reads them instead of parsing and unmapping kilobytes,
  // so the text (the chunk escaped and mapped) is written only for a receiver that asks for it.
  Packet packet = Packet::deferred(kSocketToChildren, [form] {
    return packetText(form->type, Client{form->clientIp, form->clientPort}, form->bytes, DataEncoding::Utf8Mapped);
  });
  packet.attach(std::move(form));
  return packet;
}

void ServerSocketModule::handBack(std::string bytes, std::shared_ptr<const void> form) {
  std::lock_guard<std::mutex> lock(handedBackMutex_);
  handedBackBytes_.push_back(std::move(bytes));
  if (form) handedBackForms_.push_back(std::move(form));
}

void ServerSocketModule::freeHandedBack() {
  std::vector<std::string> bytes;
  std::vector<std::shared_ptr<const void>> forms;
  {
    std::lock_guard<std::mutex> lock(handedBackMutex_);
    bytes.swap(handedBackBytes_);
    forms.swap(handedBackForms_);
  }
}  // freed here, outside the lock

void ServerSocketModule::toChildren(int type, const Client& client, const std::string& bytes, Packet* prepared) {
  sendDataToChildren(std::function<Packet(DataEncoding)>([&](DataEncoding encoding) {
    if (encoding == DataEncoding::Utf8Mapped)
      return prepared ? std::move(*prepared) : mappedPacket(type, client, bytes);
    return Packet(packetText(type, client, bytes, encoding));
  }));
}

void ServerSocketModule::onClientConnected(net::ClientId id, const std::string& ip, std::uint16_t port) {
  ioClients_[id] = Client{ip, port};
  onKernel([id, ip, port](ServerSocketModule& self) {
    Client c{ip, port};
    self.clients_[id] = c;
    self.toChildren(1, c, "");
  });
}

void ServerSocketModule::onClientData(net::ClientId id, std::string bytes) {
  freeHandedBack();
  // Built here, on the listener thread: the kernel thread only delivers it. Its typed form
  // spares receivers that know it the parse; others parse the text on first use. The form owns
  // the chunk (moved in, not copied), and the kernel thread delivers the form's bytes.
  std::optional<Packet> prepared;
  std::shared_ptr<const forms::SocketData> form;
  Client built;
  auto io = ioClients_.find(id);
  if (io != ioClients_.end()) {
    built = io->second;
    forms::ReadAhead ahead;
    if (auto reader = std::atomic_load(&readAhead_)) ahead = reader->read(id, bytes);
    form = std::make_shared<const forms::SocketData>(
        forms::SocketData{0, built.ip, built.port, std::move(bytes), std::move(ahead)});
    bytes = std::string();
    prepared.emplace(mappedPacket(form));
  }
  onKernel([id, bytes = std::move(bytes), prepared = std::move(prepared), form = std::move(form),
            built](ServerSocketModule& self) mutable {
    auto it = self.clients_.find(id);
    if (it == self.clients_.end()) return;
    // The kernel thread's record decides; the packet built ahead is used when it names the same.
    const bool same = prepared && built.ip == it->second.ip && built.port == it->second.port;
    self.toChildren(0, it->second, form ? form->bytes : bytes, same ? &*prepared : nullptr);
    prepared.reset();  // its text was the kernel thread's to free; the form goes back with the bytes
    self.handBack(std::move(bytes), std::move(form));
  });
}

void ServerSocketModule::onClientDisconnected(net::ClientId id) {
  ioClients_.erase(id);
  if (auto reader = std::atomic_load(&readAhead_)) reader->closed(id);
  onKernel([id](ServerSocketModule& self) {
    auto it = self.clients_.find(id);
    if (it == self.clients_.end()) return;
    Client c = it->second;
    self.clients_.erase(it);
    self.toChildren(2, c, "");
  });
}

void ServerSocketModule::onLog(int level, const std::string& text) {
  int type = level == net::LogError ? msg::KL_ERROR : level == net::LogWarning ? msg::KL_WARNING : msg::KL_MESSAGE;
  onKernel([type, text](ServerSocketModule& self) { self.logMessage(text, type); });
}

net::ClientId ServerSocketModule::findClient(const std::string& ip, int port) const {
  for (const auto& [id, c] : clients_)
    if (c.port == port && c.ip == ip) return id;
  return 0;
}

std::string ServerSocketModule::forwardData(const std::string& json) {
  // {"DataID":…,"Type":0|2,"Buffer":…,"ClientIP":…,"ClientPort":…}; the simple DataID has no client.
  struct {
    std::string dataId, buffer, ip;
    int port = 0, type = 0;
  } packet;
  const auto tree = json::Document::parse(json);
  if (!tree->ok() || !tree->root().isObject() || !tree->root().optionalText("DataID", packet.dataId) ||
      !tree->root().optionalText("Buffer", packet.buffer) || !tree->root().optionalText("ClientIP", packet.ip) ||
      !tree->root().optionalInt("ClientPort", packet.port) || !tree->root().optionalInt("Type", packet.type)) {
    logMessage("Server Socket: packet from a child is not a JSON object of its layout: " +
                   (tree->ok() ? std::string("a field has the wrong type") : tree->error()),
               msg::KL_WARNING);
    return "";
  }
  // The sender's class decides the Buffer encoding (§3.8 rule 5): hex from IPSModuleStrict,
  // utf8-mapped from IPSModule.
  std::string bytes;
  try {
    bytes = decodePayload(packet.buffer, senderEncoding());
  } catch (const KernelError& e) {
    logMessage(std::string("Server Socket: Buffer from child #") + std::to_string(kernel().forwardingChild()) +
                   " refused: " + e.what(),
               msg::KL_WARNING);
    return "";
  }
  if (packet.dataId == kSimpleFromChildren) {
    for (const auto& [id, c] : clients_)
      if (listener_) listener_->send(id, bytes);
    return "";
  }
  net::ClientId id = findClient(packet.ip, packet.port);
  if (id == 0 || !listener_) return "";
  const int type = packet.type;
  if (type == 2) {
    listener_->close(id);
  } else if (!bytes.empty()) {
    listener_->send(id, bytes);
  }
  return "";
}

}  // namespace symemu::core
