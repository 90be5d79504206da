// The evaluation of an exercise: a pure function of the scenario, the injects that fired and
// what the coordinator recorded (a snapshot: alerts and tasks with their time-stamped
// histories). For each inject, the expected and the actual response, time to acknowledge, time
// to act, and met / late / missed; scores by capability. See docs/trainer-guide.md.
#pragma once

#include <optional>
#include <scenarios/replay/scenario.hpp>
#include <string>
#include <vector>

namespace fieldops::replay {

enum class Outcome { met, late, missed, pending };
const char* outcomeName(Outcome o);

// An inject that fired, at its exercise time (ms since the epoch).
struct FiredInject {
  std::string id;
  Millis at = 0;
};

struct ActionResult {
  std::string id;
  std::string expected;  // describe(action)
  std::string capability;
  Outcome outcome = Outcome::missed;
  Millis due = 0;                // the deadline
  std::optional<Millis> doneAt;  // when it happened, if it did
  std::string evidence;          // "alert 3 acknowledged by ...", "task 4 assigned to BRAVO-2"
};

struct InjectResult {
  std::string id;
  std::string kind;
  std::string description;
  std::string unit;
  bool fired = false;
  Millis at = 0;         // when it fired
  std::string ifMissed;  // a contingency inject: the expected action it depended on
  std::vector<ActionResult> actions;
  std::string actual;  // what the coordinator recorded in response
  std::optional<Millis> timeToAcknowledge;
  std::optional<Millis> timeToAct;
  std::optional<Millis> raisedAt;  // the inject's alert, if any
};

struct CapabilityScore {
  std::string capability;
  int met = 0, late = 0, missed = 0;
  double percent() const;  // met counts 1, late 1/2, missed 0
};

struct Evaluation {
  std::string operation;
  Millis start = 0;
  Millis end = 0;
  std::vector<InjectResult> injects;  // in the order they fired; unfired contingencies last
  std::vector<CapabilityScore> capabilities;
  CapabilityScore overall;
};

// One expected action, judged at `now` (pending while before its deadline and not yet done).
ActionResult judge(const Scenario& scenario, const ExpectedAction& action, Millis injectAt,
                   const Snapshot& observed, Millis now);

Evaluation evaluate(const Scenario& scenario, const std::vector<FiredInject>& fired,
                    const Snapshot& observed, Millis end);

}  // namespace fieldops::replay
