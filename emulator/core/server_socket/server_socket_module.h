#pragma once
// Symcon's Server Socket I/O (docs/symcon-kernel.md §8): a TCP listener whose clients appear to the
// children as {7A1272A4-…} packets (Type 0 data, 1 connect, 2 disconnect) and who receive what
// children send with {C8792760-…}. Network events arrive on the listener's thread and are posted
// to the kernel thread; a data packet is built on the listener's thread already, so the kernel
// thread only delivers it.
#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "symemu/kernel/module.h"
#include "symemu/kernel/packet_forms.h"
#include "symemu/core/net/tcp_listener.h"

namespace symemu::core {

inline const char* const kServerSocketModuleId = "{8062CF2B-600E-41D6-AD4B-1BA66C32D6ED}";
inline const char* const kSocketToChildren = "{7A1272A4-CBDB-46EF-BFC6-DCF4A53D2FC7}";
inline const char* const kSocketFromChildren = "{C8792760-65CF-4C53-B5C7-A30FCC84FEFE}";
inline const char* const kSimpleFromChildren = "{79827379-F36E-4ADA-8A95-5F8D1DC92FA9}";

namespace serversocket {
constexpr int StatusBindFailed = 200;
}

// Reads each client's byte stream ahead on the listener thread, for a child that knows the
// protocol (the MQTT Server frames its PUBLISH packets there). read() gets every data chunk of
// a client in order, closed() its end; both run on the listener thread only. What read()
// returns travels in the chunk's forms::SocketData::ahead.
class StreamReadAhead {
 public:
  virtual ~StreamReadAhead() = default;
  virtual forms::ReadAhead read(net::ClientId client, std::string_view bytes) = 0;
  virtual void closed(net::ClientId client) = 0;
};

class ServerSocketModule : public Module, public net::TcpListenerEvents {
 public:
  // Kernel thread; takes effect for the next chunk read (a reader must cope with a client whose
  // stream it sees from the middle). nullptr removes it.
  void setReadAhead(std::shared_ptr<StreamReadAhead> reader) { std::atomic_store(&readAhead_, std::move(reader)); }

  ~ServerSocketModule() override;
  void create() override;
  void applyChanges() override;
  void destroy() override;
  std::string forwardData(const std::string& json) override;

  // The port actually listened on (an ephemeral one resolved); 0 when closed.
  int listeningPort() const;

  // TcpListenerEvents (listener thread): each posts the event to the kernel thread.
  void onClientConnected(net::ClientId id, const std::string& ip, std::uint16_t port) override;
  void onClientData(net::ClientId id, std::string bytes) override;
  void onClientDisconnected(net::ClientId id) override;
  void onLog(int level, const std::string& text) override;

  struct Client {
    std::string ip;
    int port = 0;
  };
  // The packet for children in the UTF-8 mapped encoding, its typed form (forms::SocketData)
  // attached. Any thread.
  static Packet mappedPacket(int type, const Client& client, std::string bytes, forms::ReadAhead ahead = {});
  static Packet mappedPacket(std::shared_ptr<const forms::SocketData> form);

 private:
  struct ListenConfig {
    bool open = false;
    int port = 0;
    std::string bind;
    int limit = 0;
    bool operator==(const ListenConfig& o) const {
      return open == o.open && port == o.port && bind == o.bind && limit == o.limit;
    }
  };
  void stopListening();
  // The packet text for one encoding (the text toJsonText gives for these fields).
  static std::string packetText(int type, const Client& client, const std::string& bytes, DataEncoding encoding);
  // `prepared`: the Utf8Mapped packet, already built on the listener thread.
  void toChildren(int type, const Client& client, const std::string& bytes, Packet* prepared = nullptr);
  template <class F>
  void onKernel(F task);
  net::ClientId findClient(const std::string& ip, int port) const;

  std::unique_ptr<net::TcpListener> listener_;
  std::optional<ListenConfig> active_;
  std::map<net::ClientId, Client> clients_;     // kernel thread only
  std::map<net::ClientId, Client> ioClients_;   // listener thread only: the same, to build packets there
  std::shared_ptr<StreamReadAhead> readAhead_;  // std::atomic_load/store: set on the kernel thread

  // What the listener thread allocated for a data chunk (its bytes, its typed form with all that
  // was read ahead) and the kernel thread is done with: handed back and freed on the listener
  // thread at its next chunk, since glibc frees memory of another thread's arena more slowly.
  void handBack(std::string bytes, std::shared_ptr<const void> form);  // kernel thread
  void freeHandedBack();                                               // listener thread
  std::mutex handedBackMutex_;
  std::vector<std::string> handedBackBytes_;
  std::vector<std::shared_ptr<const void>> handedBackForms_;
};

}  // namespace symemu::core
