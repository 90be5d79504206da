// The scenario of an exercise as plain values: the operation, its posts, the simulated units and
// commander, the watchlists, and the timeline of injects with their expected actions and
// contingency injects. Read from YAML by scenario_yaml.cpp; the format is docs/trainer-guide.md.
#pragma once

#include <cstdint>
#include <optional>
#include <protocol/messages.hpp>
#include <string>
#include <vector>

namespace fieldops::replay {

// Where a value came from, for messages that name the file, line and field.
struct SourceRef {
  std::string file;
  int line = 0;              // 1-based; 0 when unknown
  int column = 0;            // 1-based
  std::string text() const;  // "file:line:column"
};

struct Area {
  double south = -90, west = -180, north = 90, east = 180;
  bool contains(const Position& p) const {
    return p.lat >= south && p.lat <= north && p.lon >= west && p.lon <= east;
  }
};

struct OperationSpec {
  std::string id;
  std::string name;
  Area area;
  Millis start = 0;           // ms since the epoch, UTC: T+00:00:00
  Millis duration = 0;        // ms
  Millis heartbeat = 30'000;  // the coordinator's heartbeat interval for this exercise
};

struct PostSpec {
  std::string name;
  std::string kind;  // airport, landBorder, seaport, railwayStation, shelter
  Position position;
  bool staffed = false;
  SourceRef where;
};

// How a simulated unit behaves. Delays are exercise time, ms; each varies by ±jitter.
struct Behaviour {
  Millis acceptDelay = 60'000;  // task received -> accepted or declined
  double declineProbability = 0;
  std::string declineReason = "unit committed elsewhere";
  Millis enRouteAfter = 60'000;    // accepted -> en route
  Millis onSceneAfter = 300'000;   // en route -> on scene
  Millis completeAfter = 600'000;  // on scene -> completed (or failed)
  double failProbability = 0;
  Millis reportInterval = 0;  // routine sightings; 0: none
  double jitter = 0;          // 0..1
};

struct UnitSpec {
  std::string callsign;
  std::string post;  // empty: mobile
  Position position;
  Capabilities capabilities;
  Behaviour behaviour;
  bool startsSilent = false;
  SourceRef where;
};

// The simulated commander of a headless run: acts on alerts as a trained commander would.
struct CommanderSpec {
  std::string name = "Simulated commander";
  Millis acknowledgeAfter = 120'000;  // alert raised -> acknowledged; 0: never
  Millis createProposedTaskAfter =
      300'000;                           // a proposed (not yet created) task is created; 0: never
  Millis resolveAfter = 0;               // acknowledged -> resolved (handled); 0: never
  std::vector<std::string> ignoreRules;  // alerts raised by these rules are left alone
};

enum class WatchlistList { notices, documents, vehicles };
const char* listName(WatchlistList l);
std::optional<WatchlistList> listFromName(const std::string& name);

struct WatchlistFile {
  WatchlistList list = WatchlistList::notices;
  std::string path;  // resolved against the scenario's folder
  SourceRef where;
};

// One watchlist row: column name -> value, as in scenarios/watchlists/README.md.
struct WatchlistEntry {
  std::vector<std::pair<std::string, std::string>> columns;
};

enum class InjectKind {
  sighting,
  unitSilent,
  unitBack,
  documentHit,
  groupCrossing,
  minorAlone,
  loadWatchlist,
  note,
};
const char* injectKindName(InjectKind k);
std::optional<InjectKind> injectKindFromName(const std::string& name);
bool sendsSighting(InjectKind k);

enum class ActionKind {
  alertAcknowledged,
  alertResolved,
  taskCreated,
  taskAssigned,
  taskAccepted,
  taskCompleted,
};
const char* actionKindName(ActionKind k);
std::optional<ActionKind> actionKindFromName(const std::string& name);

// The response the trainers want to see after an inject, with its deadline.
struct ExpectedAction {
  std::string id;
  std::string inject;  // the inject it answers; the deadline counts from its time
  ActionKind action = ActionKind::alertAcknowledged;
  Millis within = 0;
  std::optional<TaskKind> taskKind;  // task actions: only tasks of this kind count
  std::string post;                  // task actions: only units at this post count
  std::string alertRule;             // alert actions: only the alert raised by this rule
  std::string capability;            // the score group ("child protection", ...)
  std::string description;           // for the report; generated when empty
  SourceRef where;
};

struct Inject {
  std::string id;
  Millis at = 0;  // offset from the start; for a contingency inject, from the missed deadline
  InjectKind kind = InjectKind::sighting;
  std::string unit;   // the reporting, silent or returning unit
  Sighting sighting;  // sighting kinds: what the unit reports (observedAt set when sent)
  WatchlistList list = WatchlistList::notices;  // loadWatchlist
  std::vector<WatchlistEntry> entries;          // loadWatchlist
  std::string text;                             // a note, or the description in the report
  std::string ifMissed;  // set: a contingency inject that fires only when this expected
                         // action was missed at its deadline
  SourceRef where;
};

struct Scenario {
  std::string file;
  OperationSpec operation;
  std::vector<PostSpec> posts;
  std::vector<UnitSpec> units;
  std::optional<CommanderSpec> commander;
  std::vector<WatchlistFile> watchlists;
  std::vector<Inject> injects;  // the timeline and the contingency injects
  std::vector<ExpectedAction> expected;

  const Inject* inject(const std::string& id) const;
  const UnitSpec* unit(const std::string& callsign) const;
  const PostSpec* post(const std::string& name) const;
  const ExpectedAction* expectedAction(const std::string& id) const;
};

// The score group an expected action counts for, when the scenario names none.
std::string defaultCapability(const ExpectedAction& a);
// "alert acknowledged within 3 min", for the report.
std::string describe(const ExpectedAction& a);

}  // namespace fieldops::replay
