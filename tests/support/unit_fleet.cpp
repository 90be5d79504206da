// A load client of units (see unit_fleet.hpp).
#include <sys/resource.h>

#include <algorithm>
#include <fstream>
#include <protocol/codec.hpp>
#include <protocol/session.hpp>
#include <tests/support/support.hpp>
#include <tests/support/unit_fleet.hpp>
#include <thread>

namespace fieldops::test {

namespace {

using Steady = std::chrono::steady_clock;

constexpr auto kConnectStep = std::chrono::milliseconds(20);
constexpr auto kMaxSleep = std::chrono::milliseconds(50);

void raiseOpenFileLimit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= limit.rlim_max) return;
  limit.rlim_cur = limit.rlim_max;
  (void)setrlimit(RLIMIT_NOFILE, &limit);
}

}  // namespace

Sighting fleetSighting(const std::string& id, Millis observedAt) {
  Sighting s;
  s.sightingId = id;
  s.observedAt = observedAt;
  s.position = {42.2106, 21.6993};
  s.post = "TBN";
  s.category = SightingCategory::GROUP;
  s.personCount = 5;
  s.minorCount = 2;
  s.subject.nationality = "SYR";
  s.indicators = {Indicator::SCRIPTED_STORY};
  s.confidence = 70;
  return s;
}

Resident residentOf(int pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  Resident r;
  std::string line;
  auto field = [&](const char* name, std::uint64_t& into) {
    const std::string prefix = std::string(name) + ":";
    if (line.rfind(prefix, 0) == 0) into = std::stoull(line.substr(prefix.size()));
  };
  while (std::getline(status, line)) {
    field("VmRSS", r.totalKib);
    field("RssAnon", r.anonKib);
    field("RssFile", r.fileKib);
  }
  return r;
}

UnitFleet::UnitFleet(FleetOptions options) : options_(std::move(options)), context_(1) {
  raiseOpenFileLimit();
  if (options_.heartbeatEvery > 0) heartbeatInterval_ = options_.heartbeatEvery;
  context_.set(zmq::ctxopt::max_sockets, options_.units + 64);
}

UnitFleet::~UnitFleet() {
  close();
}

std::string UnitFleet::callsign(int unit) const {
  return options_.prefix + "-" + std::to_string(options_.firstUnit + unit);
}

bool UnitFleet::send(Unit& unit, const Body& body) {
  const std::string frame =
      encode(Envelope{kProtocolVersion, options_.operationId, options_.exercise,
                      unit.nextMessageId++, wallClockNow(), body});
  if (unit.socket.send(zmq::buffer(frame), zmq::send_flags::dontwait)) return true;
  ++stats_.dropped;
  return false;
}

void UnitFleet::drain(Unit& unit) {
  zmq::message_t msg;
  while (unit.socket.recv(msg, zmq::recv_flags::dontwait)) {
    ++stats_.received;
    auto env = decode(msg.to_string_view());
    if (!env) continue;
    if (const auto* w = std::get_if<Welcome>(&env->body)) {
      if (!unit.welcomed) ++stats_.welcomed;
      unit.welcomed = true;
      unit.helloPending = false;
      if (options_.heartbeatEvery <= 0)
        heartbeatInterval_ = std::max<Millis>(w->heartbeatIntervalMs, 10);
    } else if (std::holds_alternative<SightingAck>(env->body)) {
      ++stats_.acknowledged;
    } else if (const auto* e = std::get_if<Error>(&env->body)) {
      if (stats_.errors++ == 0) firstError_ = e->message;
      // Declared lost (the machine stalled past the grace): register again, as an agent does.
      if (e->code == ErrorCode::NOT_REGISTERED && !unit.helloPending) {
        unit.helloPending = true;
        ++stats_.registrations;
        send(unit, sampleHello(unit.callsign));
      }
    }
  }
}

bool UnitFleet::start(std::chrono::milliseconds timeout) {
  const auto deadline = Steady::now() + timeout;
  units_.reserve(static_cast<std::size_t>(options_.units));
  // Units welcomed already keep heartbeating while the others register, or the coordinator
  // would find them lost before the fleet runs.
  auto keepAlive = [&] {
    const auto now = Steady::now();
    for (auto& u : units_) {
      drain(u);
      if (u.welcomed && now - u.lastBeat >= std::chrono::milliseconds(heartbeatInterval_)) {
        if (send(u, Heartbeat{})) ++stats_.heartbeats;
        u.lastBeat = now;
      }
    }
  };
  // Connections in steps, so that the coordinator's listen backlog is not overrun.
  while (static_cast<int>(units_.size()) < options_.units) {
    const int upTo =
        std::min<int>(options_.units, static_cast<int>(units_.size()) + options_.connectsPerStep);
    for (int i = static_cast<int>(units_.size()); i < upTo; ++i) {
      Unit& u =
          units_.emplace_back(Unit{zmq::socket_t(context_, zmq::socket_type::dealer), callsign(i)});
      u.socket.set(zmq::sockopt::linger, 0);
      u.socket.connect(options_.endpoint);
      u.helloPending = true;
      send(u, sampleHello(u.callsign));
    }
    std::this_thread::sleep_for(kConnectStep);
    keepAlive();
  }
  while (stats_.welcomed < units_.size() && Steady::now() < deadline) {
    std::this_thread::sleep_for(kConnectStep);
    keepAlive();
  }
  return stats_.welcomed == units_.size();
}

void UnitFleet::run(const std::atomic<bool>& stop) {
  if (units_.empty()) return;
  const auto t0 = Steady::now();
  const auto n = static_cast<std::uint64_t>(units_.size());
  std::uint64_t beats = 0;    // heartbeats sent: the k-th is due at t0 + k * interval / n
  std::uint64_t reports = 0;  // sightings sent: the j-th is due at t0 + j / rate
  auto beatDue = [&](std::uint64_t k) {
    return t0 + std::chrono::microseconds(static_cast<std::int64_t>(
                    k * static_cast<std::uint64_t>(heartbeatInterval_) * 1000 / n));
  };
  auto reportDue = [&](std::uint64_t j) {
    if (options_.sightingsPerSecond <= 0) return Steady::time_point::max();
    return t0 + std::chrono::microseconds(static_cast<std::int64_t>(static_cast<double>(j) * 1e6 /
                                                                    options_.sightingsPerSecond));
  };
  while (!stop.load()) {
    const auto now = Steady::now();
    while (beatDue(beats) <= now) {
      Unit& u = units_[beats % n];
      ++beats;
      if (send(u, Heartbeat{})) ++stats_.heartbeats;
      drain(u);
    }
    while (reportDue(reports) <= now) {
      const std::size_t i = reports % n;
      Unit& u = units_[i];
      ++reports;
      const std::string id = "S-" + std::to_string(u.sightings++);
      if (send(u, fleetSighting(id, wallClockNow()))) ++stats_.sightings;
      drain(u);
    }
    const auto next = std::min({beatDue(beats), reportDue(reports), now + kMaxSleep});
    std::this_thread::sleep_until(next);
  }
}

void UnitFleet::close() {
  units_.clear();
}

}  // namespace fieldops::test
