// A crowd of simulated units for the restart tests and the scale benchmarks: one DEALER per
// unit, all driven by one epoll loop in the caller's thread (ZeroMQ's ZMQ_FD of each socket, so
// a turn costs what arrived, not the number of units). Each unit behaves as fieldops-agent does
// (docs/field-agent.md, "Reconnects"): it keeps one connection, which ZeroMQ re-opens by itself
// at an interval drawn per unit; messages go only to a completed connection (ZMQ_IMMEDIATE);
// it says hello as soon as the connection takes it, heartbeats every interval once welcomed,
// answers notRegistered with hello; when the coordinator goes silent for the liveness window, a
// new hello after a pause drawn over that window; a hello with no welcome within the window, a
// new one after a backoff doubling from 0.5 to 30 s, half of it random. The one difference: the
// agent says hello at once when a new connection's handshake succeeds (it watches its socket),
// a unit here at its next heartbeat (the notRegistered answer), up to an interval later.
#pragma once

#include <protocol/curve.hpp>
#include <protocol/messages.hpp>

#include <zmq.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

namespace fieldops::test {

struct SwarmOptions {
  std::string endpoint;  // the coordinator's agent link
  std::string operationId;
  bool exercise = true;
  std::string prefix = "UNIT-";  // callsigns are prefix + index
  std::size_t first = 0;         // the first index
  std::size_t count = 0;
  Millis heartbeatInterval = 1000;
  std::uint32_t liveness = 3;
  // ZMQ_RECONNECT_IVL drawn per unit in [reconnectMin, reconnectMax), as the agent does.
  Millis reconnectMin = 100;
  Millis reconnectMax = 1000;
  // CURVE keys of the unit with that index; empty against an --insecure-dev coordinator.
  std::function<std::optional<curve::ClientKeys>(std::size_t)> keys;
  std::uint64_t seed = 1;
};

class UnitSwarm {
 public:
  using Clock = std::chrono::steady_clock;

  // The context's ZMQ_MAX_SOCKETS must allow count sockets (raiseSocketLimit).
  UnitSwarm(zmq::context_t& context, SwarmOptions options);
  ~UnitSwarm();
  UnitSwarm(const UnitSwarm&) = delete;
  UnitSwarm& operator=(const UnitSwarm&) = delete;

  // Opens every unit's connection and says hello.
  void start();
  // One turn: polls at most `wait`, handles what arrived, sends what is due.
  void turn(std::chrono::milliseconds wait);
  // Turns until `done()` or `timeout`; returns done().
  bool runUntil(const std::function<bool()>& done, std::chrono::milliseconds timeout);
  // Turns for `duration`.
  void runFor(std::chrono::milliseconds duration);

  // Units welcomed at or after `since` (on their current connection or a later one).
  std::size_t welcomedSince(Clock::time_point since) const;
  // When the last of the units still present was welcomed at or after `since`; empty until all.
  std::optional<Clock::time_point> allWelcomedSince(Clock::time_point since) const;
  std::size_t welcomes() const { return welcomes_; }
  // Connections that could not be opened (the process out of files), each retried later.
  std::size_t openFailures() const { return openFailures_; }
  std::size_t size() const { return units_.size(); }
  std::string callsign(std::size_t i) const;

  // Closes unit i's connection for good: it stays away.
  void leave(std::size_t i);
  // Sends a sighting from unit i now; its acknowledgement's round trip is recorded.
  void report(std::size_t i);
  // Round trips of acknowledged reports, in milliseconds, since the last take.
  std::vector<double> takeAckLatencies();
  std::size_t reportsUnanswered() const { return reportSentAt_.size(); }

 private:
  struct Unit {
    std::unique_ptr<zmq::socket_t> socket;  // kept; null only when it could not be opened
    int reconnectInterval = 100;
    bool present = true;
    bool online = false;       // welcomed, and not silent since
    bool helloWanted = false;  // to send as soon as the connection takes it
    bool helloOut = false;     // sent at helloAt, no welcome yet
    bool draining = false;     // in drain_ (more to read than one turn takes)
    Clock::time_point lastSent{};
    Clock::time_point lastHeard{};
    Clock::time_point helloAt{};
    Clock::time_point retryAt{};  // when to want a hello (or to open the socket) again
    Clock::time_point welcomedAt{};
    Millis backoff = 0;  // after hellos that were never answered, as the agent's
  };
  void open(std::size_t i, Clock::time_point now);
  void connect(Unit& u, std::size_t i);
  void close(Unit& u);
  // Sends if the connection takes it now; after a send, what arrived is looked at again (a send
  // can consume the ZMQ_FD's signal).
  bool send(std::size_t i, const Body& body);
  void trySendHello(std::size_t i, Clock::time_point now);
  // Reads what arrived for unit i (at most one turn's share) and says hello if it is wanted.
  void drain(std::size_t i, Clock::time_point now);
  void handle(std::size_t i, std::string_view frame, Clock::time_point now);
  void timers(Clock::time_point now);
  void unitTimers(std::size_t i, Clock::time_point now);

  zmq::context_t& context_;
  SwarmOptions options_;
  std::mt19937_64 random_;
  std::vector<Unit> units_;
  int epoll_ = -1;
  std::vector<std::size_t> drain_;  // units with more to read, or whose signal a send took
  std::uint64_t nextMessageId_;
  std::size_t welcomes_ = 0;
  std::size_t openFailures_ = 0;
  std::uint64_t nextSighting_ = 0;
  std::unordered_map<std::string, Clock::time_point> reportSentAt_;
  std::vector<double> latencies_;
  Clock::time_point lastTimers_{};
};

// Raises a context's ZMQ_MAX_SOCKETS (default 1023) to hold `sockets` and a few more.
void raiseSocketLimit(zmq::context_t& context, std::size_t sockets);

// Percentile p (0..100) of `values` (sorted in place); 0 for none.
double percentile(std::vector<double>& values, double p);

}  // namespace fieldops::test
