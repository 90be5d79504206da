// The operation state held by the coordinator: durable parts rebuilt from the store, and the
// volatile link state (connections, heartbeats, resend schedule) that lives only in memory.
#pragma once

#include <protocol/messages.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_set>

namespace fieldops {

// A connected unit's link: volatile, rebuilt when the agent registers again.
struct Link {
  std::string peer;        // ZeroMQ routing id of the agent's DEALER
  Millis lastSentAt = 0;   // last message we sent it (for our heartbeats)
};

// Pending delivery of an assigned task: resent with backoff until the unit acknowledges it.
struct Delivery {
  Millis nextAttemptAt = 0;
  Millis backoff = 0;
};

// A closed operation (docs/store.md, "Retention"): durable, in the store's meta.
struct Closure {
  Millis closedAt = 0;
  std::uint32_t retentionDays = 0;
  std::string reason;
  std::uint64_t purgedThrough = 0;  // the last retention purge's throughSeq; 0 before any
};

struct OperationState {
  // Durable: mirrored by the store's projections.
  std::map<std::string, UnitView> units;        // by callsign
  std::map<std::uint64_t, TaskView> tasks;      // by task id
  std::uint64_t nextTaskId = 1;
  std::map<std::uint64_t, AlertView> alerts;    // by alert id
  std::uint64_t nextAlertId = 1;
  std::map<std::string, PostView> posts;        // by name: the operation's planned posts
  std::optional<Closure> closure;               // set by operationClosed: final

  // Volatile.
  // Sightings applied but not yet durable (this turn's, and the batch the commit worker holds),
  // by sightingKey(). Durable ones are looked up in the store (durable_sightings.hpp), so this
  // holds at most two turns of sightings, however many the store has (docs/store.md,
  // "Duplicates").
  std::unordered_set<std::string> sightingsInFlight;
  Millis startedAt = 0;          // the loop became ready (CoordinatorReady): grace counts from here
  std::size_t unitsAtStart = 0;  // units then known and not lost: the grace scales with them
  std::map<std::string, Link> links;             // by callsign
  // (lastSentAt, callsign) of every link, the one due our heartbeat first at the front: tick()
  // and the loop's next timer look at the links due, not at all of them (kept by apply()).
  std::set<std::pair<Millis, std::string>> linksBySent;
  std::map<std::string, Millis> heardAt;         // by callsign: last sign of life
  std::map<std::string, std::string> peers;      // routing id -> callsign
  std::map<std::uint64_t, Delivery> deliveries;  // by task id
  std::map<std::string, Millis> uncoveredSince;  // staffed post -> seen without an available unit
};

// The dedup key of a sighting: unit + '\x1f' + sighting id (the store's `dedup` keys).
std::string sightingKey(const std::string& unit, const std::string& sightingId);

}  // namespace fieldops
