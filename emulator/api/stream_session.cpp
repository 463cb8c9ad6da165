// ApiService::handleUpgrade: one WebSocket client of the message stream, served on the server
// worker thread that accepted it until the client leaves, is cut off, or the server stops.
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/WebSocket.h>

#include "symemu/api/api_service.h"
#include "symemu/api/json_rpc.h"
#include "symemu/api/json_text.h"

namespace symemu::api {

namespace {

void answerPlain(Poco::Net::HTTPServerResponse& response, int status, const std::string& body,
                 const std::vector<std::pair<std::string, std::string>>& headers = {}) {
  response.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
  response.setKeepAlive(false);
  response.setContentType("application/json");
  for (const auto& [name, value] : headers) response.set(name, value);
  response.setContentLength(static_cast<std::streamsize>(body.size()));
  std::ostream& out = response.send();
  out << body;
  out.flush();
}

// Reads what the client sent without blocking: answers pings and close; false once it closed.
bool serviceIncoming(Poco::Net::WebSocket& ws) {
  char buffer[4096];
  while (ws.poll(Poco::Timespan(0), Poco::Net::Socket::SELECT_READ)) {
    int flags = 0;
    int n = ws.receiveFrame(buffer, sizeof buffer, flags);
    int opcode = flags & Poco::Net::WebSocket::FRAME_OP_BITMASK;
    if (n == 0 && flags == 0) return false;  // connection closed without a close frame
    if (opcode == Poco::Net::WebSocket::FRAME_OP_CLOSE) {
      ws.shutdown();  // answer the close handshake
      return false;
    }
    if (opcode == Poco::Net::WebSocket::FRAME_OP_PING)
      ws.sendFrame(buffer, n, Poco::Net::WebSocket::FRAME_FLAG_FIN | Poco::Net::WebSocket::FRAME_OP_PONG);
    // text/binary frames from the client carry nothing the stream needs: ignored
  }
  return true;
}

}  // namespace

void ApiService::handleUpgrade(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response,
                               const webhook::HookRequest& head) {
  if (auto problem = accessProblem(options_.access, head)) {
    answerPlain(response, 401, writeJson(jsonRpcErrorAnswer({rpc::Unauthorized, *problem})) + "\n",
                {{"WWW-Authenticate", "Basic realm=\"symemu API\""}});
    return;
  }
  auto subscription = stream_.subscribe();
  if (!subscription) {
    answerPlain(
        response, 503,
        writeJson(jsonRpcErrorAnswer({rpc::KernelError, "too many message stream clients (at most " +
                                                            std::to_string(options_.stream.maxSubscribers) + ")"})) +
            "\n");
    return;
  }
  struct Unsubscribe {
    MessageStream& stream;
    std::shared_ptr<StreamSubscription> s;
    ~Unsubscribe() { stream.unsubscribe(s); }
  } unsubscribe{stream_, subscription};

  std::unique_ptr<Poco::Net::WebSocket> ws;
  try {
    ws = std::make_unique<Poco::Net::WebSocket>(request, response);
  } catch (const Poco::Net::WebSocketException& e) {
    if (!response.sent())
      answerPlain(response, 400,
                  writeJson(jsonRpcErrorAnswer({rpc::InvalidRequest, "WebSocket handshake failed: " + e.message()})));
    return;
  }
  // A client that stops reading fills these buffers; its queue then overflows and it is cut off,
  // while the kernel keeps going.
  ws->setSendBufferSize(64 * 1024);
  ws->setNoDelay(true);  // small frames go out at once, not held back for the client's ACK
  ws->setSendTimeout(Poco::Timespan(5, 0));
  ws->setReceiveTimeout(Poco::Timespan(5, 0));
  std::vector<std::string> frames;
  try {
    for (;;) {
      frames.clear();
      if (!subscription->next(frames, std::chrono::milliseconds(100))) {
        ws->shutdown(static_cast<Poco::UInt16>(subscription->closeCode()), subscription->closeReason());
        break;
      }
      for (const auto& f : frames)
        ws->sendFrame(f.data(), static_cast<int>(f.size()), Poco::Net::WebSocket::FRAME_TEXT);
      if (!serviceIncoming(*ws)) break;
    }
  } catch (const Poco::Exception&) {
    // The client went away or stalled past the send timeout: nothing more to tell it.
  }
  try {
    ws->close();
  } catch (const Poco::Exception&) {
  }
}

}  // namespace symemu::api
