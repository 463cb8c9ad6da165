#include "symemu/core/net/tcp_listener.h"

#include "symemu/core/net/listener_reactor.h"

namespace symemu::net {

// The reactor lives as long as the listener, so send()/close() from other threads never see
// it replaced by a start() or stop().
TcpListener::TcpListener(TcpListenerConfig config, TcpListenerEvents& events)
    : config_(std::move(config)), events_(events), reactor_(std::make_unique<Reactor>(config_, events_)) {}

TcpListener::~TcpListener() { reactor_->stop(); }

void TcpListener::start() { reactor_->start(); }
void TcpListener::stop() { reactor_->stop(); }
std::uint16_t TcpListener::port() const { return reactor_->port(); }
bool TcpListener::send(ClientId id, std::string_view bytes) { return reactor_->send(id, bytes); }
void TcpListener::close(ClientId id) { reactor_->close(id); }
std::size_t TcpListener::clientCount() const { return reactor_->clientCount(); }

}  // namespace symemu::net
