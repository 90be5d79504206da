// The simulated commander (see commander.hpp).
#include <algorithm>
#include <limits>
#include <scenarios/replay/commander.hpp>

namespace fieldops::replay {

namespace {

constexpr Millis kTaskDue = 30 * 60'000;  // a task the commander creates is due in 30 min

bool screeningAlert(AlertCause c) {
  return c == AlertCause::HIT || c == AlertCause::POSSIBLE_HIT;
}

}  // namespace

void SimCommander::plan(Millis at, std::uint64_t alertId, ControlRequest request,
                        std::string what) {
  planned_.emplace(std::make_pair(at, order_++),
                   CommanderAction{at, alertId, std::move(request), std::move(what)});
}

void SimCommander::observe(const Snapshot& snapshot, Millis now) {
  for (const AlertView& a : snapshot.alerts) {
    if (!seen_.insert(a.alertId).second) continue;
    if (std::find(spec_.ignoreRules.begin(), spec_.ignoreRules.end(), a.rule) !=
        spec_.ignoreRules.end()) {
      continue;
    }
    const std::string id = std::to_string(a.alertId);
    Millis acknowledged = 0;
    if (spec_.acknowledgeAfter > 0 && a.state == AlertState::RAISED) {
      acknowledged = std::max(a.raisedAt + spec_.acknowledgeAfter, now);
      plan(acknowledged, a.alertId, AcknowledgeAlert{a.alertId, spec_.name, "acknowledged"},
           "acknowledge alert " + id);
    }
    if (a.proposal && a.proposal->taskId == 0 && spec_.createProposedTaskAfter > 0) {
      const Millis at = std::max(a.raisedAt + spec_.createProposedTaskAfter, now);
      const ProposedTask& p = *a.proposal;
      plan(at, a.alertId,
           CreateTask{p.kind, p.priority, at + kTaskDue, p.target,
                      p.instructions.empty() ? a.summary.substr(0, 4096) : p.instructions, p.unit},
           "create the proposed task of alert " + id);
    }
    if (spec_.resolveAfter > 0 && acknowledged > 0) {
      const AlertOutcome outcome =
          screeningAlert(a.cause) ? AlertOutcome::CONFIRMED_HIT : AlertOutcome::HANDLED;
      plan(acknowledged + spec_.resolveAfter, a.alertId,
           ResolveAlert{a.alertId, spec_.name, outcome, "resolved in the exercise"},
           "resolve alert " + id);
    }
  }
}

Millis SimCommander::nextDue() const {
  return planned_.empty() ? std::numeric_limits<Millis>::max() : planned_.begin()->first.first;
}

std::vector<CommanderAction> SimCommander::due(Millis until) {
  std::vector<CommanderAction> out;
  while (!planned_.empty() && planned_.begin()->first.first <= until) {
    out.push_back(std::move(planned_.begin()->second));
    planned_.erase(planned_.begin());
  }
  return out;
}

}  // namespace fieldops::replay
