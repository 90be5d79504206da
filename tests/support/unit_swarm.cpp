// The simulated units (see unit_swarm.hpp).
#include <tests/support/unit_swarm.hpp>

#include <protocol/codec.hpp>
#include <tests/support/support.hpp>

#include <algorithm>
#include <cmath>
#include <thread>

namespace fieldops::test {

namespace {

Millis wallMillisNow() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

constexpr auto kTimersEvery = std::chrono::milliseconds(10);
// fieldops-agent's defaults (--backoff-max-ms).
constexpr Millis kBackoffInitial = 500;
constexpr Millis kBackoffMax = 30000;

}  // namespace

void raiseSocketLimit(zmq::context_t& context, std::size_t sockets) {
  const int wanted = static_cast<int>(sockets + 64);
  if (context.get(zmq::ctxopt::max_sockets) < wanted) context.set(zmq::ctxopt::max_sockets, wanted);
}

double percentile(std::vector<double>& values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(values.size())));
  return values[std::min(values.size() - 1, rank == 0 ? 0 : rank - 1)];
}

UnitSwarm::UnitSwarm(zmq::context_t& context, SwarmOptions options)
    : context_(context),
      options_(std::move(options)),
      random_(options_.seed),
      units_(options_.count),
      nextMessageId_(static_cast<std::uint64_t>(wallMillisNow()) * 1000) {
  std::uniform_int_distribution<Millis> interval(
      options_.reconnectMin, std::max(options_.reconnectMin, options_.reconnectMax - 1));
  for (auto& u : units_) u.reconnectInterval = static_cast<int>(interval(random_));
}

UnitSwarm::~UnitSwarm() = default;

std::string UnitSwarm::callsign(std::size_t i) const {
  return options_.prefix + std::to_string(options_.first + i);
}

void UnitSwarm::start() {
  for (std::size_t i = 0; i < units_.size(); ++i) open(i);
}

void UnitSwarm::open(std::size_t i) {
  Unit& u = units_[i];
  try {
    connect(u, i);
  } catch (const zmq::error_t& e) {
    // Out of files (closed sockets are reaped by ZeroMQ later): tried again after a backoff.
    u.socket.reset();
    itemsStale_ = true;
    u.online = false;
    u.backoff = u.backoff == 0 ? kBackoffInitial : std::min<Millis>(u.backoff * 2, kBackoffMax);
    u.reopenAt = Clock::now() + std::chrono::milliseconds(u.backoff);
    ++openFailures_;
  }
}

void UnitSwarm::connect(Unit& u, std::size_t i) {
  u.socket = std::make_unique<zmq::socket_t>(context_, zmq::socket_type::dealer);
  u.socket->set(zmq::sockopt::linger, 0);
  u.socket->set(zmq::sockopt::reconnect_ivl, u.reconnectInterval);
  if (options_.keys) {
    if (auto keys = options_.keys(options_.first + i)) curve::makeClient(*u.socket, *keys);
  }
  u.socket->connect(options_.endpoint);
  u.lastHeard = Clock::now();
  u.openedAt = u.lastHeard;
  u.online = false;
  itemsStale_ = true;
  Hello hello = sampleHello(callsign(i));
  send(i, hello);
}

void UnitSwarm::send(std::size_t i, const Body& body) {
  Unit& u = units_[i];
  if (!u.socket) return;
  const std::string bytes = encode(Envelope{kProtocolVersion, options_.operationId,
                                            options_.exercise, nextMessageId_++, wallMillisNow(),
                                            body});
  (void)u.socket->send(zmq::buffer(bytes), zmq::send_flags::dontwait);
  u.lastSent = Clock::now();
}

void UnitSwarm::rebuildPollItems() {
  items_.clear();
  itemUnit_.clear();
  for (std::size_t i = 0; i < units_.size(); ++i) {
    if (!units_[i].socket) continue;
    items_.push_back({units_[i].socket->handle(), 0, ZMQ_POLLIN, 0});
    itemUnit_.push_back(i);
  }
  itemsStale_ = false;
}

void UnitSwarm::turn(std::chrono::milliseconds wait) {
  if (itemsStale_) rebuildPollItems();
  if (items_.empty()) {
    std::this_thread::sleep_for(wait);
  } else {
    try {
      zmq::poll(items_.data(), items_.size(), wait);
    } catch (const zmq::error_t& e) {
      // A signal (bench_storm's restart mark, SIGUSR1) interrupts the poll: a turn with nothing.
      if (e.num() != EINTR) throw;
      return;
    }
  }
  auto now = Clock::now();
  for (std::size_t k = 0; k < items_.size(); ++k) {
    if (!(items_[k].revents & ZMQ_POLLIN)) continue;
    const std::size_t i = itemUnit_[k];
    for (int n = 0; n < 64 && units_[i].socket; ++n) {
      zmq::message_t msg;
      if (!units_[i].socket->recv(msg, zmq::recv_flags::dontwait)) break;
      handle(i, msg.to_string_view(), now);
    }
  }
  if (now - lastTimers_ >= kTimersEvery) {
    timers(now);
    lastTimers_ = now;
  }
}

void UnitSwarm::handle(std::size_t i, std::string_view frame, Clock::time_point now) {
  Unit& u = units_[i];
  u.lastHeard = now;
  auto env = decode(frame);
  if (!env) return;
  if (std::holds_alternative<Welcome>(env->body)) {
    u.welcomedAt = now;
    u.online = true;
    u.backoff = 0;
    ++welcomes_;
  } else if (const auto* e = std::get_if<Error>(&env->body)) {
    if (e->code == ErrorCode::NOT_REGISTERED) send(i, sampleHello(callsign(i)));
  } else if (const auto* ack = std::get_if<SightingAck>(&env->body)) {
    if (auto sent = reportSentAt_.find(ack->sightingId); sent != reportSentAt_.end()) {
      latencies_.push_back(std::chrono::duration<double, std::milli>(now - sent->second).count());
      reportSentAt_.erase(sent);
    }
  }
}

void UnitSwarm::timers(Clock::time_point now) {
  const auto interval = std::chrono::milliseconds(options_.heartbeatInterval);
  const auto window = interval * options_.liveness;
  for (std::size_t i = 0; i < units_.size(); ++i) {
    Unit& u = units_[i];
    if (!u.present) continue;
    if (!u.socket) {
      if (now >= u.reopenAt) open(i);
      continue;
    }
    if (!u.online && now - u.openedAt >= window) {
      // No welcome on this connection: a new one after the agent's backoff (equal jitter).
      u.socket.reset();
      itemsStale_ = true;
      u.backoff = u.backoff == 0 ? kBackoffInitial : std::min<Millis>(u.backoff * 2, kBackoffMax);
      std::uniform_int_distribution<Millis> jitter(0, u.backoff / 2);
      u.reopenAt = now + std::chrono::milliseconds(u.backoff / 2 + jitter(random_));
      continue;
    }
    if (u.online && now - u.lastHeard >= window) {
      // The coordinator went silent: a new connection after a pause drawn over the window.
      u.socket.reset();
      itemsStale_ = true;
      std::uniform_int_distribution<Millis> pause(0, options_.heartbeatInterval * options_.liveness);
      u.reopenAt = now + std::chrono::milliseconds(pause(random_));
      continue;
    }
    if (now - u.lastSent >= interval) send(i, Heartbeat{});
  }
}

bool UnitSwarm::runUntil(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
  const auto end = Clock::now() + timeout;
  while (!done()) {
    if (Clock::now() >= end) return false;
    turn(std::chrono::milliseconds(5));
  }
  return true;
}

void UnitSwarm::runFor(std::chrono::milliseconds duration) {
  const auto end = Clock::now() + duration;
  while (Clock::now() < end) turn(std::chrono::milliseconds(5));
}

std::size_t UnitSwarm::welcomedSince(Clock::time_point since) const {
  return static_cast<std::size_t>(std::count_if(units_.begin(), units_.end(), [&](const Unit& u) {
    return u.present && u.welcomedAt >= since;
  }));
}

std::optional<UnitSwarm::Clock::time_point> UnitSwarm::allWelcomedSince(
    Clock::time_point since) const {
  Clock::time_point last = since;
  for (const auto& u : units_) {
    if (!u.present) continue;
    if (u.welcomedAt < since) return std::nullopt;
    last = std::max(last, u.welcomedAt);
  }
  return last;
}

void UnitSwarm::leave(std::size_t i) {
  units_[i].present = false;
  units_[i].socket.reset();
  itemsStale_ = true;
}

void UnitSwarm::report(std::size_t i) {
  Sighting s = sampleSighting(callsign(i) + "-s" + std::to_string(++nextSighting_), wallMillisNow());
  reportSentAt_[s.sightingId] = Clock::now();
  send(i, s);
}

std::vector<double> UnitSwarm::takeAckLatencies() {
  std::vector<double> out;
  out.swap(latencies_);
  return out;
}

}  // namespace fieldops::test
