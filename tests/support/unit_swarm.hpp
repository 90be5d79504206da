// A crowd of simulated units for the restart tests and the scale benchmarks: one DEALER per
// unit, all driven by one poll loop in the caller's thread. Each unit registers, heartbeats
// every interval, answers notRegistered with hello, and reconnects as fieldops-agent does
// (docs/field-agent.md, "Reconnects"): when the coordinator goes silent for the liveness window,
// a new connection after a pause drawn over that window; when a new connection has no welcome
// within the hello timeout (the liveness window here), a new one after a backoff doubling from
// 0.5 to 30 s, half of it random.
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
    std::unique_ptr<zmq::socket_t> socket;
    int reconnectInterval = 100;
    bool present = true;
    Clock::time_point lastSent{};
    Clock::time_point lastHeard{};
    Clock::time_point reopenAt{};  // while closed after a silence
    Clock::time_point welcomedAt{};
    Clock::time_point openedAt{};
    bool online = false;  // welcomed on this connection
    Millis backoff = 0;   // after connections that were never welcomed, as the agent's
  };
  void open(std::size_t i);
  void connect(Unit& u, std::size_t i);
  void send(std::size_t i, const Body& body);
  void handle(std::size_t i, std::string_view frame, Clock::time_point now);
  void timers(Clock::time_point now);
  void rebuildPollItems();

  zmq::context_t& context_;
  SwarmOptions options_;
  std::mt19937_64 random_;
  std::vector<Unit> units_;
  std::vector<zmq::pollitem_t> items_;
  std::vector<std::size_t> itemUnit_;
  bool itemsStale_ = true;
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
