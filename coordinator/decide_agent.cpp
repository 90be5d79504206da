// Decisions for messages arriving on the agent link (docs/protocol.md, "Agent link").
#include <coordinator/core.hpp>
#include <coordinator/decide_util.hpp>
#include <coordinator/roles.hpp>
#include <protocol/codec.hpp>

#include <algorithm>
#include <cctype>

namespace fieldops {

namespace {

// Where in the heartbeat interval a unit's heartbeats from us fall: drawn from its callsign
// (FNV-1a), so that units registering together (after a restart, thousands within seconds) do
// not all get theirs in the same batch every interval.
Millis heartbeatPhase(const std::string& callsign, Millis interval) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : callsign) h = (h ^ c) * 1099511628211ull;
  return interval > 0 ? static_cast<Millis>(h % static_cast<std::uint64_t>(interval)) : 0;
}

bool validCallsign(const std::string& c) {
  if (c == kControlPrincipal || c == kCoordinatorPrincipal) return false;
  return std::all_of(c.begin(), c.end(), [](unsigned char ch) {
    return std::isalnum(ch) || ch == '-' || ch == '_' || ch == '.';
  });
}

struct AgentContext {
  const OperationState& state;
  const DurableSightings& durable;
  const CoreSettings& settings;
  const AgentInput& in;
  Millis now;
  Decision d;

  void error(ErrorCode code, std::string message) {
    d.out.push_back(errorTo(Endpoint::agent, in.peer, code, std::move(message),
                            in.envelope.messageId));
  }
  void receipt(std::uint64_t taskId) {
    d.out.push_back({Endpoint::agent, in.peer, Receipt{in.envelope.messageId, taskId}});
  }
  void event(const std::string& who, EventBody body) {
    d.events.push_back(Event{now, who, std::move(body)});
  }
};

void onHello(AgentContext& c, const Hello& hello) {
  const Principal& caller = c.in.caller;
  if (caller.authenticated && hello.callsign != caller.unit) {
    c.error(ErrorCode::NOT_ALLOWED, caller.name + " is bound to unit " + caller.unit +
                                        " and cannot register as '" + hello.callsign + "'");
    return;
  }
  if (!validCallsign(hello.callsign)) {
    c.error(ErrorCode::REGISTRATION_REFUSED,
            "callsign '" + hello.callsign + "' is reserved or has characters other than "
            "letters, digits, '-', '_' and '.'");
    return;
  }
  c.event(hello.callsign, UnitRegistered{hello});
  // Counted as last sent to a phase before now: its first heartbeat is due within an interval.
  c.d.links.push_back(PeerBound{c.in.peer, hello.callsign,
                                c.now - heartbeatPhase(hello.callsign, c.settings.heartbeatInterval)});
  c.d.links.push_back(PeerHeard{hello.callsign, c.now});
  c.d.out.push_back({Endpoint::agent, c.in.peer,
                     Welcome{hello.callsign, static_cast<std::uint32_t>(c.settings.heartbeatInterval),
                             c.settings.heartbeatLiveness, 0}});
  // Push what is waiting for this unit: tasks assigned but not yet received.
  for (const auto& [id, t] : c.state.tasks) {
    if (t.unit == hello.callsign && t.state == TaskState::ASSIGNED) {
      pushTask(c.d, c.in.peer, t.task, c.settings, c.now);
    }
  }
}

void onSighting(AgentContext& c, const std::string& unit, Sighting&& s) {
  // In flight first: a small set, and the first copy may be in the batch being committed, which
  // the store's index shows only once it is durable.
  const std::string key = sightingKey(unit, s.sightingId);
  const bool duplicate = c.state.sightingsInFlight.count(key) > 0 || c.durable.contains(key);
  c.d.out.push_back({Endpoint::agent, c.in.peer, SightingAck{s.sightingId, duplicate}});
  // A duplicate inside one turn is caught too: events are applied before the next decision.
  if (!duplicate) c.event(unit, SightingRecorded{unit, std::move(s)});  // screened by the shell
}

const TaskView* ownTask(AgentContext& c, const std::string& unit, std::uint64_t taskId) {
  auto it = c.state.tasks.find(taskId);
  if (it == c.state.tasks.end()) {
    c.error(ErrorCode::UNKNOWN_TASK, "no task " + std::to_string(taskId));
    return nullptr;
  }
  if (it->second.unit != unit || it->second.state == TaskState::CREATED) {
    c.error(ErrorCode::NOT_YOUR_TASK,
            "task " + std::to_string(taskId) + " is not assigned to " + unit);
    return nullptr;
  }
  return &it->second;
}

void onTaskAck(AgentContext& c, const std::string& unit, const TaskAck& ack) {
  const TaskView* t = ownTask(c, unit, ack.taskId);
  if (t == nullptr) return;
  const TaskState s = t->state;
  const bool waiting = s == TaskState::ASSIGNED || s == TaskState::DELIVERED;
  switch (ack.decision) {
    case TaskAckDecision::RECEIVED:
      if (s == TaskState::ASSIGNED) c.event(unit, TaskDelivered{ack.taskId});
      break;  // a later state means it was received already
    case TaskAckDecision::ACCEPTED:
      if (waiting) {
        if (s == TaskState::ASSIGNED) c.event(unit, TaskDelivered{ack.taskId});
        c.event(unit, TaskAccepted{ack.taskId});
      } else if (s == TaskState::DECLINED || isTerminal(s)) {
        c.error(ErrorCode::INVALID_TRANSITION,
                "task " + std::to_string(ack.taskId) + " can no longer be accepted");
        return;
      }
      break;  // accepted or further along: already applied
    case TaskAckDecision::DECLINED:
      if (waiting) {
        if (s == TaskState::ASSIGNED) c.event(unit, TaskDelivered{ack.taskId});
        c.event(unit, TaskDeclined{ack.taskId, ack.reason});
      } else if (s != TaskState::DECLINED) {
        c.error(ErrorCode::INVALID_TRANSITION,
                "task " + std::to_string(ack.taskId) + " can no longer be declined");
        return;
      }
      break;
  }
  c.receipt(ack.taskId);
}

// Progress order: accepted < en route < on scene < completed | failed.
int progressRank(TaskState s) {
  switch (s) {
    case TaskState::ACCEPTED: return 1;
    case TaskState::EN_ROUTE: return 2;
    case TaskState::ON_SCENE: return 3;
    case TaskState::COMPLETED:
    case TaskState::FAILED: return 4;
    default: return 0;
  }
}

void onTaskUpdate(AgentContext& c, const std::string& unit, const TaskUpdate& up) {
  const TaskView* t = ownTask(c, unit, up.taskId);
  if (t == nullptr) return;
  const TaskState target = stateOf(up.status);
  const int have = progressRank(t->state);
  const int want = progressRank(target);
  if (t->state == target || (have > 0 && want < have)) {
    c.receipt(up.taskId);  // a retransmit of something already applied
    return;
  }
  const bool canFailEarly = target == TaskState::FAILED &&
                            (t->state == TaskState::ASSIGNED || t->state == TaskState::DELIVERED);
  if ((have == 0 && !canFailEarly) || have == 4) {
    c.error(ErrorCode::INVALID_TRANSITION, "task " + std::to_string(up.taskId) + " is " +
                                               taskStateName(t->state) + ", cannot become " +
                                               taskStateName(target));
    return;
  }
  if (t->state == TaskState::ASSIGNED) c.event(unit, TaskDelivered{up.taskId});
  c.event(unit, TaskProgressed{up.taskId, up.status, up.note});
  c.receipt(up.taskId);
}

}  // namespace

const std::string* heartbeatFrom(const OperationState& state, const CoreSettings& settings,
                                 const std::string& peer, const Envelope& env,
                                 const Principal& caller) {
  // The checks of decideAgent, in its order, without making the refusals' texts.
  if (!std::holds_alternative<Heartbeat>(env.body)) return nullptr;
  if (env.operationId != settings.operationId || env.exercise != settings.exercise) return nullptr;
  if (!mayUseAgentLink(caller)) return nullptr;
  auto bound = state.peers.find(peer);
  if (bound == state.peers.end()) return nullptr;
  if (caller.authenticated && bound->second != caller.unit) return nullptr;
  return &bound->second;
}

Decision decideAgent(const OperationState& state, const DurableSightings& durable,
                     const CoreSettings& settings, AgentInput in, Millis now) {
  AgentContext c{state, durable, settings, in, now, {}};
  Envelope& env = in.envelope;
  if (env.operationId != settings.operationId || env.exercise != settings.exercise) {
    c.error(ErrorCode::WRONG_OPERATION,
            "this coordinator runs " + std::string(settings.exercise ? "exercise " : "live ") +
                "operation '" + settings.operationId + "'");
    return c.d;
  }
  if (auto refusal = agentLinkRefusal(in.caller)) {
    c.error(ErrorCode::NOT_ALLOWED, *refusal);
    return c.d;
  }
  if (const auto* hello = std::get_if<Hello>(&env.body)) {
    onHello(c, *hello);
    return c.d;
  }
  auto peer = state.peers.find(in.peer);
  if (peer == state.peers.end()) {
    c.error(ErrorCode::NOT_REGISTERED, "send hello first");
    return c.d;
  }
  const std::string& unit = peer->second;
  if (in.caller.authenticated && unit != in.caller.unit) {
    // The routing id is bound to another unit: a spoofed or reused routing id. Credit nothing.
    c.error(ErrorCode::NOT_ALLOWED, in.caller.name + " is bound to unit " + in.caller.unit +
                                        ", not " + unit + "; send hello again");
    return c.d;
  }
  c.d.links.push_back(PeerHeard{unit, now});  // any message is a sign of life
  std::visit(
      [&](auto& m) {
        using T = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<T, Heartbeat>) {
          // life noted above
        } else if constexpr (std::is_same_v<T, Sighting>) {
          onSighting(c, unit, std::move(m));
        } else if constexpr (std::is_same_v<T, TaskAck>) {
          onTaskAck(c, unit, m);
        } else if constexpr (std::is_same_v<T, TaskUpdate>) {
          onTaskUpdate(c, unit, m);
        } else if constexpr (std::is_same_v<T, Error>) {
          // An agent reporting a problem with something we sent: nothing to decide.
        } else {
          c.error(ErrorCode::UNEXPECTED_MESSAGE,
                  std::string(bodyName(env.body)) + " is not accepted on the agent link");
        }
      },
      env.body);
  return c.d;
}

}  // namespace fieldops
