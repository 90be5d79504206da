// The dashboard's picture of the operation: a snapshot plus the updates applied in sequence
// (zguide "Clone" pattern, docs/protocol.md "Update stream"). Pure: no sockets, no terminal.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <protocol/messages.hpp>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace fieldops::dashboard {

inline constexpr std::size_t kMaxSightings = 2000;     // the feed keeps the newest this many
inline constexpr std::size_t kMaxRecentEvents = 1000;  // events kept from the update stream

// What a change touched, so that the view redraws only those panes.
enum Pane : unsigned {
  kHeader = 1u << 0,
  kUnits = 1u << 1,
  kTasks = 1u << 2,
  kSightings = 1u << 3,
  kAlerts = 1u << 4,
  kMap = 1u << 5,
  kPosts = 1u << 6,
  kAllPanes = 0x7fu,
};

// A sighting is known by its reporting unit and the id that unit gave it.
using SightingKey = std::pair<std::string, std::string>;
struct SightingKeyHash {
  std::size_t operator()(const SightingKey& k) const noexcept {
    const std::size_t a = std::hash<std::string>{}(k.first);
    return a ^ (std::hash<std::string>{}(k.second) + 0x9e3779b97f4a7c15ULL + (a << 6) + (a >> 2));
  }
};

struct Picture {
  std::uint64_t seq = 0;  // the last event this picture reflects
  Millis clock = 0;       // the operation clock
  OperationPhase phase = OperationPhase::EXECUTION;
  std::string updatesEndpoint;
  std::string chainHead;
  std::map<std::string, UnitView> units;              // by callsign
  std::map<std::uint64_t, TaskView> tasks;            // by task id
  std::map<std::uint64_t, AlertView> alerts;          // by alert id
  std::map<std::string, PostView> posts;              // by name
  std::map<std::uint64_t, StoredSighting> sightings;  // by the seq that stored it
  // key -> seq in `sightings` (hashed: looked up for every sighting the stream brings)
  std::unordered_map<SightingKey, std::uint64_t, SightingKeyHash> sightingSeq;
  std::deque<EventSummary> recentEvents;              // oldest first, from the update stream
};

enum class UpdateOutcome {
  applied,    // the picture now reflects update.lastSeq
  heartbeat,  // no events; the units' last heard and the clock refreshed
  stale,      // nothing newer than the picture: ignored
  gap,        // events are missing between the picture and this update: take a new snapshot
};

class Model {
 public:
  bool hasSnapshot() const { return hasSnapshot_; }
  const Picture& picture() const { return picture_; }

  // Replaces everything the snapshot carries. Sightings are kept (a snapshot has none) and
  // refreshed by mergeSightings.
  void applySnapshot(Snapshot snapshot);
  UpdateOutcome applyUpdate(const Update& update);
  void mergeSightings(const std::vector<StoredSighting>& sightings);

  // The panes changed since the last call, cleared by it.
  unsigned takeChanges();

 private:
  void replaceEntities(const Update& update);
  // A heartbeat's news of the units: the quiet ones it lists, and heardSince for the rest.
  void applyLiveness(const Update& heartbeat);
  void putSighting(const StoredSighting& s);

  Picture picture_;
  bool hasSnapshot_ = false;
  unsigned changes_ = kAllPanes;
};

}  // namespace fieldops::dashboard
