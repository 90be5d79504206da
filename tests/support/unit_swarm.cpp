// The simulated units (see unit_swarm.hpp).
#include <tests/support/unit_swarm.hpp>

#include <protocol/codec.hpp>
#include <tests/support/support.hpp>

#include <algorithm>
#include <array>
#include <cerrno>
#include <system_error>
#include <cmath>
#include <thread>

#include <sys/epoll.h>
#include <unistd.h>

namespace fieldops::test {

namespace {

Millis wallMillisNow() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// ZeroMQ calls return EINTR when a signal arrives (bench_storm's restart mark, SIGUSR1): done
// again.
template <class F>
auto retryOnEintr(F f) {
  for (;;) {
    try {
      return f();
    } catch (const zmq::error_t& e) {
      if (e.num() != EINTR) throw;
    }
  }
}

constexpr auto kTimersEvery = std::chrono::milliseconds(20);
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
      epoll_(::epoll_create1(EPOLL_CLOEXEC)),
      nextMessageId_(static_cast<std::uint64_t>(wallMillisNow()) * 1000) {
  if (epoll_ < 0) throw std::system_error(errno, std::generic_category(), "epoll_create1");
  std::uniform_int_distribution<Millis> interval(
      options_.reconnectMin, std::max(options_.reconnectMin, options_.reconnectMax - 1));
  for (auto& u : units_) u.reconnectInterval = static_cast<int>(interval(random_));
}

UnitSwarm::~UnitSwarm() {
  for (auto& u : units_) close(u);
  ::close(epoll_);
}

std::string UnitSwarm::callsign(std::size_t i) const {
  return options_.prefix + std::to_string(options_.first + i);
}

void UnitSwarm::start() {
  const auto now = Clock::now();
  for (std::size_t i = 0; i < units_.size(); ++i) open(i, now);
}

void UnitSwarm::open(std::size_t i, Clock::time_point now) {
  Unit& u = units_[i];
  try {
    connect(u, i);
  } catch (const std::exception&) {  // zmq::error_t or std::system_error
    // Out of files (closed sockets are reaped by ZeroMQ later): tried again after a backoff.
    close(u);
    u.backoff = u.backoff == 0 ? kBackoffInitial : std::min<Millis>(u.backoff * 2, kBackoffMax);
    u.retryAt = now + std::chrono::milliseconds(u.backoff);
    ++openFailures_;
    return;
  }
  u.online = false;
  u.helloOut = false;
  u.helloWanted = true;
  u.lastHeard = now;
  trySendHello(i, now);
}

void UnitSwarm::connect(Unit& u, std::size_t i) {
  u.socket = std::make_unique<zmq::socket_t>(context_, zmq::socket_type::dealer);
  u.socket->set(zmq::sockopt::linger, 0);
  u.socket->set(zmq::sockopt::immediate, 1);
  u.socket->set(zmq::sockopt::reconnect_ivl, u.reconnectInterval);
  if (options_.keys) {
    if (auto keys = options_.keys(options_.first + i)) curve::makeClient(*u.socket, *keys);
  }
  u.socket->connect(options_.endpoint);
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.u64 = i;
  if (::epoll_ctl(epoll_, EPOLL_CTL_ADD, u.socket->get(zmq::sockopt::fd), &ev) != 0)
    throw std::system_error(errno, std::generic_category(), "epoll_ctl");
}

void UnitSwarm::close(Unit& u) {
  if (!u.socket) return;
  // Out of the epoll set before ZeroMQ closes the descriptor (later, on its reaper thread).
  (void)::epoll_ctl(epoll_, EPOLL_CTL_DEL, u.socket->get(zmq::sockopt::fd), nullptr);
  u.socket.reset();
}

bool UnitSwarm::send(std::size_t i, const Body& body) {
  Unit& u = units_[i];
  if (!u.socket) return false;
  const std::string bytes = encode(Envelope{kProtocolVersion, options_.operationId,
                                            options_.exercise, nextMessageId_++, wallMillisNow(),
                                            body});
  const bool sent = retryOnEintr([&] {
    return u.socket->send(zmq::buffer(bytes), zmq::send_flags::dontwait).has_value();
  });
  if (sent) u.lastSent = Clock::now();
  if (!u.draining) {
    u.draining = true;
    drain_.push_back(i);
  }
  return sent;
}

void UnitSwarm::trySendHello(std::size_t i, Clock::time_point now) {
  Unit& u = units_[i];
  if (!u.helloWanted || !send(i, sampleHello(callsign(i)))) return;
  u.helloWanted = false;
  u.helloOut = true;
  u.helloAt = now;
}

void UnitSwarm::turn(std::chrono::milliseconds wait) {
  std::array<epoll_event, 256> ready{};
  const int n = ::epoll_wait(epoll_, ready.data(), static_cast<int>(ready.size()),
                             drain_.empty() ? static_cast<int>(wait.count()) : 0);
  if (n < 0 && errno != EINTR) throw std::system_error(errno, std::generic_category(), "epoll_wait");
  // A signal (bench_storm's restart mark, SIGUSR1) interrupts the wait: a turn with nothing.
  auto now = Clock::now();
  for (int k = 0; k < n; ++k) drain(static_cast<std::size_t>(ready[k].data.u64), now);
  // Units with more to read than a turn's share, or whose signal a send may have taken.
  std::vector<std::size_t> again;
  again.swap(drain_);
  for (std::size_t i : again) units_[i].draining = false;
  for (std::size_t i : again) drain(i, now);
  if (now - lastTimers_ >= kTimersEvery) {
    timers(now);
    lastTimers_ = now;
  }
}

void UnitSwarm::drain(std::size_t i, Clock::time_point now) {
  Unit& u = units_[i];
  for (int n = 0; u.socket; ++n) {
    // ZMQ_EVENTS also takes in the socket's pending commands (a connection made or lost).
    const int events = retryOnEintr([&] { return u.socket->get(zmq::sockopt::events); });
    if (u.helloWanted && (events & ZMQ_POLLOUT)) trySendHello(i, now);
    if (!(events & ZMQ_POLLIN)) return;
    if (n == 64) {  // the rest next turn
      if (!u.draining) {
        u.draining = true;
        drain_.push_back(i);
      }
      return;
    }
    zmq::message_t msg;
    if (!retryOnEintr([&] { return u.socket->recv(msg, zmq::recv_flags::dontwait).has_value(); }))
      return;
    handle(i, msg.to_string_view(), now);
  }
}

void UnitSwarm::handle(std::size_t i, std::string_view frame, Clock::time_point now) {
  Unit& u = units_[i];
  u.lastHeard = now;
  auto env = decode(frame);
  if (!env) return;
  if (std::holds_alternative<Welcome>(env->body)) {
    // The first heartbeat at a random point of the interval: a population of agents has its
    // phases spread, not bunched by when a load client happened to connect them.
    std::uniform_int_distribution<Millis> phase(0, options_.heartbeatInterval - 1);
    u.lastSent = now - std::chrono::milliseconds(phase(random_));
    u.welcomedAt = now;
    u.online = true;
    u.helloOut = false;
    u.helloWanted = false;
    u.backoff = 0;
    ++welcomes_;
  } else if (const auto* e = std::get_if<Error>(&env->body)) {
    // The coordinator restarted and does not know this connection: hello again, unless a hello
    // is already on its way.
    if (e->code == ErrorCode::NOT_REGISTERED && !u.helloOut) {
      u.online = false;
      u.helloWanted = true;
      trySendHello(i, now);
    }
  } else if (const auto* ack = std::get_if<SightingAck>(&env->body)) {
    if (auto sent = reportSentAt_.find(ack->sightingId); sent != reportSentAt_.end()) {
      latencies_.push_back(std::chrono::duration<double, std::milli>(now - sent->second).count());
      reportSentAt_.erase(sent);
    }
  }
}

void UnitSwarm::timers(Clock::time_point now) {
  for (std::size_t i = 0; i < units_.size(); ++i) {
    if (units_[i].present) unitTimers(i, now);
  }
}

void UnitSwarm::unitTimers(std::size_t i, Clock::time_point now) {
  Unit& u = units_[i];
  const auto interval = std::chrono::milliseconds(options_.heartbeatInterval);
  const auto window = interval * options_.liveness;
  if (!u.socket) {
    if (now >= u.retryAt) open(i, now);
    return;
  }
  if (u.online) {
    if (now - u.lastHeard >= window) {
      // The coordinator went silent: hello again after a pause drawn over the window.
      u.online = false;
      std::uniform_int_distribution<Millis> pause(0, options_.heartbeatInterval * options_.liveness);
      u.retryAt = now + std::chrono::milliseconds(pause(random_));
      return;
    }
    if (now - u.lastSent >= interval) (void)send(i, Heartbeat{});
    return;
  }
  if (u.helloOut && now - u.helloAt >= window) {
    // No welcome for that hello: another after the agent's backoff (equal jitter).
    u.helloOut = false;
    u.backoff = u.backoff == 0 ? kBackoffInitial : std::min<Millis>(u.backoff * 2, kBackoffMax);
    std::uniform_int_distribution<Millis> jitter(0, u.backoff / 2);
    u.retryAt = now + std::chrono::milliseconds(u.backoff / 2 + jitter(random_));
    return;
  }
  if (!u.helloOut && now >= u.retryAt) {
    // Normally the hello goes when the connection signals it takes messages (drain); this is
    // the fallback, ten times a second while none does.
    u.helloWanted = true;
    trySendHello(i, now);
    if (u.helloWanted) u.retryAt = now + std::chrono::milliseconds(100);
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
  close(units_[i]);
}

void UnitSwarm::report(std::size_t i) {
  Sighting s = sampleSighting(callsign(i) + "-s" + std::to_string(++nextSighting_), wallMillisNow());
  if (send(i, s)) reportSentAt_[s.sightingId] = Clock::now();
}

std::vector<double> UnitSwarm::takeAckLatencies() {
  std::vector<double> out;
  out.swap(latencies_);
  return out;
}

}  // namespace fieldops::test
