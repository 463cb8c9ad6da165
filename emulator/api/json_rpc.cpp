#include "symemu/api/json_rpc.h"

#include "symemu/api/json_text.h"

namespace symemu::api {

namespace {

JsonRpcCall parseCall(const JsonValue& member) {
  JsonRpcCall call;
  if (member.kind() != JsonValue::Kind::Object) {
    call.error = JsonRpcError{rpc::InvalidRequest, "Invalid Request: a call is a JSON object"};
    return call;
  }
  const JsonValue* id = member.find("id");
  call.notification = id == nullptr;
  if (id) {
    if (id->kind() != JsonValue::Kind::String && id->kind() != JsonValue::Kind::Integer &&
        id->kind() != JsonValue::Kind::Float && id->kind() != JsonValue::Kind::Null) {
      call.notification = false;
      call.error = JsonRpcError{rpc::InvalidRequest, "Invalid Request: \"id\" must be a string, number or null"};
      return call;
    }
    call.id = *id;
  }
  const JsonValue* version = member.find("jsonrpc");
  if (!version || version->kind() != JsonValue::Kind::String || version->asString() != "2.0") {
    call.notification = false;  // an invalid request is always answered (with id null if unknown)
    call.error = JsonRpcError{rpc::InvalidRequest, "Invalid Request: \"jsonrpc\" must be \"2.0\""};
    return call;
  }
  const JsonValue* method = member.find("method");
  if (!method || method->kind() != JsonValue::Kind::String) {
    call.notification = false;
    call.error = JsonRpcError{rpc::InvalidRequest, "Invalid Request: \"method\" must be a string"};
    return call;
  }
  call.method = method->asString();
  if (const JsonValue* params = member.find("params")) {
    if (params->kind() == JsonValue::Kind::Array) {
      call.params = params->asArray();
    } else if (params->kind() == JsonValue::Kind::Object) {
      call.error = JsonRpcError{rpc::InvalidParams,
                                "Invalid params: Symcon's functions take positional parameters (a JSON array), "
                                "not named ones"};
    } else {
      call.notification = false;
      call.error = JsonRpcError{rpc::InvalidRequest, "Invalid Request: \"params\" must be an array"};
    }
  }
  return call;
}

JsonValue resultAnswer(JsonValue result, const JsonValue& id) {
  return JsonObject{{"jsonrpc", "2.0"}, {"result", std::move(result)}, {"id", id}};
}

}  // namespace

JsonValue jsonRpcErrorAnswer(const JsonRpcError& error, const JsonValue& id) {
  return JsonObject{
      {"jsonrpc", "2.0"}, {"error", JsonObject{{"code", error.code}, {"message", error.message}}}, {"id", id}};
}

JsonRpcRequest parseJsonRpc(const std::string& body) {
  JsonRpcRequest request;
  JsonValue parsed;
  try {
    parsed = parseJson(body);
  } catch (const JsonSyntaxError& e) {
    request.error = JsonRpcError{rpc::ParseError, std::string("Parse error: ") + e.what()};
    return request;
  }
  if (parsed.kind() == JsonValue::Kind::Array) {
    request.batch = true;
    if (parsed.asArray().empty()) {
      request.error = JsonRpcError{rpc::InvalidRequest, "Invalid Request: empty batch"};
      return request;
    }
    for (const auto& member : parsed.asArray()) request.calls.push_back(parseCall(member));
  } else {
    request.calls.push_back(parseCall(parsed));
  }
  return request;
}

std::vector<JsonValue> runJsonRpcCalls(Kernel& kernel, const JsonRpcRequest& request, const FunctionTable& table) {
  std::vector<JsonValue> answers;
  if (request.error) return answers;
  for (const auto& call : request.calls) {
    JsonValue answer;
    if (call.error) {
      answer = jsonRpcErrorAnswer(*call.error, call.id);
    } else {
      try {
        answer = resultAnswer(table.call(kernel, call.method, call.params, Coercion::Strict).value, call.id);
      } catch (const FunctionError& e) {
        int code = e.kind() == FunctionError::Kind::UnknownFunction ? rpc::MethodNotFound : rpc::InvalidParams;
        answer = jsonRpcErrorAnswer({code, e.what()}, call.id);
      } catch (const std::exception& e) {  // KernelError and whatever a module threw
        answer = jsonRpcErrorAnswer({rpc::KernelError, e.what()}, call.id);
      } catch (...) {
        answer = jsonRpcErrorAnswer({rpc::KernelError, call.method + " failed with an unknown error"}, call.id);
      }
    }
    if (!call.notification) answers.push_back(std::move(answer));
  }
  return answers;
}

std::string writeJsonRpcAnswer(const JsonRpcRequest& request, const std::vector<JsonValue>& answers) {
  if (request.error) return writeJson(jsonRpcErrorAnswer(*request.error));
  if (answers.empty()) return "";
  if (!request.batch) return writeJson(answers.front());
  return writeJson(JsonValue(JsonArray(answers)));
}

}  // namespace symemu::api
