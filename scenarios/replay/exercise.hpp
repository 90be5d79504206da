// The state of one running exercise (internal to the runner): the coordinator link, the fleet
// of simulated units, the commander, the timeline and the deadline checks. Setup is in
// exercise_setup.cpp, the stepping loop in exercise_loop.cpp.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <scenarios/replay/commander.hpp>
#include <scenarios/replay/coordinator_process.hpp>
#include <scenarios/replay/exercise_controls.hpp>
#include <scenarios/replay/exercise_keys.hpp>
#include <scenarios/replay/runner.hpp>
#include <scenarios/replay/sim_fleet.hpp>
#include <scenarios/replay/watchlist_feed.hpp>
#include <zmq.hpp>

namespace fieldops::replay {

class Exercise {
 public:
  Exercise(const Scenario& scenario, const RunOptions& options, std::ostream& console);
  ~Exercise();
  Expected<RunOutcome, std::string> run();

 private:
  // exercise_setup.cpp
  Expected<bool, std::string> setUp();
  Expected<bool, std::string> startChild();
  Expected<bool, std::string> importList(WatchlistList list, const std::string& file);
  Expected<bool, std::string> checkCoordinator();
  void planTimeline();

  // exercise_loop.cpp
  Expected<bool, std::string> loop();
  std::optional<Millis> nextStepEnd();
  Expected<bool, std::string> step(Millis to);
  Expected<bool, std::string> atBoundary(Millis now);
  Expected<bool, std::string> fireInject(const Inject& in, Millis now);
  void fireContingencies(const std::string& missedAction, Millis now);
  void scheduleChecks();
  Expected<bool, std::string> runChecks(Millis now);
  Expected<bool, std::string> runCommander(Millis now);
  Millis nextBoundary() const;
  // On the trainer's socket (clock and queries), or on the commander's (commands).
  Expected<ControlReply, std::string> request(const ControlRequest& r);
  Expected<ControlReply, std::string> request(const ControlRequest& r, zmq::socket_t& via);
  Expected<const Snapshot*, std::string> snapshot();
  void waitDelivered(std::uint64_t delivered);
  // Polls the trainer's socket, the units' and the trainer's keys; also `waiting` when given.
  void pollOnce(std::chrono::milliseconds timeout, zmq::socket_t* waiting = nullptr);
  void apply(Command c);
  void say(const std::string& line);
  void sayFired(const FiredInject& f);  // a sighting inject, when it went out

  const Scenario& scenario_;
  const RunOptions& options_;
  std::ostream& console_;
  zmq::context_t context_{1};
  CoordinatorProcess child_;
  std::string dataDir_;
  std::string agentEndpoint_, controlEndpoint_;
  ReplayerKeys keys_;                          // plain unless the coordinator has keys
  std::optional<ExerciseKeys> exerciseKeys_;   // the throwaway keys of a child of ours
  std::unique_ptr<zmq::socket_t> control_;     // the trainer's: advanceClock and queries
  std::unique_ptr<zmq::socket_t> commanding_;  // the simulated commander's commands
  std::uint64_t controlIds_ = 1;
  std::unique_ptr<SimFleet> fleet_;
  std::optional<SimCommander> commander_;
  std::unique_ptr<WatchlistFeed> feed_;
  ExerciseControls controls_;

  Millis start_ = 0, end_ = 0, clock_ = 0;
  std::uint64_t lastSeq_ = 0;
  std::optional<Snapshot> snapshot_;  // the latest, taken at lastSeq_ / clock_
  std::uint64_t snapshotSeq_ = UINT64_MAX;
  Millis snapshotClock_ = -1;
  std::multimap<std::pair<Millis, std::size_t>, std::size_t> pending_;  // (at, order) -> inject
  std::size_t pendingOrder_ = 0;
  std::multimap<Millis, std::pair<std::string, Millis>> checks_;  // due -> (action, inject at)
  std::size_t firedScanned_ = 0;
  bool paused_ = false;
  bool stop_ = false;
  std::chrono::steady_clock::time_point wallStart_{};
  std::chrono::steady_clock::duration pausedFor_{};
  std::chrono::steady_clock::time_point pausedAt_{};
  RunOutcome outcome_;
};

}  // namespace fieldops::replay
