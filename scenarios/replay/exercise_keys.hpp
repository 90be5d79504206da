// The CURVE keys of an exercise (docs/trainer-guide.md, "Keys"). A coordinator child of the
// replayer gets throwaway keys made in DATA-DIR/keys (0700): its own pair, the trainer's (clock
// and queries), the simulated commanders', one agent key per simulated unit bound to its
// callsign, and a commander and an observer key for dashboards; DATA-DIR/allow-list enrols them.
// An external coordinator is reached with keys from a --keys-dir of the same layout, or plain.
#pragma once

#include <map>
#include <optional>
#include <protocol/curve.hpp>
#include <protocol/expected.hpp>
#include <string>
#include <tuple>
#include <vector>

namespace fieldops::replay {

// Key file names in a keys directory.
inline constexpr const char* kTrainerKeyFile = "trainer.key";
inline constexpr const char* kCommanderKeyFile = "commander.key";
inline constexpr const char* kCoordinatorKeyFile = "coordinator.key";
inline constexpr const char* kDashboardCommanderKeyFile = "dashboard-commander.key";
inline constexpr const char* kDashboardObserverKeyFile = "dashboard-observer.key";

// What the replayer's own sockets use. Without keys (`secure` false) every socket is plain,
// which only a coordinator in insecure development mode accepts.
struct ReplayerKeys {
  bool secure = false;
  curve::ClientKeys trainer;                              // advanceClock and queries
  curve::ClientKeys commander;                            // the (simulated) commander's commands
  std::map<std::string, curve::ClientKeys> commanders{};  // more commanders, by principal
  std::map<std::string, curve::ClientKeys> units{};       // agent keys, by callsign

  // The keys of a socket for that callsign, or of the commander with that principal (the
  // default commander when none is enrolled under it); nullopt when plain.
  std::optional<curve::ClientKeys> unit(const std::string& callsign) const;
  std::optional<curve::ClientKeys> commanderNamed(const std::string& principal) const;
  std::optional<curve::ClientKeys> trainerKeys() const;
};

// Who the throwaway keys are for.
struct KeyRoster {
  std::string commander;                // principal of the simulated commander (commander.key)
  std::vector<std::string> commanders;  // further commander principals (a debrief's recorded ones)
  std::vector<std::string> units;       // callsigns of the simulated units
};

// The throwaway keys and what a coordinator child and a dashboard need of them.
struct ExerciseKeys {
  ReplayerKeys clients;
  std::string dir;                    // DATA-DIR/keys
  std::string coordinatorKeyFile;     // for the child's --key
  std::string coordinatorPublicFile;  // its .pub, for a dashboard's --coordinator-key
  std::string allowListFile;          // for the child's --allow-list
  std::string dashboardCommanderKeyFile;
  std::string dashboardObserverKeyFile;
};

// A principal name (letters, digits, '-', '_', '.', at most 64) made from free text such as a
// scenario's commander name: "Cdr. Simulated (FICTIONAL)" -> "Cdr.-Simulated-FICTIONAL".
std::string principalFrom(const std::string& text, const std::string& fallback);

// Makes DATA-DIR/keys (0700, which must not exist yet) with a key file (0600) and its .pub for
// each of them, and writes DATA-DIR/allow-list enrolling them all.
Expected<ExerciseKeys, std::string> makeExerciseKeys(const std::string& dataDir,
                                                     const KeyRoster& roster);

// Reads an external coordinator's client keys: DIR/trainer.key, DIR/commander.key and
// DIR/<CALLSIGN>.key for each unit, with the coordinator's public key (Z85 or a file). Both
// empty: plain keys (secure false).
Expected<ReplayerKeys, std::string> readKeysDir(const std::string& dir,
                                                const std::string& coordinatorKey,
                                                const std::vector<std::string>& units);

// What the replayer says when it connects to an external coordinator without keys.
inline constexpr const char* kPlainLinkNotice =
    "no --keys-dir and --coordinator-key: connecting without CURVE, which only a coordinator run "
    "with --insecure-dev accepts";

// A control-endpoint DEALER with the keys of its role (CURVE set before connect; plain without).
zmq::socket_t controlDealer(zmq::context_t& context, const std::string& endpoint,
                            const std::optional<curve::ClientKeys>& keys);

// Writes DATA-DIR/replay-ready atomically, for a demo or trainer to start dashboards: the
// child's endpoints (agent=, control=, updates=) and, when it has keys, coordinator-key=,
// dashboard-commander-key= and dashboard-observer-key= (absolute paths). An error text, or none.
std::optional<std::string> writeReplayReady(const std::string& dataDir,
                                            const std::map<std::string, std::string>& endpoints,
                                            const ExerciseKeys* keys);

}  // namespace fieldops::replay
