// Reading a pure-core Decision in tests: what it sends to a peer, the events it holds.
#pragma once

#include <coordinator/core.hpp>

#include <string>
#include <vector>

namespace fieldops::test {

// The bodies of type T that a decision sends to one peer.
template <class T>
std::vector<T> sentTo(const Decision& d, const std::string& peer) {
  std::vector<T> out;
  for (const auto& o : d.out) {
    if (o.peer != peer) continue;
    if (const auto* m = std::get_if<T>(&o.body)) out.push_back(*m);
  }
  return out;
}

// The events of type T in a decision, in order.
template <class T>
std::vector<T> eventsOf(const Decision& d) {
  std::vector<T> out;
  for (const auto& e : d.events) {
    if (const auto* m = std::get_if<T>(&e.body)) out.push_back(*m);
  }
  return out;
}

// The names of a decision's events, in order ("unitLost", "taskFlagged", ...).
inline std::vector<std::string> eventNames(const Decision& d) {
  std::vector<std::string> names;
  for (const auto& e : d.events) names.emplace_back(eventName(e.body));
  return names;
}

}  // namespace fieldops::test
