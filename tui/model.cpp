// Applying snapshots and updates to the dashboard's picture (see model.hpp).
#include <tui/model.hpp>

#include <algorithm>

namespace fieldops::dashboard {

void Model::applySnapshot(Snapshot s) {
  picture_.seq = s.seq;
  picture_.clock = s.clock;
  picture_.phase = s.phase;
  picture_.updatesEndpoint = std::move(s.updates);
  picture_.chainHead = std::move(s.chainHead);
  picture_.units.clear();
  for (auto& u : s.units) picture_.units[u.callsign] = std::move(u);
  picture_.tasks.clear();
  for (auto& t : s.tasks) picture_.tasks[t.task.taskId] = std::move(t);
  picture_.alerts.clear();
  for (auto& a : s.alerts) picture_.alerts[a.alertId] = std::move(a);
  picture_.posts.clear();
  for (auto& p : s.posts) picture_.posts[p.name] = std::move(p);
  hasSnapshot_ = true;
  changes_ = kAllPanes;
}

UpdateOutcome Model::applyUpdate(const Update& u) {
  if (!hasSnapshot_) return UpdateOutcome::gap;
  if (u.events.empty()) {
    // A heartbeat: it says where the log stands, and how recently the units were heard.
    if (u.lastSeq > picture_.seq) return UpdateOutcome::gap;
    // Older than the picture (one buffered while a newer snapshot came): its units may be
    // from before events the picture holds.
    if (u.lastSeq < picture_.seq) return UpdateOutcome::stale;
    applyLiveness(u);
    picture_.clock = u.clock;
    changes_ |= kHeader | kUnits | kMap | kPosts;
    return UpdateOutcome::heartbeat;
  }
  if (u.lastSeq <= picture_.seq) return UpdateOutcome::stale;
  if (u.events.front().seq > picture_.seq + 1) return UpdateOutcome::gap;
  // Events up to picture_.seq may be repeated here; the entity lists are the state after all of
  // them, so replacing by key is right either way.
  replaceEntities(u);
  for (const auto& e : u.events) {
    if (e.seq <= picture_.seq) continue;
    picture_.recentEvents.push_back(e);
  }
  while (picture_.recentEvents.size() > kMaxRecentEvents) picture_.recentEvents.pop_front();
  picture_.seq = u.lastSeq;
  picture_.clock = u.clock;
  changes_ |= kHeader;
  return UpdateOutcome::applied;
}

void Model::applyLiveness(const Update& u) {
  // Every unit not lost was heard at or after heardSince, unless the heartbeat lists it as
  // quiet with its own time (a coordinator before heardSince listed every unit, with 0 here).
  if (u.heardSince > 0) {
    for (auto& [callsign, unit] : picture_.units) {
      if (unit.status == UnitStatus::LOST) continue;
      unit.lastHeardAt = std::max(unit.lastHeardAt, u.heardSince);
    }
  }
  for (const auto& unit : u.units) picture_.units[unit.callsign] = unit;
  // Alerts notified again (renotification is not an event): their count and time.
  for (const auto& a : u.alerts) picture_.alerts[a.alertId] = a;
  if (!u.alerts.empty()) changes_ |= kAlerts;
}

void Model::replaceEntities(const Update& u) {
  for (const auto& unit : u.units) picture_.units[unit.callsign] = unit;
  for (const auto& t : u.tasks) picture_.tasks[t.task.taskId] = t;
  for (const auto& a : u.alerts) picture_.alerts[a.alertId] = a;
  for (const auto& p : u.posts) picture_.posts[p.name] = p;
  for (const auto& s : u.sightings) putSighting(s);
  // A unit's current task shows in the units pane, a task's unit on the board.
  if (!u.units.empty() || !u.tasks.empty()) changes_ |= kUnits | kTasks | kMap | kPosts;
  if (!u.alerts.empty()) changes_ |= kAlerts;
  if (!u.posts.empty()) changes_ |= kMap | kPosts;
  if (!u.sightings.empty()) changes_ |= kSightings | kMap;
}

void Model::mergeSightings(const std::vector<StoredSighting>& sightings) {
  for (const auto& s : sightings) putSighting(s);
  if (!sightings.empty()) changes_ |= kSightings | kMap;
}

void Model::putSighting(const StoredSighting& s) {
  const SightingKey key{s.unit, s.sighting.sightingId};
  if (auto known = picture_.sightingSeq.find(key); known != picture_.sightingSeq.end()) {
    picture_.sightings.erase(known->second);
  }
  picture_.sightingSeq[key] = s.seq;
  picture_.sightings[s.seq] = s;
  while (picture_.sightings.size() > kMaxSightings) {
    const auto oldest = picture_.sightings.begin();
    picture_.sightingSeq.erase({oldest->second.unit, oldest->second.sighting.sightingId});
    picture_.sightings.erase(oldest);
  }
}

unsigned Model::takeChanges() {
  const unsigned c = changes_;
  changes_ = 0;
  return c;
}

}  // namespace fieldops::dashboard
