// Keeping the picture in step with the coordinator: snapshot first, then the update stream;
// buffering while a snapshot is on its way, resyncing on a gap, and noticing silence
// (docs/dashboard.md, "Connection"). Pure: the loop feeds it what arrived and does what it says.
#pragma once

#include <tui/model.hpp>
#include <vector>

namespace fieldops::dashboard {

// Heartbeats come every second; this long without any update or reply means the coordinator
// is away.
inline constexpr Millis kSilenceLimit = 3000;
// Without an update stream (an older coordinator), poll the snapshot this often.
inline constexpr Millis kPollInterval = 1000;
// Updates kept while a snapshot is on its way; beyond that a gap is certain anyway.
inline constexpr std::size_t kMaxBuffered = 20000;
// A refused snapshot is asked for again this much later.
inline constexpr Millis kRetryInterval = 2000;

enum class LinkState { connecting, live, disconnected };

// What the loop must ask the coordinator for.
struct SyncRequests {
  bool snapshot = false;
  bool sightings = false;  // the feed's fill: the newest sightings
};

class Sync {
 public:
  explicit Sync(bool polling = false) : polling_(polling) {}

  // After subscribing to the update stream: take the first snapshot.
  SyncRequests start(Millis now);
  SyncRequests onUpdate(Model& model, const Update& update, Millis now);
  SyncRequests onSnapshot(Model& model, Snapshot snapshot, Millis now);
  // Any other reply from the coordinator: a sign of life.
  void onReply(Millis now) { lastHeard_ = now; }
  // The snapshot request got no answer in time: ask again.
  SyncRequests onSnapshotLost();
  // The coordinator refused the snapshot (a wrong operation, say): ask again, but not before
  // kRetryInterval.
  void onSnapshotRefused(Millis now);
  SyncRequests tick(Millis now);

  LinkState state(Millis now) const;
  bool polling() const { return polling_; }
  void setPolling(bool polling) { polling_ = polling; }
  std::size_t resyncs() const { return resyncs_; }

 private:
  SyncRequests askSnapshot();

  bool polling_;
  bool snapshotInFlight_ = false;
  bool silent_ = false;  // silence was noticed; the next sign of life resyncs
  Millis lastHeard_ = 0;
  Millis lastSnapshotAt_ = 0;
  Millis retryAt_ = 0;
  std::vector<Update> buffered_;
  std::size_t resyncs_ = 0;
};

}  // namespace fieldops::dashboard
