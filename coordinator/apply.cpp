// apply(): the only code that changes the operation state.
#include <coordinator/alerts.hpp>
#include <coordinator/core.hpp>
#include <coordinator/retention.hpp>
#include <coordinator/updates.hpp>

#include <cstdlib>
#include <iostream>

namespace fieldops {

std::string sightingKey(const std::string& unit, const std::string& sightingId) {
  return unit + '\x1f' + sightingId;
}

const char* eventKindName(std::uint16_t kind) {
  // The stored kinds in protocol/store.capnp EventPayload order (see payloadKind()).
  static constexpr const char* kNames[] = {
      "unitRegistered", "unitLost",     "sightingRecorded", "taskCreated",
      "taskAssigned",   "taskDelivered", "taskAccepted",    "taskDeclined",
      "taskProgressed", "taskCancelled", "taskFlagged",     "taskOverdue", "tombstone",
      "alertRaised",    "alertAcknowledged", "alertResolved", "alertRenotified",
      "alertEscalated", "postDefined",  "operationClosed", "retentionPurged",
      "alertRepeated"};
  static_assert(std::size(kNames) == std::variant_size_v<EventBody> + 1);
  return kind < std::size(kNames) ? kNames[kind] : "unknown";
}

const char* eventName(const EventBody& body) {
  return eventKindName(payloadKind(body));
}

namespace {

// An event that names something the state does not have means the log and the code disagree:
// a broken invariant (style.md, third tier).
[[noreturn]] void panic(const std::string& what) {
  std::cerr << "fieldops: broken invariant: " << what << std::endl;
  std::abort();
}

TaskView& taskOf(OperationState& state, std::uint64_t id) {
  auto it = state.tasks.find(id);
  if (it == state.tasks.end()) panic("event for unknown task " + std::to_string(id));
  return it->second;
}

bool holdsUnit(TaskState s) {
  return s == TaskState::ACCEPTED || s == TaskState::EN_ROUTE || s == TaskState::ON_SCENE;
}

void setStatus(UnitView& u, UnitStatus status, Millis at) {
  if (u.status != status || u.statusSince == 0) u.statusSince = at;
  u.status = status;
}

// A unit is busy while it holds an accepted, en route or on scene task.
void refreshStatus(OperationState& state, const std::string& callsign, Millis at) {
  auto it = state.units.find(callsign);
  if (it == state.units.end() || it->second.status == UnitStatus::LOST) return;
  bool busy = false;
  for (const auto& [id, t] : state.tasks) busy = busy || (t.unit == callsign && holdsUnit(t.state));
  setStatus(it->second, busy ? UnitStatus::BUSY : UnitStatus::AVAILABLE, at);
}

void transition(TaskView& t, TaskState s, Millis at, std::string note = {}) {
  t.state = s;
  t.history.push_back({s, at, std::move(note)});
}

}  // namespace

void apply(OperationState& state, const Event& event) {
  const Millis at = event.at;
  std::visit(
      [&](const auto& e) {
        using T = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<T, UnitRegistered>) {
          auto& u = state.units[e.hello.callsign];
          if (u.callsign.empty()) u.registeredAt = at;
          u.callsign = e.hello.callsign;
          u.post = e.hello.post;
          u.position = e.hello.position;
          u.capabilities = e.hello.capabilities;
          state.heardAt[u.callsign] = std::max(state.heardAt[u.callsign], at);
          // A unit that was lost (or is new) is available again, from now; one that reconnects
          // keeps its status and the time it has been in it.
          if (u.status != UnitStatus::BUSY) setStatus(u, UnitStatus::AVAILABLE, at);
          refreshStatus(state, u.callsign, at);
        } else if constexpr (std::is_same_v<T, UnitLost>) {
          auto it = state.units.find(e.callsign);
          if (it == state.units.end()) panic("unitLost for unknown unit " + e.callsign);
          setStatus(it->second, UnitStatus::LOST, at);
          if (auto link = state.links.find(e.callsign); link != state.links.end()) {
            state.peers.erase(link->second.peer);
            state.linksBySent.erase({link->second.lastSentAt, e.callsign});
            state.links.erase(link);
          }
        } else if constexpr (std::is_same_v<T, SightingRecorded>) {
          state.sightingsInFlight.insert(sightingKey(e.unit, e.sighting.sightingId));
        } else if constexpr (std::is_same_v<T, TaskCreated>) {
          auto& t = state.tasks[e.task.taskId];
          t.task = e.task;
          t.unit.clear();
          transition(t, TaskState::CREATED, at);
          state.nextTaskId = std::max(state.nextTaskId, e.task.taskId + 1);
        } else if constexpr (std::is_same_v<T, TaskAssigned>) {
          auto& t = taskOf(state, e.taskId);
          const std::string previous = t.unit;
          t.unit = e.callsign;
          t.needsReassignment = false;
          transition(t, TaskState::ASSIGNED, at, e.callsign);
          state.deliveries.erase(e.taskId);
          if (!previous.empty()) refreshStatus(state, previous, at);
          refreshStatus(state, e.callsign, at);
        } else if constexpr (std::is_same_v<T, TaskDelivered>) {
          auto& t = taskOf(state, e.taskId);
          transition(t, TaskState::DELIVERED, at);
          t.needsReassignment = false;  // the unit came back and has it after all
          state.deliveries.erase(e.taskId);
        } else if constexpr (std::is_same_v<T, TaskAccepted>) {
          auto& t = taskOf(state, e.taskId);
          transition(t, TaskState::ACCEPTED, at);
          t.needsReassignment = false;
          state.deliveries.erase(e.taskId);
          refreshStatus(state, t.unit, at);
        } else if constexpr (std::is_same_v<T, TaskDeclined>) {
          auto& t = taskOf(state, e.taskId);
          transition(t, TaskState::DECLINED, at, e.reason);
          t.needsReassignment = true;
          state.deliveries.erase(e.taskId);
          refreshStatus(state, t.unit, at);
        } else if constexpr (std::is_same_v<T, TaskProgressed>) {
          auto& t = taskOf(state, e.taskId);
          transition(t, stateOf(e.status), at, e.note);
          refreshStatus(state, t.unit, at);
        } else if constexpr (std::is_same_v<T, TaskCancelled>) {
          auto& t = taskOf(state, e.taskId);
          transition(t, TaskState::CANCELLED, at, e.reason);
          t.needsReassignment = false;
          state.deliveries.erase(e.taskId);
          refreshStatus(state, t.unit, at);
        } else if constexpr (std::is_same_v<T, TaskFlagged>) {
          taskOf(state, e.taskId).needsReassignment = true;
        } else if constexpr (std::is_same_v<T, TaskOverdue>) {
          taskOf(state, e.taskId).overdue = true;
        } else if constexpr (std::is_same_v<T, OperationClosed> ||
                             std::is_same_v<T, RetentionPurged>) {
          applyRetentionEvent(state, e, at);
        } else {
          applyAlertEvent(state, e, at);
        }
      },
      event.body);
}

void apply(OperationState& state, const LinkChange& change) {
  std::visit(
      [&](const auto& c) {
        using T = std::decay_t<decltype(c)>;
        if constexpr (std::is_same_v<T, PeerBound>) {
          if (auto old = state.links.find(c.callsign); old != state.links.end()) {
            state.peers.erase(old->second.peer);
            state.linksBySent.erase({old->second.lastSentAt, c.callsign});
          }
          if (auto other = state.peers.find(c.peer); other != state.peers.end()) {
            // This connection was another unit before.
            if (auto link = state.links.find(other->second); link != state.links.end()) {
              state.linksBySent.erase({link->second.lastSentAt, other->second});
              state.links.erase(link);
            }
          }
          state.links[c.callsign] = Link{c.peer, c.at};
          state.linksBySent.emplace(c.at, c.callsign);
          state.peers[c.peer] = c.callsign;
        } else if constexpr (std::is_same_v<T, PeerHeard>) {
          noteHeard(state, c.callsign, c.at);
        } else if constexpr (std::is_same_v<T, HeartbeatsSent>) {
          // The links due are at the front; each goes to the back, sent at c.at (the latest).
          // Moved as nodes: nothing allocated.
          const Millis after = std::max<Millis>(c.after, 1);
          auto& order = state.linksBySent;
          while (!order.empty() && c.at - order.begin()->first >= after) {
            auto node = order.extract(order.begin());
            node.value().first = c.at;
            state.links.find(node.value().second)->second.lastSentAt = c.at;
            order.insert(std::move(node));
          }
        } else if constexpr (std::is_same_v<T, TaskSent>) {
          state.deliveries[c.taskId] = Delivery{c.nextAttemptAt, c.backoff};
        } else {
          static_assert(std::is_same_v<T, PostCoverage>);
          if (c.since == 0) {
            state.uncoveredSince.erase(c.post);
          } else {
            state.uncoveredSince[c.post] = c.since;
          }
        }
      },
      change);
}

void apply(OperationState& state, const CoordinatorReady& ready) {
  state.startedAt = ready.at;
  state.unitsAtStart = 0;
  for (const auto& [callsign, u] : state.units) {
    if (u.status != UnitStatus::LOST) ++state.unitsAtStart;
  }
}

void apply(OperationState& state, const Decision& decision) {
  applyFrom(state, decision, 0, 0);
}

void applyFrom(OperationState& state, const Decision& decision, std::size_t events,
               std::size_t links) {
  for (std::size_t i = events; i < decision.events.size(); ++i) apply(state, decision.events[i]);
  for (std::size_t i = links; i < decision.links.size(); ++i) apply(state, decision.links[i]);
}

void noteHeard(OperationState& state, const std::string& callsign, Millis at) {
  auto& heard = state.heardAt[callsign];  // present for a registered unit: no allocation
  heard = std::max(heard, at);
}

void confirmDurable(OperationState& state, std::span<const Event> batch) {
  if (state.sightingsInFlight.empty()) return;
  for (const auto& e : batch) {
    if (const auto* s = std::get_if<SightingRecorded>(&e.body)) {
      state.sightingsInFlight.erase(sightingKey(s->unit, s->sighting.sightingId));
    }
  }
}

Snapshot snapshotOf(const OperationState& state, std::uint64_t seq) {
  Snapshot s;
  s.seq = seq;
  for (const auto& [callsign, unit] : state.units) s.units.push_back(unitViewOf(state, unit));
  for (const auto& [id, task] : state.tasks) s.tasks.push_back(task);
  for (const auto& [id, alert] : state.alerts) s.alerts.push_back(alert);
  for (const auto& [name, post] : state.posts) s.posts.push_back(post);
  return s;
}

}  // namespace fieldops
