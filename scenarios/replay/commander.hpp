// The simulated commander of a headless run, as a pure model: seeing the alerts of a snapshot,
// it plans to acknowledge each one after a delay, to create the proposed follow-up task, and to
// resolve it; alerts of the rules it ignores are left for the trainers to score as missed.
#pragma once

#include <map>
#include <scenarios/replay/scenario.hpp>
#include <set>
#include <vector>

namespace fieldops::replay {

struct CommanderAction {
  Millis at = 0;
  std::uint64_t alertId = 0;
  ControlRequest request;
  std::string what;  // for the console: "acknowledge alert 3"
};

class SimCommander {
 public:
  explicit SimCommander(CommanderSpec spec) : spec_(std::move(spec)) {}

  // Plans actions for alerts not seen before; none earlier than `now`.
  void observe(const Snapshot& snapshot, Millis now);
  Millis nextDue() const;  // INT64_MAX when nothing is planned
  std::vector<CommanderAction> due(Millis until);

 private:
  void plan(Millis at, std::uint64_t alertId, ControlRequest request, std::string what);

  CommanderSpec spec_;
  std::set<std::uint64_t> seen_;
  std::multimap<std::pair<Millis, std::uint64_t>, CommanderAction> planned_;
  std::uint64_t order_ = 0;
};

}  // namespace fieldops::replay
