// Who sent a message: the principal the ZAP handler authenticated, with its one role
// (docs/security.md). Plain data for the pure core; the allow-list (allow_list.hpp) makes them.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace fieldops {

enum class Role {
  agent,      // a field agent, bound to one unit: reports only as that unit
  commander,  // runs the operation: tasks and alerts
  observer,   // reads, never changes
  trainer,    // drives an exercise: the exercise clock (exercises only)
};

std::string_view roleName(Role role);
std::optional<Role> roleFromName(std::string_view name);

struct Principal {
  std::string name;  // as enrolled, e.g. "cmdr.petrovic"
  Role role = Role::observer;
  std::string unit;  // the bound unit's callsign, for an agent only
  // False only with --insecure-dev, where no key is checked: the agent link then trusts the
  // declared callsign and the control endpoint allows everything, as before security.
  bool authenticated = true;
};

// The caller a coordinator run with --insecure-dev assumes on each endpoint.
Principal unauthenticatedAgent();
Principal unauthenticatedControl();

}  // namespace fieldops
