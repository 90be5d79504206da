// Update stream messages from committed events (see updates.hpp).
#include <coordinator/alerts.hpp>
#include <coordinator/event_summary.hpp>
#include <coordinator/updates.hpp>
#include <coordinator/redaction.hpp>
#include <algorithm>
#include <set>
#include <string_view>

namespace fieldops {

UnitView unitViewOf(const OperationState& state, const UnitView& unit) {
  UnitView v = unit;
  if (auto h = state.heardAt.find(unit.callsign); h != state.heardAt.end())
    v.lastHeardAt = h->second;
  return v;
}

namespace {

// Adds the entity a subject key names ("unit:X", "task:12", ...) to the update, once.
class Collector {
 public:
  Collector(const OperationState& state, Update& update) : state_(state), update_(update) {}

  void add(const std::string& subject) {
    if (!seen_.insert(subject).second) return;
    const auto colon = subject.find(':');
    const std::string_view kind(subject.data(), colon);
    const std::string key = subject.substr(colon + 1);
    if (kind == "unit") {
      if (auto u = state_.units.find(key); u != state_.units.end()) {
        update_.units.push_back(unitViewOf(state_, u->second));
      }
    } else if (kind == "task") {
      if (auto t = state_.tasks.find(std::stoull(key)); t != state_.tasks.end()) {
        update_.tasks.push_back(t->second);
        // Its unit too: accepting, finishing or declining a task makes its unit busy or
        // available again (and changes the time it has been in its status).
        if (!t->second.unit.empty()) add("unit:" + t->second.unit);
      }
    } else if (kind == "alert") {
      if (auto a = state_.alerts.find(std::stoull(key)); a != state_.alerts.end()) {
        update_.alerts.push_back(a->second);
      }
    } else if (kind == "post") {
      if (auto p = state_.posts.find(key); p != state_.posts.end()) {
        update_.posts.push_back(p->second);
      }
    }
    // sightings are added from their events, which carry them
  }

 private:
  const OperationState& state_;
  Update& update_;
  std::set<std::string> seen_;
};

}  // namespace

std::vector<Update> updatesFor(const std::vector<Event>& events, std::uint64_t firstSeq,
                               const OperationState& state, Millis clock) {
  std::vector<Update> out;
  for (std::size_t begin = 0; begin < events.size(); begin += kMaxEventsPerUpdate) {
    const std::size_t end = std::min(events.size(), begin + kMaxEventsPerUpdate);
    Update& u = out.emplace_back();
    u.clock = clock;
    u.lastSeq = firstSeq + end - 1;
    Collector collect(state, u);
    for (std::size_t i = begin; i < end; ++i) {
      const Event& e = events[i];
      u.events.push_back(summarize(firstSeq + i, e));
      for (const auto& subject : u.events.back().subjects) collect.add(subject);
      if (const auto* s = std::get_if<SightingRecorded>(&e.body)) {
        // The stream goes to every subscriber: never personal data (redaction.hpp).
        u.sightings.push_back(
            redacted(StoredSighting{firstSeq + i, s->unit, s->sighting, s->screening}));
      }
    }
  }
  return out;
}

Millis quietAfter(const CoreSettings& settings) {
  return settings.heartbeatInterval + settings.heartbeatInterval / 2;
}

void heartbeatUpdate(const OperationState& state, const CoreSettings& settings,
                     std::uint64_t lastSeq, Millis clock, Update& u) {
  const Millis previous = u.clock;  // the last heartbeat's clock (0 before the first)
  u.lastSeq = lastSeq;
  u.clock = clock;
  u.events.clear();
  u.units.clear();
  u.tasks.clear();
  u.alerts.clear();
  u.sightings.clear();
  u.posts.clear();
  u.heardSince = std::max<Millis>(1, clock - quietAfter(settings));
  // units and heardAt are both ordered by callsign: one walk through both, no look-ups.
  auto heard = state.heardAt.begin();
  for (const auto& [callsign, unit] : state.units) {
    while (heard != state.heardAt.end() && heard->first < callsign) ++heard;
    const bool known = heard != state.heardAt.end() && heard->first == callsign;
    const Millis last = known ? heard->second : 0;
    if (unit.status == UnitStatus::LOST || last >= u.heardSince) continue;
    UnitView& v = u.units.emplace_back(unit);
    v.lastHeardAt = last;
  }
  // The alerts notified again since the last heartbeat (renotification is not an event).
  if (previous == 0) return;
  for (const auto& [id, a] : state.alerts) {
    if (a.state != AlertState::RAISED) continue;
    if (renotifications(a, settings, clock) != renotifications(a, settings, previous)) {
      u.alerts.push_back(notifiedView(a, settings, clock));
    }
  }
}

Update heartbeatUpdate(const OperationState& state, const CoreSettings& settings,
                       std::uint64_t lastSeq, Millis clock) {
  Update u;
  heartbeatUpdate(state, settings, lastSeq, clock, u);
  return u;
}

}  // namespace fieldops
