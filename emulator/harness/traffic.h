#pragma once
// In-process traffic: an MQTT PUBLISH or an HTTP request entering the MQTT Server or WebHook
// Control through the code paths their sockets use (MqttServerModule::injectPublish,
// WebHookControlModule::answer), without a socket. Replay and Python's mqtt_publish /
// http_request both go through here.
// Threads: the kernel's owner thread for publishMqtt/sendHttp; buildHookRequest is pure.
// Errors: publishMqtt throws KernelError when the broker refuses; sendHttp never throws (a
// failing hook answers 500 with the error text, as over the network).
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "symemu/harness/default_chains.h"
#include "symemu/kernel/hook.h"

namespace symemu::harness {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// The request the HTTP server would hand over for `method target` with these headers and body:
// target split into decoded path and raw query, then Host, Content-Length and (with `user`)
// Basic Authorization appended, the client 127.0.0.1.
HookRequest buildHookRequest(const std::string& method, const std::string& target, std::string body, HeaderList headers,
                             const std::optional<std::string>& user, const std::string& password);

HookResponse sendHttp(Kernel& k, const DefaultChains& chains, const HookRequest& request);
void publishMqtt(Kernel& k, const DefaultChains& chains, const std::string& clientId, const std::string& topic,
                 const std::string& payload, int qos, bool retain);

// Splits "/a%20b?x=1" into the decoded path and the raw query, like the HTTP server does.
void splitHookTarget(const std::string& target, std::string& path, std::string& query);

}  // namespace symemu::harness
