// The simulated units on the wire (see sim_fleet.hpp).
#include <algorithm>
#include <limits>
#include <protocol/codec.hpp>
#include <protocol/enum_names.hpp>
#include <scenarios/replay/sim_fleet.hpp>

namespace fieldops::replay {

namespace {

constexpr std::size_t kMaxWarnings = 20;

struct Outgoing {
  std::size_t unit;
  Planned planned;
};

}  // namespace

SimFleet::SimFleet(zmq::context_t& context, const Scenario& scenario,
                   const std::string& agentEndpoint, std::uint64_t seed, const ReplayerKeys& keys)
    : operationId_(scenario.operation.id) {
  units_.reserve(scenario.units.size());
  for (const auto& spec : scenario.units) {
    zmq::socket_t s(context, zmq::socket_type::dealer);
    s.set(zmq::sockopt::linger, 0);
    s.set(zmq::sockopt::sndhwm, 0);  // a step may carry many messages; the coordinator holds them
    s.set(zmq::sockopt::rcvhwm, 0);
    if (auto own = keys.unit(spec.callsign)) curve::makeClient(s, *own);
    s.connect(agentEndpoint);
    units_.push_back(
        Link{SimUnit(spec, seed, scenario.operation.heartbeat), std::move(s), {}, {}, {}});
  }
}

std::optional<std::size_t> SimFleet::indexOf(const std::string& callsign) const {
  for (std::size_t i = 0; i < units_.size(); ++i) {
    if (units_[i].model.spec().callsign == callsign) return i;
  }
  return std::nullopt;
}

std::uint64_t SimFleet::sendDue(Millis until, std::vector<FiredInject>& fired) {
  std::vector<Outgoing> out;
  for (std::size_t i = 0; i < units_.size(); ++i) {
    for (auto& p : units_[i].model.due(until)) out.push_back({i, std::move(p)});
  }
  std::stable_sort(out.begin(), out.end(), [](const Outgoing& a, const Outgoing& b) {
    if (a.planned.at != b.planned.at) return a.planned.at < b.planned.at;
    if (a.unit != b.unit) return a.unit < b.unit;
    return a.planned.order < b.planned.order;
  });
  for (auto& o : out) {
    Link& link = units_[o.unit];
    const std::uint64_t id = nextMessageId_++;
    Body& body = o.planned.body;
    if (auto* s = std::get_if<Sighting>(&body)) {
      if (s->observedAt == 0) s->observedAt = o.planned.at;
      link.sightingIds[s->sightingId] = id;
      ++sightings_;
    }
    const std::string frame =
        encode(Envelope{kProtocolVersion, operationId_, true, id, o.planned.at, body});
    link.socket.send(zmq::buffer(frame), zmq::send_flags::none);
    if (!std::holds_alternative<Heartbeat>(body) && !std::holds_alternative<Hello>(body)) {
      link.outbox.emplace(id, std::move(body));
    }
    if (!o.planned.inject.empty()) fired.push_back({o.planned.inject, o.planned.at});
    ++sent_;
  }
  return out.size();
}

Millis SimFleet::nextDue() const {
  Millis next = std::numeric_limits<Millis>::max();
  for (const auto& l : units_) next = std::min(next, l.model.nextDue());
  return next;
}

std::uint64_t SimFleet::receiveAvailable() {
  std::uint64_t n = 0;
  for (auto& link : units_) {
    zmq::message_t m;
    while (link.socket.recv(m, zmq::recv_flags::dontwait)) {
      ++n;
      auto env = decode(m.to_string_view());
      if (env) {
        link.inbox.push_back(std::move(*env));
      } else {
        warn(link.model.spec().callsign +
             ": undecodable message from the coordinator: " + env.error().detail);
      }
    }
  }
  received_ += n;
  return n;
}

void SimFleet::deliver(Millis at) {
  for (auto& link : units_) {
    for (const auto& env : link.inbox) handle(link, env, at);
    link.inbox.clear();
  }
}

void SimFleet::handle(Link& link, const Envelope& env, Millis at) {
  SimUnit& unit = link.model;
  if (const auto* w = std::get_if<Welcome>(&env.body)) {
    if (w->heartbeatIntervalMs > 0) unit.setHeartbeat(w->heartbeatIntervalMs);
  } else if (const auto* t = std::get_if<Task>(&env.body)) {
    unit.onTask(*t, at);
  } else if (const auto* c = std::get_if<TaskCancel>(&env.body)) {
    unit.onCancel(c->taskId);
  } else if (const auto* a = std::get_if<SightingAck>(&env.body)) {
    if (auto it = link.sightingIds.find(a->sightingId); it != link.sightingIds.end()) {
      link.outbox.erase(it->second);
      link.sightingIds.erase(it);
    }
  } else if (const auto* r = std::get_if<Receipt>(&env.body)) {
    link.outbox.erase(r->messageId);
  } else if (const auto* e = std::get_if<Error>(&env.body)) {
    auto it = link.outbox.find(e->refMessageId);
    if (e->code == ErrorCode::NOT_REGISTERED && !unit.silent()) {
      // Registered again, then the refused message goes out again (protocol.md, Re-registration).
      unit.plan(at + 1, Hello{unit.spec().callsign, unit.spec().post, unit.spec().position,
                              unit.spec().capabilities});
      if (it != link.outbox.end()) unit.plan(at + 1, it->second);
    } else {
      ++errors_;
      warn(unit.spec().callsign + ": " + enumName(e->code) + ": " + e->message);
    }
    if (it != link.outbox.end()) link.outbox.erase(it);
  }
}

void SimFleet::addPollItems(std::vector<zmq::pollitem_t>& items) {
  for (auto& link : units_) items.push_back({link.socket.handle(), 0, ZMQ_POLLIN, 0});
}

void SimFleet::warn(const std::string& text) {
  if (warnings_.size() < kMaxWarnings) warnings_.push_back(text);
}

}  // namespace fieldops::replay
