// A simulated unit's behaviour as a pure model: what it sends, and when, in exercise time, given
// what it received. No sockets here: the runner sends what the model plans (sim_fleet.hpp).
#pragma once

#include <deque>
#include <map>
#include <scenarios/replay/rng.hpp>
#include <scenarios/replay/scenario.hpp>
#include <set>
#include <string>
#include <vector>

namespace fieldops::replay {

// A message a unit will send at exercise time `at`. `inject` names the inject it carries.
struct Planned {
  Millis at = 0;
  std::uint64_t order = 0;  // tie-break: the order planned, so the schedule is a total order
  Body body;
  std::uint64_t taskId = 0;  // a task answer: dropped if the task is withdrawn first
  std::string inject;
};

class SimUnit {
 public:
  SimUnit(const UnitSpec& spec, std::uint64_t runSeed, Millis heartbeat);

  const UnitSpec& spec() const { return spec_; }
  bool silent() const { return silent_; }

  // The messages due at or before `until`, in time order (hello, heartbeats, routine sightings,
  // task answers, injects). Held back while silent.
  std::vector<Planned> due(Millis until);
  Millis nextDue() const;  // when the next planned message is due; INT64_MAX if none

  void start(Millis at);  // hello and the heartbeats from `at`
  // An inject's sighting, or a message sent again; `inject` is recorded when it goes out.
  void plan(Millis at, Body body, std::string inject = "");
  void goSilent();
  void comeBack(Millis at);  // hello again; held messages go out after it
  void setHeartbeat(Millis interval) { heartbeat_ = interval; }

  // What arrived from the coordinator, at exercise time `at`.
  void onTask(const Task& task, Millis at);
  void onCancel(std::uint64_t taskId) { withdrawn_.insert(taskId); }

  std::uint64_t plannedCount() const { return counter_; }

 private:
  Planned make(Millis at, Body body, std::uint64_t taskId = 0);
  void enqueue(Planned p);
  Sighting routineSighting(Millis at);

  UnitSpec spec_;
  Rng rng_;
  Millis heartbeat_;
  bool started_ = false;
  bool silent_ = false;
  Millis nextHeartbeat_ = 0;
  Millis nextRoutine_ = 0;
  std::uint64_t routineCount_ = 0;
  std::uint64_t counter_ = 0;
  std::map<std::pair<Millis, std::uint64_t>, Planned> queue_;
  std::vector<Planned> held_;          // due while silent
  std::set<std::uint64_t> tasks_;      // tasks answered (a resend is not answered twice)
  std::set<std::uint64_t> withdrawn_;  // cancelled or reassigned away
};

}  // namespace fieldops::replay
