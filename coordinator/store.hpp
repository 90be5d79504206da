// The coordinator's durable event store: an append-only, hash-chained event log plus the
// projections (units, tasks, sightings, dedup index, alerts, posts), all in one LMDB environment.
// Layout and rules: docs/store.md.
#pragma once

#include <coordinator/event_codec.hpp>
#include <coordinator/events.hpp>
#include <protocol/lmdb.hpp>
#include <coordinator/state.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace fieldops {

// 2: alerts, posts and screening results; watchlists.
// 3: operationClosed and retentionPurged events; the head anchor and the closure in meta.
inline constexpr std::uint32_t kStoreSchemaVersion = 3;
// The first schema version whose stores always hold a head anchor in meta.
inline constexpr std::uint32_t kAnchoredSchemaVersion = 3;
// Named databases in the one LMDB environment: the event store's and the watchlists'.
inline constexpr unsigned kMaxDbs = 32;

// Opening a store can fail in ways a user must be told about plainly.
struct StoreError : std::runtime_error {
  using std::runtime_error::runtime_error;
};
// The data dir's writer lock is held: a coordinator (or another writer) runs on it.
struct DirInUse : StoreError {
  using StoreError::StoreError;
};

struct StoreOptions {
  std::string dataDir;
  std::string operationId;
  bool exercise = true;
  std::size_t mapSizeBytes = std::size_t{4} << 30;  // address space only; the file grows as used
  bool readOnly = false;                            // for export and verify
  bool mustExist = false;  // read-write, but refuse to create a store (close, purge)
};

// One stored event as read back: header always, payload unless purged.
struct StoredEvent {
  EventHeader header;
  std::optional<EventBody> body;   // empty when purged (tombstone or missing)
  std::string_view payloadBytes;   // valid only during the visit
};

// How the event log was found to differ from what was written (docs/store.md, "verify").
enum class ChainBreak { none, altered, removed, reordered };
const char* chainBreakName(ChainBreak kind);

struct ChainReport {
  bool ok = true;
  std::uint64_t events = 0;        // events that verified before the first break (all when ok)
  ChainBreak kind = ChainBreak::none;
  std::uint64_t firstBadSeq = 0;   // the first event altered, removed or reordered; 0 if none
                                   // (or when only the head anchor itself is damaged)
  std::string problem;             // plain words, without the sequence number
  bool anchored = false;           // the head anchor in meta was found and compared
  std::uint64_t tombstones = 0;    // purged payloads accepted (covered by a retention purge)
};

// What a retention purge did (EventStore::purgeRetention).
struct PurgeOutcome {
  std::uint64_t seq = 0;  // the retentionPurged event; 0 when there was nothing to purge
  RetentionPurged purged;
};

// An exclusive lock on a data dir, so two coordinators never append to one store.
class DirLock {
 public:
  DirLock() = default;
  explicit DirLock(const std::string& dir);  // throws StoreError when held elsewhere
  ~DirLock();
  DirLock(const DirLock&) = delete;
  DirLock& operator=(DirLock&& other) noexcept;
  // Locks the data file itself too, once it exists: writer.lock can be deleted, data.mdb
  // cannot without deleting the store, so a second writer is refused even then.
  void lockDataFile(const std::string& dir);

 private:
  int fd_ = -1;
  int dataFd_ = -1;
};

// What a batch of events changes in the projections besides the sighting index (which the events
// themselves give), read from the state they were applied to and already encoded: writing them
// needs no OperationState, so the coordinator's commit worker (committer.hpp) can write while the
// loop goes on changing the state.
struct ProjectionWrites {
  std::vector<std::pair<std::uint64_t, std::string>> tasks;   // task id -> TaskView
  std::vector<std::pair<std::uint64_t, std::string>> alerts;  // alert id -> AlertView
  std::vector<std::pair<std::string, std::string>> posts;     // name -> PostView
  std::vector<std::pair<std::string, std::string>> units;     // callsign -> UnitView
  std::optional<Closure> closure;                             // written to meta when set
};

// The projection writes of `events`, from `state` with the events applied: only what they
// touched. Task events change unit status too: a task's event writes the units it was assigned to.
ProjectionWrites projectionWrites(const std::vector<Event>& events, const OperationState& state);

class EventStore {
 public:
  // Opens or creates the store. Throws StoreError for an unusable directory, a store of another
  // operation, or one written by a newer schema version.
  explicit EventStore(const StoreOptions& options);

  // Appends the events and updates the projections of what they touched (read from `state`,
  // which already has them applied) in one transaction, committed durably before returning.
  // Returns the sequence number of the last event.
  std::uint64_t append(const std::vector<Event>& events, const OperationState& state);
  // The same in a write transaction the caller opened (on env()), which this commits, with the
  // projection writes prepared from the state (projectionWrites). Reads no OperationState.
  std::uint64_t append(lmdb::Txn& txn, const std::vector<Event>& events,
                       const ProjectionWrites& projections);

  // The LMDB environment, shared with the watchlists (screening/watchlist_store.hpp).
  const lmdb::Env& env() const { return *env_; }

  std::uint64_t lastSeq() const { return lastSeq_; }
  // The time of the last stored event (0 for an empty log).
  Millis lastAt() const { return lastAt_; }

  // The durable part of the state, from the projections (no replay). Reads the units, tasks,
  // alerts and posts, nothing per sighting: its cost does not grow with the stored sightings.
  OperationState load() const;

  // Whether a sighting with this dedup key (sightingKey()) is stored, read in `txn`: one look-up
  // in the `dedup` index.
  bool holdsSighting(const lmdb::Txn& txn, std::string_view key) const;
  // How many sightings the store holds (the `sightings` index's entry count: no scan).
  std::uint64_t sightingCount() const;

  // Sightings stored after event sequence number afterSeq, oldest first (or the newest
  // `limit` of them, newest first).
  std::vector<StoredSighting> sightings(std::uint64_t afterSeq, std::size_t limit,
                                        bool newestFirst = false) const;

  // A page of the event log as summaries (fieldops.capnp, EventQuery), at most `limit`,
  // looking at no more than `scanLimit` events for a subject filter.
  std::vector<EventSummary> events(const EventQuery& query, std::size_t limit,
                                   std::size_t scanLimit) const;

  // The hash of the last event header, hex: the event-log hash (empty log: all zeros).
  std::string chainHead() const { return toHex(lastHash_); }

  void forEachEvent(const std::function<void(const StoredEvent&)>& visit) const;

  // Walks the chain and reports the first event altered, removed or reordered, and compares
  // the head with the anchor in meta (store_verify.cpp).
  ChainReport verifyChain() const;

  // Replaces the personal data of the closed operation with tombstones (sightings, the alerts
  // they raised and the tasks those alerts created), updates the projections and appends a
  // retentionPurged event, all in one transaction. The caller checked that the operation is
  // closed and the retention is due (store_retention.cpp). Nothing new: nothing written.
  PurgeOutcome purgeRetention(Millis at, const std::string& principal);
  // The closure from meta, without loading the projections; empty for an open operation.
  std::optional<Closure> closure() const;

  // Replays the log into fresh projections, replacing the current ones.
  void rebuildProjections();

  // Raw projection contents, for comparing a rebuild with the original.
  std::vector<std::pair<std::string, std::string>> dumpProjection(const std::string& name) const;

 private:
  struct Dbs {
    MDB_dbi log, payloads, units, tasks, sightings, dedup, meta, alerts, posts;
  };
  OperationState loadProjections() const;
  void checkMeta(lmdb::Txn& txn, const StoreOptions& options);
  void checkTail(const lmdb::Txn& txn, const std::string& dir) const;
  void writeAnchor(lmdb::Txn& txn, std::uint64_t seq, const Hash& head);
  void writeClosure(lmdb::Txn& txn, const Closure& closure);
  void readClosure(const lmdb::Txn& txn, OperationState& state) const;
  // The sighting index and the dedup index of the sightings among `events`.
  void writeSightingIndex(lmdb::Txn& txn, const std::vector<Event>& events,
                          const std::vector<std::uint64_t>& seqs);
  void writeSightingIndex(lmdb::Txn& txn, const SightingRecorded& sighting, std::uint64_t seq);
  void writeProjections(lmdb::Txn& txn, const ProjectionWrites& projections);

  DirLock lock_;
  std::unique_ptr<lmdb::Env> env_;
  Dbs db_{};
  std::uint64_t lastSeq_ = 0;
  Hash lastHash_{};
  Millis lastAt_ = 0;
};

}  // namespace fieldops
