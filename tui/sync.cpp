// The dashboard's Clone-pattern client state machine (see sync.hpp).
#include <tui/sync.hpp>

namespace fieldops::dashboard {

SyncRequests Sync::askSnapshot() {
  snapshotInFlight_ = true;
  return {true, false};
}

SyncRequests Sync::start(Millis now) {
  lastHeard_ = now;  // give the coordinator kSilenceLimit to answer before saying it is away
  return askSnapshot();
}

SyncRequests Sync::onUpdate(Model& model, const Update& update, Millis now) {
  lastHeard_ = now;
  if (snapshotInFlight_) {
    if (buffered_.size() < kMaxBuffered) buffered_.push_back(update);
    return {};
  }
  if (silent_) {  // back after a silence (perhaps a restart): start again from a snapshot
    silent_ = false;
    ++resyncs_;
    buffered_.push_back(update);
    return askSnapshot();
  }
  if (model.applyUpdate(update) != UpdateOutcome::gap) return {};
  ++resyncs_;
  buffered_.push_back(update);
  return askSnapshot();
}

SyncRequests Sync::onSnapshot(Model& model, Snapshot snapshot, Millis now) {
  lastHeard_ = now;
  lastSnapshotAt_ = now;
  snapshotInFlight_ = false;
  silent_ = false;
  // A coordinator from before the snapshot carried its clock: go by ours.
  if (snapshot.clock == 0) snapshot.clock = now;
  model.applySnapshot(std::move(snapshot));
  std::vector<Update> pending;
  pending.swap(buffered_);
  for (const auto& u : pending) {
    if (model.applyUpdate(u) == UpdateOutcome::gap) {
      // Still behind (the snapshot is older than what was buffered and something fell
      // between): the rest is no use; ask again.
      ++resyncs_;
      auto again = askSnapshot();
      again.sightings = true;
      return again;
    }
  }
  return {false, true};
}

SyncRequests Sync::onSnapshotLost() {
  return askSnapshot();
}

void Sync::onSnapshotRefused(Millis now) {
  snapshotInFlight_ = false;
  retryAt_ = now + kRetryInterval;
}

SyncRequests Sync::tick(Millis now) {
  if (now - lastHeard_ > kSilenceLimit) silent_ = true;
  if (snapshotInFlight_ || now < retryAt_) return {};
  if (lastSnapshotAt_ == 0) return askSnapshot();  // the first one was refused
  // Away: keep asking (each request times out and is retried by the loop).
  if (silent_) return askSnapshot();
  if (polling_ && now - lastSnapshotAt_ >= kPollInterval) return askSnapshot();
  return {};
}

LinkState Sync::state(Millis now) const {
  if (silent_ || now - lastHeard_ > kSilenceLimit) return LinkState::disconnected;
  return lastSnapshotAt_ == 0 ? LinkState::connecting : LinkState::live;
}

}  // namespace fieldops::dashboard
