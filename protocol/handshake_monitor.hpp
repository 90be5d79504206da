// The handshake events of a client socket, read from a ZeroMQ socket monitor without blocking:
// a connection made (ZMQ_EVENT_HANDSHAKE_SUCCEEDED), or this client's key refused by the
// coordinator's authentication (ZMQ_EVENT_HANDSHAKE_FAILED_AUTH). The agent says hello on a
// new connection and goes offline on a refused key; the dashboard says why it cannot connect.
#pragma once

#include <memory>
#include <string>
#include <zmq.hpp>

namespace fieldops {

struct HandshakeEvents {
  bool succeeded = false;  // a handshake succeeded since the last drain
  bool refused = false;    // a handshake failed on authentication since the last drain
};

// A PAIR socket receiving `watched`'s handshake events over inproc `endpoint` (unique in the
// context). Throws zmq::error_t when ZeroMQ cannot monitor the socket. Stop the monitoring with
// stopHandshakeMonitor before closing `watched`.
std::unique_ptr<zmq::socket_t> monitorHandshakes(zmq::context_t& context, zmq::socket_t& watched,
                                                 const std::string& endpoint);
void stopHandshakeMonitor(zmq::socket_t& watched);

// The events waiting on the monitor; never blocks.
HandshakeEvents drainHandshakeEvents(zmq::socket_t& monitor);

}  // namespace fieldops
