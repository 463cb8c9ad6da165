#pragma once
// The event semantics every kernel-side replay shares: an mqtt event through publishMqtt, an http
// event through sendHttp (traffic.h), the actions set_property and create_instance, and the
// actions libraries add (library_plugin.h, e.g. Smart Metering's create_all). The kernel is not
// owned here and its clock is not touched: "advance" is played by KernelReplayPlayer.
// Threads: the kernel's owner thread. Errors: kernel errors propagate as exceptions; what the
// fixture asks for and cannot get (a missing object or module, an unexpected HTTP status) comes
// back as a failed result.
#include <string>

#include "symemu/harness/default_chains.h"
#include "symemu/kernel/kernel.h"
#include "symemu/harness/replay_player.h"
#include "symemu/runtime/library_plugin.h"

namespace symemu::harness {

// True for the "advance" action, which the caller plays on its own clock.
inline bool isAdvanceEvent(const FixtureEvent& e) { return e.type == EventType::Action && e.action == "advance"; }

// Plays one event other than "advance" on `k`, whose default chains are `chains`. `password` is
// the Basic-auth password of http events with a user and replaces "${PASSWORD}" in property
// values; library actions are looked up in `libraries`.
PlayResult playKernelEvent(Kernel& k, const FixtureEvent& e, const DefaultChains& chains, const std::string& password,
                           const LibraryCatalog& libraries);

}  // namespace symemu::harness
