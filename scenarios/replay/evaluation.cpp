// Scoring an exercise from what the coordinator recorded (see evaluation.hpp).
#include <algorithm>
#include <map>
#include <protocol/enum_names.hpp>
#include <scenarios/replay/evaluation.hpp>
#include <scenarios/replay/time_text.hpp>

namespace fieldops::replay {

namespace {

// The alerts an inject raised: those of its sighting, or the lost-unit alert of a silent unit.
std::vector<const AlertView*> alertsOf(const Inject& in, Millis injectAt, const Snapshot& s) {
  std::vector<const AlertView*> out;
  for (const auto& a : s.alerts) {
    if (sendsSighting(in.kind) && a.unit == in.unit && a.sightingId == in.sighting.sightingId) {
      out.push_back(&a);
    } else if (in.kind == InjectKind::unitSilent && a.cause == AlertCause::UNIT_LOST &&
               a.unit == in.unit && a.raisedAt >= injectAt) {
      out.push_back(&a);
      break;  // the first loss after the inject
    }
  }
  return out;
}

std::string postOf(const std::string& callsign, const Scenario& scenario, const Snapshot& s) {
  for (const auto& u : s.units) {
    if (u.callsign == callsign) return u.post;
  }
  const UnitSpec* u = scenario.unit(callsign);
  return u ? u->post : "";
}

TaskState stateFor(ActionKind a) {
  switch (a) {
    case ActionKind::taskCreated:
      return TaskState::CREATED;
    case ActionKind::taskAssigned:
      return TaskState::ASSIGNED;
    case ActionKind::taskAccepted:
      return TaskState::ACCEPTED;
    default:
      return TaskState::COMPLETED;
  }
}

struct TaskHit {
  Millis at = 0;
  std::string evidence;
};

// When `task` reached the state the action asks for, at or after `from`, by a unit at the post.
std::optional<TaskHit> taskHit(const TaskView& t, const ExpectedAction& a, Millis from,
                               const Scenario& scenario, const Snapshot& s) {
  if (a.taskKind && t.task.kind != *a.taskKind) return std::nullopt;
  const TaskState wanted = stateFor(a.action);
  for (const auto& tr : t.history) {
    if (tr.state != wanted || tr.at < from) continue;
    const std::string unit = wanted == TaskState::ASSIGNED ? tr.note : t.unit;
    if (!a.post.empty() && postOf(unit, scenario, s) != a.post) continue;
    std::string ev = "task " + std::to_string(t.task.taskId) + " (" + enumName(t.task.kind) + ") " +
                     taskStateName(wanted);
    if (!unit.empty() && wanted != TaskState::CREATED) ev += " by " + unit;
    if (wanted == TaskState::ASSIGNED)
      ev = "task " + std::to_string(t.task.taskId) + " (" + enumName(t.task.kind) +
           ") assigned to " + unit;
    return TaskHit{tr.at, ev};
  }
  return std::nullopt;
}

std::optional<TaskHit> firstTaskHit(const Scenario& scenario, const ExpectedAction& a,
                                    const Inject& in, Millis injectAt, const Snapshot& s) {
  // Tasks created for the inject's alerts come first; any task after the inject otherwise.
  std::vector<std::uint64_t> linked;
  for (const AlertView* al : alertsOf(in, injectAt, s)) {
    if (al->proposal && al->proposal->taskId != 0) linked.push_back(al->proposal->taskId);
  }
  std::optional<TaskHit> best;
  for (int pass = 0; pass < 2 && !best; ++pass) {
    for (const auto& t : s.tasks) {
      const bool isLinked = std::find(linked.begin(), linked.end(), t.task.taskId) != linked.end();
      if ((pass == 0) != isLinked) continue;
      if (pass == 1 && (t.history.empty() || t.history.front().at < injectAt)) continue;
      auto hit = taskHit(t, a, pass == 0 ? 0 : injectAt, scenario, s);
      if (hit && (!best || hit->at < best->at)) best = hit;
    }
  }
  return best;
}

std::optional<TaskHit> alertHit(const ExpectedAction& a, const Inject& in, Millis injectAt,
                                const Snapshot& s) {
  for (const AlertView* al : alertsOf(in, injectAt, s)) {
    if (!a.alertRule.empty() && al->rule != a.alertRule) continue;
    const std::string id = "alert " + std::to_string(al->alertId) + " (" + al->rule + ")";
    if (a.action == ActionKind::alertAcknowledged && al->acknowledgedAt != 0) {
      return TaskHit{al->acknowledgedAt, id + " acknowledged by " + al->acknowledgedBy};
    }
    if (a.action == ActionKind::alertResolved && al->resolvedAt != 0) {
      return TaskHit{al->resolvedAt, id + " resolved by " + al->resolvedBy};
    }
    if (a.alertRule.empty()) return std::nullopt;  // the inject's first alert is the one meant
  }
  return std::nullopt;
}

// The inject's alerts as recorded, with exercise times (T+ from `start`).
std::string actualText(const Inject& in, Millis injectAt, Millis start, const Snapshot& s) {
  std::string out;
  for (const AlertView* al : alertsOf(in, injectAt, s)) {
    out += "alert " + std::to_string(al->alertId) + " " + al->rule + " (" + enumName(al->severity) +
           ") raised " + formatOffset(al->raisedAt - start);
    if (al->acknowledgedAt) {
      out += ", acknowledged " + formatOffset(al->acknowledgedAt - start) + " by " +
             al->acknowledgedBy;
    }
    if (al->resolvedAt) out += ", resolved " + formatOffset(al->resolvedAt - start);
    out += "; ";
  }
  return out;
}

}  // namespace

const char* outcomeName(Outcome o) {
  switch (o) {
    case Outcome::met:
      return "met";
    case Outcome::late:
      return "late";
    case Outcome::missed:
      return "missed";
    case Outcome::pending:
      break;
  }
  return "pending";
}

double CapabilityScore::percent() const {
  const int total = met + late + missed;
  return total == 0 ? 0.0 : 100.0 * (met + 0.5 * late) / total;
}

ActionResult judge(const Scenario& scenario, const ExpectedAction& action, Millis injectAt,
                   const Snapshot& observed, Millis now) {
  ActionResult r{action.id,
                 describe(action),
                 action.capability,
                 Outcome::missed,
                 injectAt + action.within,
                 std::nullopt,
                 ""};
  const Inject* in = scenario.inject(action.inject);
  if (in == nullptr) return r;
  const bool alertAction =
      action.action == ActionKind::alertAcknowledged || action.action == ActionKind::alertResolved;
  auto hit = alertAction ? alertHit(action, *in, injectAt, observed)
                         : firstTaskHit(scenario, action, *in, injectAt, observed);
  if (hit && hit->at <= now) {
    r.doneAt = hit->at;
    r.evidence = hit->evidence;
    r.outcome = hit->at <= r.due ? Outcome::met : Outcome::late;
  } else {
    r.outcome = now < r.due ? Outcome::pending : Outcome::missed;
  }
  return r;
}

namespace {

using Scores = std::map<std::string, CapabilityScore>;

void count(Scores& scores, const ActionResult& ar) {
  auto& score = scores[ar.capability];
  score.capability = ar.capability;
  if (ar.outcome == Outcome::met)
    ++score.met;
  else if (ar.outcome == Outcome::late)
    ++score.late;
  else
    ++score.missed;
}

// The result of one inject that fired at `at`, judged at the end of the exercise.
InjectResult firedResult(const Scenario& scenario, const Inject& in, Millis at,
                         const Snapshot& observed, Millis end, Scores& scores) {
  InjectResult r;
  r.id = in.id;
  r.kind = injectKindName(in.kind);
  r.description = in.text;
  r.unit = in.unit;
  r.fired = true;
  r.at = at;
  r.ifMissed = in.ifMissed;
  r.actual = actualText(in, at, scenario.operation.start, observed);
  for (const AlertView* al : alertsOf(in, at, observed)) {
    if (!r.raisedAt) r.raisedAt = al->raisedAt;
    if (al->acknowledgedAt && !r.timeToAcknowledge) r.timeToAcknowledge = al->acknowledgedAt - at;
  }
  for (const auto& a : scenario.expected) {
    if (a.inject != in.id) continue;
    ActionResult ar = judge(scenario, a, at, observed, end);
    if (ar.outcome == Outcome::pending) ar.outcome = Outcome::missed;  // the exercise is over
    const bool taskAction =
        a.action != ActionKind::alertAcknowledged && a.action != ActionKind::alertResolved;
    if (taskAction && ar.doneAt && (!r.timeToAct || *ar.doneAt - at < *r.timeToAct)) {
      r.timeToAct = *ar.doneAt - at;
    }
    if (taskAction && !ar.evidence.empty() && r.actual.find(ar.evidence) == std::string::npos) {
      r.actual += ar.evidence + "; ";
    }
    count(scores, ar);
    r.actions.push_back(std::move(ar));
  }
  if (r.actual.size() >= 2) r.actual.resize(r.actual.size() - 2);
  if (r.actual.empty()) r.actual = "no response recorded";
  return r;
}

}  // namespace

Evaluation evaluate(const Scenario& scenario, const std::vector<FiredInject>& fired,
                    const Snapshot& observed, Millis end) {
  Evaluation e;
  e.operation = scenario.operation.id;
  e.start = scenario.operation.start;
  e.end = end;
  Scores scores;
  for (const auto& f : fired) {
    if (const Inject* in = scenario.inject(f.id)) {
      e.injects.push_back(firedResult(scenario, *in, f.at, observed, end, scores));
    }
  }
  for (const auto& in : scenario.injects) {  // contingency injects that did not fire
    const bool didFire =
        std::any_of(fired.begin(), fired.end(), [&](const auto& f) { return f.id == in.id; });
    if (didFire || in.ifMissed.empty()) continue;
    InjectResult r;
    r.id = in.id;
    r.kind = injectKindName(in.kind);
    r.description = in.text;
    r.unit = in.unit;
    r.ifMissed = in.ifMissed;
    e.injects.push_back(std::move(r));
  }
  e.overall.capability = "overall";
  for (auto& [name, score] : scores) {
    e.overall.met += score.met;
    e.overall.late += score.late;
    e.overall.missed += score.missed;
    e.capabilities.push_back(score);
  }
  return e;
}

}  // namespace fieldops::replay
