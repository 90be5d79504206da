// The update stream (7402): after each commit, what the committed events changed; every second
// a heartbeat, so clients see a gap or a silent coordinator (docs/protocol.md, "Update stream").
#include <coordinator/coordinator.hpp>
#include <coordinator/updates.hpp>
#include <protocol/codec.hpp>

namespace fieldops {

namespace {
constexpr auto kHeartbeatEvery = std::chrono::seconds(1);  // wall time, also while paused
}

void Coordinator::publish(const std::vector<Event>& events, Millis now) {
  const std::uint64_t firstSeq = store_.lastSeq() - events.size() + 1;
  for (const Update& u : updatesFor(events, firstSeq, state_, now)) publish(u, now);
}

void Coordinator::publishHeartbeatIfDue(Millis now) {
  if (std::chrono::steady_clock::now() - lastHeartbeat_ < kHeartbeatEvery) return;
  publish(heartbeatUpdate(state_, store_.lastSeq(), now), now);
  lastHeartbeat_ = std::chrono::steady_clock::now();  // also under steady traffic: last heard
}

void Coordinator::publish(const Update& update, Millis now) {
  Envelope env{kProtocolVersion,
               options_.core.operationId,
               options_.core.exercise,
               nextMessageId_++,
               now,
               update};
  const std::string bytes = encode(env);
  // PUB never blocks: a subscriber past its high-water mark misses this one and resyncs.
  (void)updates_.send(zmq::buffer(bytes), zmq::send_flags::dontwait);
  ++stats_.updates;
}

}  // namespace fieldops
