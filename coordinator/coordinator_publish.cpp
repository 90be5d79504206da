// The update stream (7402): after each commit, what the committed events changed; every second
// a heartbeat, so clients see a gap or a silent coordinator (docs/protocol.md, "Update stream").
#include <coordinator/coordinator.hpp>
#include <coordinator/updates.hpp>
#include <protocol/codec.hpp>

namespace fieldops {

namespace {
constexpr auto kHeartbeatEvery = std::chrono::seconds(1);  // wall time, also while paused
}

bool Coordinator::heartbeatDue() const {
  return std::chrono::steady_clock::now() - lastHeartbeat_ >= kHeartbeatEvery;
}

void Coordinator::publishHeartbeatIfDue(Millis now) {
  // With a batch in flight the state is ahead of the store: that batch carries the heartbeat.
  if (committer_.inFlight() || !heartbeatDue()) return;
  heartbeatUpdate(state_, options_.core, committedSeq_, now, heartbeat_);
  publishFrame(encoder_.encode(headerOf(now), heartbeat_));
  lastHeartbeat_ = std::chrono::steady_clock::now();  // also under steady traffic: last heard
}

void Coordinator::publishFrame(std::string_view bytes) {
  // PUB never blocks: a subscriber past its high-water mark misses this one and resyncs.
  (void)updates_.send(zmq::buffer(bytes), zmq::send_flags::dontwait);
  ++stats_.updates;
}

}  // namespace fieldops
