#pragma once
// A client of a running emulator's API (docs/api.md), for `symemu call` and `symemu watch`:
// one JSON-RPC call over HTTP(S), or the WebSocket message stream.
//
// Threads: one client per thread. Errors: ApiClientError for transport problems (cannot
// connect, TLS, not JSON); JSON-RPC errors come back as values for the caller to print.
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/WebSocket.h>

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include "symemu/api/json_value.h"

namespace symemu::cli {

class ApiClientError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ApiClientOptions {
  std::string url = "http://127.0.0.1:3777/api/";  // http, https, ws or wss
  std::optional<std::string> user, password;
  std::string caFile;     // https: trust only this certificate (e.g. the emulator's own)
  bool insecure = false;  // https: do not verify the certificate
  int timeoutSeconds = 30;
};

struct JsonRpcReply {
  int httpStatus = 0;
  api::JsonValue body;  // the parsed response (null for 204)
};

JsonRpcReply callApi(const ApiClientOptions& options, const std::string& method, const api::JsonArray& params);

// Opens the message stream; the session must outlive the WebSocket.
std::unique_ptr<Poco::Net::WebSocket> openMessageStream(const ApiClientOptions& options,
                                                        std::unique_ptr<Poco::Net::HTTPClientSession>& session);

// A command-line word as a JSON-RPC parameter: JSON when it parses, a string otherwise.
api::JsonValue parameterFromWord(const std::string& word);

}  // namespace symemu::cli
