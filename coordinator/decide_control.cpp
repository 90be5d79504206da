// Decisions for commands on the control endpoint: create, assign, reassign and cancel tasks;
// acknowledge and resolve alerts.
#include <coordinator/core.hpp>
#include <coordinator/decide_util.hpp>
#include <coordinator/roles.hpp>

namespace fieldops {

namespace {

struct ControlContext {
  const OperationState& state;
  const CoreSettings& settings;
  const ControlInput& in;
  Millis now;
  Decision d;

  void error(ErrorCode code, std::string message) {
    d.out.push_back(errorTo(Endpoint::control, in.peer, code, std::move(message),
                            in.envelope.messageId));
  }
  void ok(std::uint64_t taskId, std::uint64_t alertId = 0) {
    d.out.push_back({Endpoint::control, in.peer, ControlReply{ControlOk{taskId, 0, alertId}}});
  }
  // Events carry the authenticated principal's name ("control" with --insecure-dev).
  void event(EventBody body) {
    d.events.push_back(Event{now, in.caller.authenticated ? in.caller.name : kControlPrincipal,
                             std::move(body)});
  }
  // The commander an alert note is credited to: the authenticated principal, not a name the
  // message declares (kept only with --insecure-dev).
  std::string commander(const std::string& declared) const {
    return in.caller.authenticated ? in.caller.name : declared;
  }

  // Tells a unit that a task is no longer its own, if it is connected.
  void withdraw(const std::string& unit, std::uint64_t taskId, const std::string& reason) {
    if (auto link = state.links.find(unit); link != state.links.end()) {
      d.out.push_back({Endpoint::agent, link->second.peer, TaskCancel{taskId, reason}});
    }
  }
  // Assigns and, if the unit is connected, pushes the task at once.
  void assign(const Task& task, const std::string& unit) {
    event(TaskAssigned{task.taskId, unit});
    if (auto link = state.links.find(unit); link != state.links.end()) {
      pushTask(d, link->second.peer, task, settings, now);
    }
  }
  // A unit that can take a task: known and not lost.
  bool usable(const std::string& unit) {
    auto it = state.units.find(unit);
    if (it == state.units.end()) {
      error(ErrorCode::UNKNOWN_UNIT, "no unit with callsign '" + unit + "'");
      return false;
    }
    if (it->second.status == UnitStatus::LOST) {
      error(ErrorCode::INVALID_VALUE, "unit '" + unit + "' is lost; assign another unit");
      return false;
    }
    return true;
  }
};

void onCreate(ControlContext& c, const CreateTask& cmd) {
  if (!cmd.assignTo.empty() && !c.usable(cmd.assignTo)) return;
  Task task{c.state.nextTaskId, cmd.kind, cmd.priority, cmd.dueAt, cmd.target, cmd.instructions};
  c.event(TaskCreated{task});
  if (!cmd.assignTo.empty()) c.assign(task, cmd.assignTo);
  c.ok(task.taskId);
}

void onAssign(ControlContext& c, const AssignTask& cmd) {
  auto it = c.state.tasks.find(cmd.taskId);
  if (it == c.state.tasks.end()) {
    c.error(ErrorCode::UNKNOWN_TASK, "no task " + std::to_string(cmd.taskId));
    return;
  }
  const TaskView& t = it->second;
  if (t.history.size() >= kMaxTaskTransitions) {
    c.error(ErrorCode::INVALID_TRANSITION, "task " + std::to_string(cmd.taskId) +
                                               " has been moved too often; create a new task");
    return;
  }
  if (isTerminal(t.state)) {
    c.error(ErrorCode::INVALID_TRANSITION,
            "task " + std::to_string(cmd.taskId) + " is " + taskStateName(t.state));
    return;
  }
  const bool free = t.state == TaskState::CREATED || t.state == TaskState::DECLINED;
  if (cmd.reassign && free) {
    c.error(ErrorCode::INVALID_TRANSITION, "task " + std::to_string(cmd.taskId) +
                                               " has no unit to take it from; use assign");
    return;
  }
  if (!cmd.reassign && !free && !t.needsReassignment) {
    c.error(ErrorCode::INVALID_TRANSITION, "task " + std::to_string(cmd.taskId) +
                                               " is held by " + t.unit + "; use reassign");
    return;
  }
  if (!free && t.unit == cmd.callsign) {
    c.error(ErrorCode::INVALID_TRANSITION,
            "task " + std::to_string(cmd.taskId) + " is already held by " + cmd.callsign);
    return;
  }
  if (!c.usable(cmd.callsign)) return;
  if (!t.unit.empty() && t.unit != cmd.callsign && !free) {
    c.withdraw(t.unit, t.task.taskId, "reassigned to " + cmd.callsign);
  }
  c.assign(t.task, cmd.callsign);
  c.ok(cmd.taskId);
}

void onCancel(ControlContext& c, const CancelTask& cmd) {
  auto it = c.state.tasks.find(cmd.taskId);
  if (it == c.state.tasks.end()) {
    c.error(ErrorCode::UNKNOWN_TASK, "no task " + std::to_string(cmd.taskId));
    return;
  }
  if (isTerminal(it->second.state)) {
    c.error(ErrorCode::INVALID_TRANSITION,
            "task " + std::to_string(cmd.taskId) + " is already " + taskStateName(it->second.state));
    return;
  }
  c.event(TaskCancelled{cmd.taskId, cmd.reason});
  if (!it->second.unit.empty() && it->second.state != TaskState::DECLINED) {
    c.withdraw(it->second.unit, cmd.taskId, cmd.reason.empty() ? "cancelled" : cmd.reason);
  }
  c.ok(cmd.taskId);
}

const AlertView* alertFor(ControlContext& c, std::uint64_t id) {
  auto it = c.state.alerts.find(id);
  if (it == c.state.alerts.end()) {
    c.error(ErrorCode::UNKNOWN_ALERT, "no alert " + std::to_string(id));
    return nullptr;
  }
  if (it->second.state == AlertState::RESOLVED) {
    c.error(ErrorCode::INVALID_TRANSITION, "alert " + std::to_string(id) + " was resolved by " +
                                               it->second.resolvedBy);
    return nullptr;
  }
  return &it->second;
}

void onAcknowledge(ControlContext& c, const AcknowledgeAlert& cmd) {
  const AlertView* a = alertFor(c, cmd.alertId);
  if (a == nullptr) return;
  if (a->state == AlertState::ACKNOWLEDGED) {
    c.error(ErrorCode::INVALID_TRANSITION, "alert " + std::to_string(cmd.alertId) +
                                               " was acknowledged by " + a->acknowledgedBy);
    return;
  }
  c.event(AlertAcknowledged{cmd.alertId, c.commander(cmd.commander), cmd.note});
  c.ok(0, cmd.alertId);
}

void onResolve(ControlContext& c, const ResolveAlert& cmd) {
  const AlertView* a = alertFor(c, cmd.alertId);
  if (a == nullptr) return;
  const bool screening = a->cause == AlertCause::HIT || a->cause == AlertCause::POSSIBLE_HIT;
  if (screening && cmd.outcome == AlertOutcome::HANDLED) {
    c.error(ErrorCode::INVALID_VALUE, "a screening alert is resolved as a confirmed hit or as a "
                                      "false positive");
    return;
  }
  c.event(AlertResolved{cmd.alertId, c.commander(cmd.commander), cmd.outcome, cmd.note});
  c.ok(0, cmd.alertId);
}

}  // namespace

Decision decideControl(const OperationState& state, const CoreSettings& settings,
                       const ControlInput& in, Millis now) {
  ControlContext c{state, settings, in, now, {}};
  const Envelope& env = in.envelope;
  if (env.operationId != settings.operationId || env.exercise != settings.exercise) {
    c.error(ErrorCode::WRONG_OPERATION, "this coordinator runs operation '" +
                                            settings.operationId + "' (" +
                                            (settings.exercise ? "exercise" : "live") + ")");
    return c.d;
  }
  const auto* req = std::get_if<ControlRequest>(&env.body);
  if (req == nullptr) {
    c.error(ErrorCode::UNEXPECTED_MESSAGE, "only control requests are accepted here");
    return c.d;
  }
  if (auto refusal = controlRefusal(in.caller, *req, settings.exercise)) {
    c.error(ErrorCode::NOT_ALLOWED, *refusal);
    return c.d;
  }
  if (const auto* create = std::get_if<CreateTask>(req)) {
    onCreate(c, *create);
  } else if (const auto* assign = std::get_if<AssignTask>(req)) {
    onAssign(c, *assign);
  } else if (const auto* cancel = std::get_if<CancelTask>(req)) {
    onCancel(c, *cancel);
  } else if (const auto* ack = std::get_if<AcknowledgeAlert>(req)) {
    onAcknowledge(c, *ack);
  } else if (const auto* resolve = std::get_if<ResolveAlert>(req)) {
    onResolve(c, *resolve);
  }
  return c.d;  // queries are answered by the shell after the commit
}

}  // namespace fieldops
