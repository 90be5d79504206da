// The simulated units of an exercise on the wire: one DEALER per unit on the agent link (the
// coordinator knows a unit by its connection), one message-id counter shared by all, so that
// (sentAt, messageId) orders every agent message of the run. Many units, one process; the
// runner polls the sockets in its one loop.
#pragma once

#include <map>
#include <optional>
#include <scenarios/replay/evaluation.hpp>
#include <scenarios/replay/exercise_keys.hpp>
#include <scenarios/replay/sim_unit.hpp>
#include <string>
#include <vector>
#include <zmq.hpp>

namespace fieldops::replay {

class SimFleet {
 public:
  // Each unit's DEALER uses its own agent key from `keys` (plain when keys are plain).
  SimFleet(zmq::context_t& context, const Scenario& scenario, const std::string& agentEndpoint,
           std::uint64_t seed, const ReplayerKeys& keys);

  std::size_t size() const { return units_.size(); }
  SimUnit& unit(std::size_t i) { return units_[i].model; }
  std::optional<std::size_t> indexOf(const std::string& callsign) const;

  // Sends every message due at or before `until`, ordered by (time, unit, plan order). Records
  // the injects that went out in `fired`. Returns how many were sent.
  std::uint64_t sendDue(Millis until, std::vector<FiredInject>& fired);
  Millis nextDue() const;

  // Reads, without waiting, whatever the coordinator has sent; returns how many arrived.
  std::uint64_t receiveAvailable();
  // Hands each unit what it received (units in scenario order, messages in arrival order), as
  // received at exercise time `at`.
  void deliver(Millis at);
  void addPollItems(std::vector<zmq::pollitem_t>& items);

  std::uint64_t sent() const { return sent_; }
  std::uint64_t received() const { return received_; }
  std::uint64_t sightingsSent() const { return sightings_; }
  std::uint64_t errors() const { return errors_; }
  const std::vector<std::string>& warnings() const { return warnings_; }

 private:
  struct Link {
    SimUnit model;
    zmq::socket_t socket;
    std::vector<Envelope> inbox;
    std::map<std::uint64_t, Body> outbox;              // message id -> unanswered message
    std::map<std::string, std::uint64_t> sightingIds;  // sighting id -> its message id
  };
  void handle(Link& link, const Envelope& env, Millis at);
  void warn(const std::string& text);

  std::string operationId_;
  std::vector<Link> units_;
  std::uint64_t nextMessageId_ = 1;
  std::uint64_t sent_ = 0;
  std::uint64_t received_ = 0;
  std::uint64_t sightings_ = 0;
  std::uint64_t errors_ = 0;
  std::vector<std::string> warnings_;
};

}  // namespace fieldops::replay
