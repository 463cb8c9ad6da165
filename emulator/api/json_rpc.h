#pragma once
// JSON-RPC 2.0 (https://www.jsonrpc.org/specification) over the kernel function table: parsing a
// request body into calls, running them, and writing the answer. No network here (api_server.h
// carries it over HTTP).
//
// Threads: parseJsonRpc and writeJsonRpcAnswer are pure (any thread); runJsonRpcCalls touches the
// kernel and runs on the kernel thread. Errors never escape: each becomes a JSON-RPC error object
// (codes below), so one bad call in a batch does not affect the others.
#include <optional>
#include <string>
#include <vector>

#include "symemu/api/function_table.h"
#include "symemu/api/json_value.h"

namespace symemu::api {

namespace rpc {
constexpr int ParseError = -32700;      // the body is not JSON
constexpr int InvalidRequest = -32600;  // JSON, but not a JSON-RPC 2.0 request (also: body too large)
constexpr int MethodNotFound = -32601;  // no such kernel or module function
constexpr int InvalidParams = -32602;   // wrong parameter count or type; named parameters
constexpr int KernelError = -32603;     // the kernel refused the call; message is Symcon's text
constexpr int Unauthorized = -32000;    // access refused (HTTP 401)
}  // namespace rpc

struct JsonRpcError {
  int code = rpc::InvalidRequest;
  std::string message;
};

// One call of a request (or of a batch). `error` is set when this member itself is invalid.
struct JsonRpcCall {
  JsonValue id;               // null when absent
  bool notification = false;  // no "id" member: run it, answer nothing
  std::string method;
  JsonArray params;
  std::optional<JsonRpcError> error;
};

struct JsonRpcRequest {
  bool batch = false;
  std::vector<JsonRpcCall> calls;
  std::optional<JsonRpcError> error;  // the whole body is unusable (parse error, empty batch)
};

JsonRpcRequest parseJsonRpc(const std::string& body);

// Runs the valid calls in order and returns one answer per call that is not a notification
// ({"jsonrpc":"2.0","result":...,"id":...} or {"jsonrpc":"2.0","error":{...},"id":...}).
std::vector<JsonValue> runJsonRpcCalls(Kernel& kernel, const JsonRpcRequest& request,
                                       const FunctionTable& table = FunctionTable::kernel());

// The response body: one answer, an array of answers (batch), or "" when there is nothing to
// answer (only notifications).
std::string writeJsonRpcAnswer(const JsonRpcRequest& request, const std::vector<JsonValue>& answers);

JsonValue jsonRpcErrorAnswer(const JsonRpcError& error, const JsonValue& id = nullptr);

}  // namespace symemu::api
