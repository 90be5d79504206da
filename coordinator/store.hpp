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
inline constexpr std::uint32_t kStoreSchemaVersion = 2;
// Named databases in the one LMDB environment: the event store's and the watchlists'.
inline constexpr unsigned kMaxDbs = 32;

// Opening a store can fail in ways a user must be told about plainly.
struct StoreError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct StoreOptions {
  std::string dataDir;
  std::string operationId;
  bool exercise = true;
  std::size_t mapSizeBytes = std::size_t{4} << 30;  // address space only; the file grows as used
  bool readOnly = false;                            // for export and verify
};

// One stored event as read back: header always, payload unless purged.
struct StoredEvent {
  EventHeader header;
  std::optional<EventBody> body;   // empty when purged (tombstone or missing)
  std::string_view payloadBytes;   // valid only during the visit
};

struct ChainReport {
  bool ok = true;
  std::uint64_t events = 0;
  std::string problem;  // the first break found, if any
};

// An exclusive lock on a data dir, so two coordinators never append to one store.
class DirLock {
 public:
  DirLock() = default;
  explicit DirLock(const std::string& dir);  // throws StoreError when held elsewhere
  ~DirLock();
  DirLock(const DirLock&) = delete;
  DirLock& operator=(DirLock&& other) noexcept;

 private:
  int fd_ = -1;
};

class EventStore {
 public:
  // Opens or creates the store. Throws StoreError for an unusable directory, a store of another
  // operation, or one written by a newer schema version.
  explicit EventStore(const StoreOptions& options);

  // Appends the events and updates the projections of what they touched (read from `state`,
  // which already has them applied) in one transaction, committed durably before returning.
  // Returns the sequence number of the last event.
  std::uint64_t append(const std::vector<Event>& events, const OperationState& state);
  // The same in a write transaction the caller opened (on env()), which this commits: the
  // coordinator screens a turn's sightings in the transaction that stores them.
  std::uint64_t append(lmdb::Txn& txn, const std::vector<Event>& events,
                       const OperationState& state);

  // The LMDB environment, shared with the watchlists (screening/watchlist_store.hpp).
  const lmdb::Env& env() const { return *env_; }

  std::uint64_t lastSeq() const { return lastSeq_; }
  // The time of the last stored event (0 for an empty log).
  Millis lastAt() const { return lastAt_; }

  // The durable part of the state, from the projections (no replay).
  OperationState load() const;

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

  ChainReport verifyChain() const;

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
  void writeProjections(lmdb::Txn& txn, const std::vector<Event>& events,
                        const std::vector<std::uint64_t>& seqs, const OperationState& state,
                        bool allUnits);

  DirLock lock_;
  std::unique_ptr<lmdb::Env> env_;
  Dbs db_{};
  std::uint64_t lastSeq_ = 0;
  Hash lastHash_{};
  Millis lastAt_ = 0;
};

}  // namespace fieldops
