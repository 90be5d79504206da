// What each role may do (see roles.hpp).
#include <coordinator/roles.hpp>

namespace fieldops {

bool isQuery(const ControlRequest& request) {
  return std::holds_alternative<SnapshotQuery>(request) ||
         std::holds_alternative<SightingQuery>(request) ||
         std::holds_alternative<EventQuery>(request);
}

std::optional<std::string> controlRefusal(const Principal& caller, const ControlRequest& request,
                                          bool exercise) {
  if (!caller.authenticated) return std::nullopt;
  const std::string who = caller.name + " (" + std::string(roleName(caller.role)) + ")";
  const bool clock = std::holds_alternative<AdvanceClock>(request);
  switch (caller.role) {
    case Role::agent:
      return who + " is a field agent: agents use the agent link, not the control endpoint";
    case Role::observer:
      if (isQuery(request)) return std::nullopt;
      return who + " is an observer: observers read, they change nothing";
    case Role::trainer:
      if (!exercise) return who + " is a trainer: trainers act only in exercise operations";
      if (isQuery(request) || clock) return std::nullopt;
      return who +
             " is a trainer: trainers drive the exercise clock and injects, not tasks or alerts";
    case Role::commander:
      if (clock) return who + " is a commander: the exercise clock is the trainers'";
      return std::nullopt;
  }
  return who + ": unknown role";
}

bool mayUseAgentLink(const Principal& caller) {
  return !caller.authenticated || caller.role == Role::agent;
}

std::optional<std::string> agentLinkRefusal(const Principal& caller) {
  if (mayUseAgentLink(caller)) return std::nullopt;
  return caller.name + " is enrolled as a " + std::string(roleName(caller.role)) +
         ", not a field agent: use the control endpoint";
}

}  // namespace fieldops
