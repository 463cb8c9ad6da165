#pragma once
// The event semantics every kernel-side replay shares: an mqtt event through
// MqttServerModule::injectPublish, an http event through WebHookControlModule::dispatch, and the
// actions create_all, set_property and create_instance. The kernel is not owned here and its
// clock is not touched: moving time and the "advance" action stay with each player, whose
// clocks differ (InProcessPlayer here, KernelReplayPlayer in the Python binding).
#include <string>

#include "kernel/kernel.h"
#include "replay_player.h"
#include "serve_setup.h"

namespace symemu::cli {

// True for the "advance" action, which the caller plays on its own clock.
inline bool isAdvanceEvent(const FixtureEvent& e) { return e.type == EventType::Action && e.action == "advance"; }

// Plays one event other than "advance" on `k`, whose default chains are `chains`. `password` is
// the Basic-auth password of http events with a user and replaces "${PASSWORD}" in property
// values. Kernel errors propagate as exceptions; what the fixture asks for and cannot get
// (a missing object or module, an unexpected HTTP status) comes back as a failed result.
PlayResult playKernelEvent(Kernel& k, const FixtureEvent& e, const DefaultChains& chains, const std::string& password);

// Splits "/a%20b?x=1" into the decoded path and the raw query, like the HTTP server does.
void splitHookTarget(const std::string& target, std::string& path, std::string& query);

}  // namespace symemu::cli
