// What fieldops-agent can be told (flags or config file; see docs/field-agent.md).
#pragma once

#include <protocol/curve.hpp>
#include <protocol/messages.hpp>

#include <optional>
#include <string>

namespace fieldops {

struct AgentOptions {
  std::string endpoint = "tcp://127.0.0.1:7400";
  std::string operationId = "exercise";
  bool exercise = true;
  std::string outboxDir = "var/agent";
  Hello unit;                       // callsign, post, position, capabilities
  std::size_t window = 64;          // outbox messages in flight at once
  Millis helloTimeout = 3000;       // no Welcome within this: the coordinator is unreachable
  Millis retransmitAfter = 5000;    // resend in-flight messages not acknowledged by then
  Millis backoffInitial = 500;      // reconnect backoff: doubles, with jitter, up to the max
  Millis backoffMax = 30000;
  // ZeroMQ's own reconnect interval while a connection is down (a coordinator restart), drawn
  // once per agent in [reconnectMin, reconnectMax), so that thousands of agents do not all
  // knock at once when it comes back (ZeroMQ adds up to one interval of jitter on top).
  Millis reconnectMin = 100;
  Millis reconnectMax = 1000;
  bool scripted = false;            // JSON lines on stdin/stdout instead of the console
  Millis drainOnEof = 10000;        // scripted mode: how long to wait for acks after stdin ends
  // CURVE: this unit's key pair and the coordinator's public key; none only against a
  // coordinator run with --insecure-dev.
  std::optional<curve::ClientKeys> keys{};
};

}  // namespace fieldops
