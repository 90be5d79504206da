// A simulated unit's behaviour (see sim_unit.hpp).
#include <algorithm>
#include <limits>
#include <scenarios/replay/sim_unit.hpp>

namespace fieldops::replay {

namespace {

Hello helloOf(const UnitSpec& s) {
  return Hello{s.callsign, s.post, s.position, s.capabilities};
}

}  // namespace

SimUnit::SimUnit(const UnitSpec& spec, std::uint64_t runSeed, Millis heartbeat)
    : spec_(spec), rng_(runSeed ^ stableHash(spec.callsign)), heartbeat_(heartbeat) {}

Planned SimUnit::make(Millis at, Body body, std::uint64_t taskId) {
  return Planned{at, counter_++, std::move(body), taskId, ""};
}

void SimUnit::start(Millis at) {
  started_ = true;
  if (spec_.startsSilent) {
    silent_ = true;
    return;
  }
  enqueue(make(at, helloOf(spec_)));
  nextHeartbeat_ = at + heartbeat_;
  nextRoutine_ = spec_.behaviour.reportInterval > 0
                     ? at + rng_.jittered(spec_.behaviour.reportInterval, spec_.behaviour.jitter)
                     : std::numeric_limits<Millis>::max();
}

void SimUnit::enqueue(Planned p) {
  const auto key = std::make_pair(p.at, p.order);
  queue_.emplace(key, std::move(p));
}

void SimUnit::plan(Millis at, Body body, std::string inject) {
  Planned p = make(at, std::move(body));
  p.inject = std::move(inject);
  enqueue(std::move(p));
}

void SimUnit::goSilent() {
  silent_ = true;
}

void SimUnit::comeBack(Millis at) {
  if (!silent_) return;
  silent_ = false;
  enqueue(make(at, helloOf(spec_)));
  for (auto& p : held_) {
    p.at = at + 1;
    p.order = counter_++;
    enqueue(std::move(p));
  }
  held_.clear();
  nextHeartbeat_ = at + heartbeat_;
  if (spec_.behaviour.reportInterval > 0) {
    nextRoutine_ = at + rng_.jittered(spec_.behaviour.reportInterval, spec_.behaviour.jitter);
  }
}

Sighting SimUnit::routineSighting(Millis at) {
  Sighting s;
  s.sightingId = spec_.callsign + "-R" + std::to_string(++routineCount_);
  s.observedAt = at;
  s.position = spec_.position;
  s.post = spec_.post;
  const bool group = rng_.chance(0.5);
  s.category = group ? SightingCategory::GROUP : SightingCategory::PERSON;
  s.personCount = group ? 2 + static_cast<std::uint32_t>(rng_.next() % 5) : 1;
  s.confidence = static_cast<std::uint8_t>(50 + rng_.next() % 41);
  s.freeText = "Routine report: nothing of note.";
  return s;
}

std::vector<Planned> SimUnit::due(Millis until) {
  std::vector<Planned> out;
  if (!started_) return out;
  while (!silent_ && nextHeartbeat_ <= until) {
    out.push_back(make(nextHeartbeat_, Heartbeat{}));
    nextHeartbeat_ += heartbeat_;
  }
  while (!silent_ && nextRoutine_ <= until) {
    out.push_back(make(nextRoutine_, routineSighting(nextRoutine_)));
    nextRoutine_ += rng_.jittered(spec_.behaviour.reportInterval, spec_.behaviour.jitter);
  }
  while (!queue_.empty() && queue_.begin()->first.first <= until) {
    Planned p = std::move(queue_.begin()->second);
    queue_.erase(queue_.begin());
    if (p.taskId != 0 && withdrawn_.count(p.taskId)) continue;
    if (silent_) {
      held_.push_back(std::move(p));
    } else {
      out.push_back(std::move(p));
    }
  }
  if (silent_) {  // no heartbeats or routine reports while silent
    while (nextHeartbeat_ <= until) nextHeartbeat_ += heartbeat_;
    while (nextRoutine_ <= until) {
      nextRoutine_ += rng_.jittered(spec_.behaviour.reportInterval, spec_.behaviour.jitter);
    }
  }
  std::sort(out.begin(), out.end(), [](const Planned& a, const Planned& b) {
    return a.at != b.at ? a.at < b.at : a.order < b.order;
  });
  return out;
}

Millis SimUnit::nextDue() const {
  Millis next = std::numeric_limits<Millis>::max();
  if (!started_) return next;
  if (!queue_.empty()) next = queue_.begin()->first.first;
  if (!silent_) next = std::min({next, nextHeartbeat_, nextRoutine_});
  return next;
}

void SimUnit::onTask(const Task& task, Millis at) {
  if (silent_) return;  // out of contact: the coordinator pushes it again after hello
  const std::uint64_t id = task.taskId;
  if (withdrawn_.erase(id) == 0 && tasks_.count(id)) return;  // a resend of a task in hand
  tasks_.insert(id);
  const Behaviour& b = spec_.behaviour;
  // Every draw is made whatever the outcome, so one decision never shifts the next ones.
  const bool decline = rng_.chance(b.declineProbability);
  const Millis accept = rng_.jittered(b.acceptDelay, b.jitter);
  const Millis enRoute = rng_.jittered(b.enRouteAfter, b.jitter);
  const Millis onScene = rng_.jittered(b.onSceneAfter, b.jitter);
  const Millis complete = rng_.jittered(b.completeAfter, b.jitter);
  const bool fail = rng_.chance(b.failProbability);
  enqueue(make(at + 1, TaskAck{id, TaskAckDecision::RECEIVED, ""}, id));
  const Millis decided = at + accept;
  if (decline) {
    enqueue(make(decided, TaskAck{id, TaskAckDecision::DECLINED, b.declineReason}, id));
    return;
  }
  enqueue(make(decided, TaskAck{id, TaskAckDecision::ACCEPTED, ""}, id));
  enqueue(make(decided + enRoute, TaskUpdate{id, TaskProgress::EN_ROUTE, ""}, id));
  enqueue(make(decided + enRoute + onScene, TaskUpdate{id, TaskProgress::ON_SCENE, ""}, id));
  enqueue(make(decided + enRoute + onScene + complete,
               fail ? TaskUpdate{id, TaskProgress::FAILED, "could not complete the task"}
                    : TaskUpdate{id, TaskProgress::COMPLETED, "done"},
               id));
}

}  // namespace fieldops::replay
