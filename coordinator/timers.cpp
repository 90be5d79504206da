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

Millis livenessWindow(const CoreSettings& settings) {
  return settings.heartbeatInterval * static_cast<Millis>(settings.heartbeatLiveness);
}

// Calls visit(callsign, expiry) for every unit not lost. A unit is lost one liveness window
// after it was last heard, and none before the restart grace ends. Units and heardAt are both
// ordered by callsign: walked together, without a look-up per unit (10,000 units, every turn).
template <class Visit>
void forEachExpiry(const OperationState& state, const CoreSettings& settings, Visit visit) {
  const Millis graceEnds = state.startedAt + restartGrace(settings, state.unitsAtStart);
  const Millis window = livenessWindow(settings);
  auto heard = state.heardAt.begin();
  for (const auto& [callsign, u] : state.units) {
    while (heard != state.heardAt.end() && heard->first < callsign) ++heard;
    if (u.status == UnitStatus::LOST) continue;
    const Millis last =
        heard != state.heardAt.end() && heard->first == callsign ? heard->second : 0;
    visit(callsign, std::max(last + window, graceEnds));
  }
}

bool undeliveredOrUnaccepted(TaskState s) {
  return s == TaskState::ASSIGNED || s == TaskState::DELIVERED;
}

}  // namespace

Millis restartGrace(const CoreSettings& settings, std::size_t knownUnits) {
  return livenessWindow(settings) + settings.restartGracePerUnit * static_cast<Millis>(knownUnits);
}

Decision tick(const OperationState& state, const CoreSettings& settings, Millis now) {
  Decision d;
  tick(state, settings, now, d);
  return d;
}

void tick(const OperationState& state, const CoreSettings& settings, Millis now, Decision& d,
          bool expireUnits) {
  const std::size_t firstEvent = d.events.size();
  if (expireUnits) forEachExpiry(state, settings, [&](const std::string& callsign, Millis expiry) {
    if (now < expiry) return;
    d.events.push_back({now, kCoordinatorPrincipal, UnitLost{callsign}});
    for (const auto& [id, t] : state.tasks) {
      if (t.unit == callsign && undeliveredOrUnaccepted(t.state) && !t.needsReassignment) {
        d.events.push_back({now, kCoordinatorPrincipal, TaskFlagged{id, callsign + " is lost"}});
      }
    }
  });
  // Links whose heartbeat is due within the next 1/32 of an interval get theirs now too, so
  // that with thousands of links (their times spread over the interval) tick() runs about 32
  // times an interval instead of at every turn, with a few hundred heartbeats at most at
  // 10,000 units; each link still hears from us at least once an interval. The links due are
  // the front of linksBySent. One link change records them all, without a copy of each callsign.
  const Millis after =
      std::max<Millis>(settings.heartbeatInterval - settings.heartbeatInterval / 32, 1);
  bool beat = false;
  for (const auto& [sentAt, callsign] : state.linksBySent) {
    if (now - sentAt < after) break;
    d.out.push_back({Endpoint::agent, state.links.find(callsign)->second.peer, Heartbeat{}});
    beat = true;
  }
  if (beat) d.links.push_back(HeartbeatsSent{now, after});
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

Millis nextUnitLost(const OperationState& state, const CoreSettings& settings, Millis now) {
  Millis next = now + settings.heartbeatInterval;
  forEachExpiry(state, settings,
                [&](const std::string&, Millis expiry) { next = std::min(next, expiry); });
  return next;
}

Millis nextHeartbeatDue(const OperationState& state, const CoreSettings& settings, Millis now) {
  Millis next = now + settings.heartbeatInterval;
  if (!state.linksBySent.empty()) {
    next = std::min(next, state.linksBySent.begin()->first + settings.heartbeatInterval);
  }
  return next;
}

Millis nextUnitTimer(const OperationState& state, const CoreSettings& settings, Millis now) {
  return std::min(nextUnitLost(state, settings, now), nextHeartbeatDue(state, settings, now));
}

Millis nextWorkTimer(const OperationState& state, const CoreSettings& settings, Millis now) {
  Millis next = now + settings.heartbeatInterval;
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
  return std::min(next, nextAlertTimer(state, settings, now));
}

Millis nextTimer(const OperationState& state, const CoreSettings& settings, Millis now) {
  return std::max(std::min(nextUnitTimer(state, settings, now), nextWorkTimer(state, settings, now)),
                  now);
}

}  // namespace fieldops
