// What each role may do (docs/security.md, "Roles"). Pure: the coordinator asks before it
// decides, and refuses with NOT_ALLOWED and this text.
#pragma once

#include <coordinator/principal.hpp>
#include <optional>
#include <protocol/messages.hpp>
#include <string>

namespace fieldops {

// Why `caller` may not send `request` on the control endpoint of an exercise (or live)
// operation; nothing when it may. Unauthenticated callers (--insecure-dev) may do anything.
std::optional<std::string> controlRefusal(const Principal& caller, const ControlRequest& request,
                                          bool exercise);

// Whether the caller may send on the agent link (only agents may).
bool mayUseAgentLink(const Principal& caller);
// Why `caller` may not use the agent link; nothing when it may.
std::optional<std::string> agentLinkRefusal(const Principal& caller);

// True for the requests that change nothing (snapshot, sighting and event queries).
bool isQuery(const ControlRequest& request);

}  // namespace fieldops
