// Runs an exercise: simulated units (and, if the scenario has one, a simulated commander)
// against a real coordinator whose exercise clock this runner steps (--clock stepped), at full
// speed, in real time or ×N, with pause and resume; then evaluates it. At full speed the same
// scenario and seed give the same event log, hence the same event-log hash.
#pragma once

#include <chrono>
#include <ostream>
#include <protocol/expected.hpp>
#include <scenarios/replay/evaluation.hpp>
#include <scenarios/replay/report.hpp>
#include <scenarios/replay/scenario.hpp>
#include <string>
#include <vector>

namespace fieldops::replay {

struct Speed {
  bool max = true;
  double factor = 1;  // exercise seconds per wall second when not max
  std::string text() const;
};
// "max", "realtime", "x10" (or "10x", "10").
Expected<Speed, std::string> parseSpeed(const std::string& text);

struct RunOptions {
  Speed speed;
  std::uint64_t seed = 1;
  std::string controlEndpoint;  // an external coordinator (run with --clock stepped) ...
  std::string agentEndpoint;
  std::string keysDir;         // its client keys (exercise_keys.hpp), with ...
  std::string coordinatorKey;  // ... its public key (Z85 or a file); both empty: plain
  std::string coordinatorBin;  // ... or a child started here, in dataDir, with throwaway keys
  std::string dataDir;         // also where imports go, with an external coordinator
  std::string reportDir;       // empty: no report files
  Millis step = 5'000;         // exercise time per clock step at full speed
  bool keys = false;           // p/r/q on an interactive stdin
  bool quiet = false;          // no line per inject on the console
  std::chrono::milliseconds replyTimeout{30'000};
};

struct RunOutcome {
  Evaluation evaluation;
  RunFacts facts;
  std::vector<FiredInject> fired;
  std::vector<std::string> warnings;
  bool stoppedEarly = false;
  std::uint64_t agentMessages = 0;  // sent by the simulated units
  std::uint64_t sightings = 0;
  std::uint64_t steps = 0;
  double wallSeconds = 0;
};

Expected<RunOutcome, std::string> runExercise(const Scenario& scenario, const RunOptions& options,
                                              std::ostream& console);

// Writes after-action-report.md and .html into dir; returns the paths written.
Expected<std::vector<std::string>, std::string> writeReports(const RunOutcome& outcome,
                                                             const std::string& dir);

}  // namespace fieldops::replay
