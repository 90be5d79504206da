// A load client of units for tests and benchmarks: many field units, each a real DEALER on the
// agent link, driven from one thread without a poll over all of them. Each unit registers,
// then sends a Heartbeat every interval (the units' phases spread evenly over it), and the
// fleet sends sightings round-robin at a rate of its own. What arrives for a unit (the
// coordinator's heartbeats, acknowledgements) is read each time that unit sends, so no queue
// grows. Insecure links only (a coordinator run with --insecure-dev).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <protocol/messages.hpp>
#include <string>
#include <vector>
#include <zmq.hpp>

namespace fieldops::test {

struct FleetOptions {
  std::string endpoint;  // the coordinator's agent link
  std::string operationId;
  bool exercise = true;
  int units = 100;
  int firstUnit = 0;  // callsigns prefix-first .. prefix-(first+units-1)
  std::string prefix = "UNIT";
  double sightingsPerSecond = 0;  // for the whole fleet
  Millis heartbeatEvery = 0;      // each unit's; 0: the interval the Welcome gives
  int connectsPerStep = 50;       // connections opened each 20 ms (the listen backlog)
};

// Counts, readable from another thread while the fleet runs.
struct FleetStats {
  std::atomic<std::uint64_t> welcomed{0};
  std::atomic<std::uint64_t> heartbeats{0};     // sent
  std::atomic<std::uint64_t> sightings{0};      // sent
  std::atomic<std::uint64_t> acknowledged{0};   // sighting acknowledgements received
  std::atomic<std::uint64_t> received{0};       // messages of any kind received
  std::atomic<std::uint64_t> errors{0};         // Error messages received
  std::atomic<std::uint64_t> registrations{0};  // again, after the coordinator found one lost
  std::atomic<std::uint64_t> dropped{0};        // sends the socket could not take
};

class UnitFleet {
 public:
  // Opens its own ZeroMQ context, sized for the units; raises the process's open-file limit as
  // far as it may (two descriptors a unit).
  explicit UnitFleet(FleetOptions options);
  ~UnitFleet();
  UnitFleet(const UnitFleet&) = delete;
  UnitFleet& operator=(const UnitFleet&) = delete;

  // Connects and registers every unit; false when some were not welcomed within `timeout`.
  bool start(std::chrono::milliseconds timeout);
  // Heartbeats and sightings as due, until `stop` (checked at least every 50 ms).
  void run(const std::atomic<bool>& stop);
  // Closes every unit's connection (the units fall silent: the coordinator will find them lost).
  void close();

  const FleetStats& stats() const { return stats_; }
  // The text of the first Error received, for diagnostics; empty if none.
  const std::string& firstError() const { return firstError_; }
  std::string callsign(int unit) const;

 private:
  struct Unit {
    zmq::socket_t socket;
    std::string callsign;
    std::uint64_t nextMessageId = 1;
    std::uint64_t sightings = 0;
    bool welcomed = false;
    bool helloPending = false;  // sent, no Welcome yet
    std::chrono::steady_clock::time_point lastBeat{};  // while the fleet starts
  };
  bool send(Unit& unit, const Body& body);
  void drain(Unit& unit);

  FleetOptions options_;
  zmq::context_t context_;
  std::vector<Unit> units_;
  Millis heartbeatInterval_ = 1000;  // until a Welcome says otherwise
  FleetStats stats_;
  std::string firstError_;
};

// The fleet's sighting: a group with one indicator that raises no alert by itself
// (alert_rules.cpp), so a load of them measures storing sightings, not alerting.
Sighting fleetSighting(const std::string& id, Millis observedAt);

// A process's resident memory in KiB (/proc/<pid>/status; zeros if unreadable): all of it,
// the anonymous part (the heap: what the process holds), and the file-backed part (mostly the
// LMDB map's pages, which the kernel can drop and read again).
struct Resident {
  std::uint64_t totalKib = 0;  // VmRSS
  std::uint64_t anonKib = 0;   // RssAnon
  std::uint64_t fileKib = 0;   // RssFile
};
Resident residentOf(int pid);

}  // namespace fieldops::test
