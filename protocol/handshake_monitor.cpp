// Handshake events from a socket monitor (see handshake_monitor.hpp).
#include <protocol/handshake_monitor.hpp>
#include <zmq_addon.hpp>

#include <cstdint>
#include <cstring>
#include <iterator>
#include <vector>

namespace fieldops {

std::unique_ptr<zmq::socket_t> monitorHandshakes(zmq::context_t& context, zmq::socket_t& watched,
                                                 const std::string& endpoint) {
  if (zmq_socket_monitor(watched.handle(), endpoint.c_str(),
                         ZMQ_EVENT_HANDSHAKE_SUCCEEDED | ZMQ_EVENT_HANDSHAKE_FAILED_AUTH) != 0) {
    throw zmq::error_t();
  }
  auto monitor = std::make_unique<zmq::socket_t>(context, zmq::socket_type::pair);
  monitor->set(zmq::sockopt::linger, 0);
  monitor->connect(endpoint);
  return monitor;
}

void stopHandshakeMonitor(zmq::socket_t& watched) {
  (void)zmq_socket_monitor(watched.handle(), nullptr, 0);
}

HandshakeEvents drainHandshakeEvents(zmq::socket_t& monitor) {
  HandshakeEvents seen;
  for (;;) {
    // A monitor event is two frames: 6 bytes (u16 event, u32 value), then the endpoint.
    std::vector<zmq::message_t> frames;
    if (!zmq::recv_multipart(monitor, std::back_inserter(frames), zmq::recv_flags::dontwait))
      break;
    if (frames.size() != 2 || frames[0].size() < sizeof(std::uint16_t)) continue;
    std::uint16_t event = 0;
    std::memcpy(&event, frames[0].data(), sizeof event);
    seen.refused = seen.refused || event == ZMQ_EVENT_HANDSHAKE_FAILED_AUTH;
    seen.succeeded = seen.succeeded || event == ZMQ_EVENT_HANDSHAKE_SUCCEEDED;
  }
  return seen;
}

}  // namespace fieldops
