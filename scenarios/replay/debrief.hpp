// Debrief replay: a recorded operation re-enacted from its coordinator's store into a fresh
// exercise coordinator on a stepped clock (at full speed, in real time or xN), through the real
// protocol, so that dashboards can follow it again. The fresh coordinator decides screening,
// alerts and timers again; its story should be the recorded one. docs/trainer-guide.md, "Debrief".
#pragma once

#include <chrono>
#include <ostream>
#include <protocol/expected.hpp>
#include <scenarios/replay/debrief_timeline.hpp>
#include <scenarios/replay/runner.hpp>
#include <string>
#include <vector>

namespace fieldops::replay {

struct DebriefOptions {
  std::string fromDir;  // the recorded store (read-only)
  Speed speed;
  LinkSettings link;            // as the recorded coordinator ran
  std::string controlEndpoint;  // a fresh coordinator already running (--clock stepped) ...
  std::string agentEndpoint;
  std::string keysDir;         // its client keys (exercise_keys.hpp), with ...
  std::string coordinatorKey;  // ... its public key (Z85 or a file); both empty: plain
  std::string coordinatorBin;  // ... or one started here, in dataDir (new or empty), with
                               // throwaway keys in dataDir/keys
  std::string dataDir;
  // Why a live operation is debriefed: its personal data is replayed into the exercise
  // coordinator, so the disclosure is recorded in the recorded store's access log first.
  // Required for a live recording (protocol/justification.hpp), not for an exercise.
  std::string justification;
  bool quiet = false;
  std::chrono::milliseconds replyTimeout{30'000};
};

struct DebriefOutcome {
  std::string operationId;
  std::size_t recordedEvents = 0;
  std::size_t actions = 0;  // messages and commands re-enacted (heartbeats included)
  std::size_t commands = 0;
  std::uint64_t steps = 0;            // clock steps
  std::vector<std::string> warnings;  // refused commands and messages, unmapped ids
  double wallSeconds = 0;
  std::string difference;  // first difference in the story (own coordinator only); empty: same
  std::size_t storyEvents = 0;
};

Expected<DebriefOutcome, std::string> runDebrief(const DebriefOptions& options,
                                                 std::ostream& console);

}  // namespace fieldops::replay
