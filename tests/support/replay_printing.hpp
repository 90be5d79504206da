// Printing of the replayer's enums for Boost.Test messages.
#pragma once

#include <ostream>
#include <scenarios/replay/evaluation.hpp>
#include <scenarios/replay/scenario.hpp>

namespace fieldops::replay {

inline std::ostream& operator<<(std::ostream& o, InjectKind k) {
  return o << injectKindName(k);
}
inline std::ostream& operator<<(std::ostream& o, ActionKind k) {
  return o << actionKindName(k);
}
inline std::ostream& operator<<(std::ostream& o, Outcome k) {
  return o << outcomeName(k);
}

}  // namespace fieldops::replay
