// Timer decisions: heartbeat expiry, our own heartbeats, task resends and overdue tasks; the
// alert timers are in alert_timers.cpp.
#include <coordinator/alerts.hpp>
#include <coordinator/core.hpp>
#include <coordinator/decide_util.hpp>

#include <algorithm>
#include <limits>

namespace fieldops {

Outbound errorTo(Endpoint endpoint, const std::string& peer, ErrorCode code, std::string message,
                 std::uint64_t refMessageId) {
  return {endpoint, peer, Error{code, std::move(message), refMessageId}};
}

void pushTask(Decision& d, const std::string& peer, const Task& task, const CoreSettings& settings,
              Millis now) {
  d.out.push_back({Endpoint::agent, peer, task});
  d.links.push_back(TaskSent{task.taskId, now + settings.resendInitial, settings.resendInitial});
}

namespace {

Millis expiry(const OperationState& state, const CoreSettings& settings, const UnitView& u) {
  auto heard = state.heardAt.find(u.callsign);
  const Millis last = heard == state.heardAt.end() ? 0 : heard->second;
  return std::max(last, state.startedAt) +
         settings.heartbeatInterval * static_cast<Millis>(settings.heartbeatLiveness);
}

bool undeliveredOrUnaccepted(TaskState s) {
  return s == TaskState::ASSIGNED || s == TaskState::DELIVERED;
}

}  // namespace

Millis heartbeatRound(const CoreSettings& settings) {
  return std::max<Millis>(1, settings.heartbeatInterval / 10);
}

Decision tick(const OperationState& state, const CoreSettings& settings, Millis now) {
  Decision d;
  tick(state, settings, now, d);
  return d;
}

void tick(const OperationState& state, const CoreSettings& settings, Millis now, Decision& d) {
  const std::size_t firstEvent = d.events.size();
  for (const auto& [callsign, u] : state.units) {
    if (u.status == UnitStatus::LOST || now < expiry(state, settings, u)) continue;
    d.events.push_back({now, kCoordinatorPrincipal, UnitLost{callsign}});
    for (const auto& [id, t] : state.tasks) {
      if (t.unit == callsign && undeliveredOrUnaccepted(t.state) && !t.needsReassignment) {
        d.events.push_back({now, kCoordinatorPrincipal, TaskFlagged{id, callsign + " is lost"}});
      }
    }
  }
  const Millis dueBy = now + heartbeatRound(settings);
  bool beat = false;
  for (const auto& [callsign, link] : state.links) {
    if (link.lastSentAt + settings.heartbeatInterval <= dueBy) {
      d.out.push_back({Endpoint::agent, link.peer, Heartbeat{}});
      beat = true;
    }
  }
  if (beat) d.links.push_back(HeartbeatsSent{now, settings.heartbeatInterval, dueBy});
  for (const auto& [id, delivery] : state.deliveries) {
    auto t = state.tasks.find(id);
    if (t == state.tasks.end() || t->second.state != TaskState::ASSIGNED) continue;
    auto link = state.links.find(t->second.unit);
    if (link == state.links.end() || now < delivery.nextAttemptAt) continue;
    const Millis backoff = std::min(delivery.backoff * 2, settings.resendMax);
    d.out.push_back({Endpoint::agent, link->second.peer, t->second.task});
    d.links.push_back(TaskSent{id, now + backoff, backoff});
  }
  for (const auto& [id, t] : state.tasks) {
    if (!t.overdue && !isTerminal(t.state) && t.task.dueAt > 0 && now > t.task.dueAt) {
      d.events.push_back({now, kCoordinatorPrincipal, TaskOverdue{id}});
    }
  }
  alertTimers(state, settings, now, d, firstEvent);
}

Millis nextTimer(const OperationState& state, const CoreSettings& settings, Millis now) {
  Millis next = now + settings.heartbeatInterval;
  for (const auto& [callsign, u] : state.units) {
    if (u.status != UnitStatus::LOST) next = std::min(next, expiry(state, settings, u));
  }
  const Millis round = heartbeatRound(settings);
  for (const auto& [callsign, link] : state.links) {
    const Millis due = link.lastSentAt + settings.heartbeatInterval;
    next = std::min(next, due - due % round);  // at the round that sends it
  }
  for (const auto& [id, delivery] : state.deliveries) {
    // Only resends tick() would make: a delivery whose unit has no link (e.g. it is lost) waits
    // for the unit to register again, and must not keep the poll timeout at zero.
    auto t = state.tasks.find(id);
    if (t == state.tasks.end() || t->second.state != TaskState::ASSIGNED ||
        state.links.count(t->second.unit) == 0) {
      continue;
    }
    next = std::min(next, delivery.nextAttemptAt);
  }
  for (const auto& [id, t] : state.tasks) {
    if (!t.overdue && !isTerminal(t.state) && t.task.dueAt > 0) next = std::min(next, t.task.dueAt + 1);
  }
  next = std::min(next, nextAlertTimer(state, settings, now));
  return std::max(next, now);
}

}  // namespace fieldops
