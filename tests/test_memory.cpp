// The coordinator's memory follows the units, not the messages (design.md, "Memory and time";
// docs/performance.md, "Memory"): a real coordinator child under a few hundred real units on
// 127.0.0.1, its resident memory read from /proc before and after a stretch of heartbeats; and
// the heartbeat path of the core and the codec, counted for allocations in this process.
#define BOOST_TEST_MODULE memory
#include <algorithm>
#include <atomic>
#include <boost/test/unit_test.hpp>
#include <coordinator/core.hpp>
#include <coordinator/updates.hpp>
#include <cstdlib>
#include <new>
#include <protocol/codec.hpp>
#include <protocol/session.hpp>
#include <tests/support/support.hpp>
#include <tests/support/unit_fleet.hpp>
#include <thread>

using namespace fieldops;
using namespace fieldops::test;
using namespace std::chrono_literals;

// Every allocation of this test process, for the allocation-free paths below. (A replacement
// of the global operator new is the one way to count them; it only counts, and every form of
// it goes to malloc, so that the sanitizers see matching pairs.)
namespace {
std::atomic<std::uint64_t> allocations{0};
}  // namespace

void* operator new(std::size_t size) {
  ++allocations;
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) {
  return ::operator new(size);
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  ++allocations;
  return std::malloc(size == 0 ? 1 : size);
}
void* operator new[](std::size_t size, const std::nothrow_t& tag) noexcept {
  return ::operator new(size, tag);
}
void operator delete(void* p, const std::nothrow_t&) noexcept {
  std::free(p);
}
void operator delete[](void* p, const std::nothrow_t&) noexcept {
  std::free(p);
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete[](void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}
void operator delete[](void* p, std::size_t) noexcept {
  std::free(p);
}

namespace {

constexpr int kUnits = 200;
constexpr Millis kHeartbeatMs = 50;  // twenty a second a unit: the warm-up in seconds, not minutes
constexpr int kStalledDashboards = 8;
// ZeroMQ keeps each connection's messages in chunks of 256 (16 KiB) in each direction, and a
// chunk's memory is first touched as messages fill it: the process grows by about 128 bytes a
// heartbeat exchanged until each unit has sent and received 512, then no more. Measure after.
constexpr std::uint64_t kWarmUpBeats = 700;
constexpr std::uint64_t kMeasuredBeats = 700;
constexpr std::uint64_t kMeasuredHeartbeatUpdates = 30;
constexpr std::uint64_t kBoundKib = 2048;
// What units that were found lost may leave behind: their state and open alerts, not their
// connections' buffers (about 64 KiB a unit).
constexpr std::uint64_t kLeftBehindKib = 4096;

// The coordinator gives memory back through glibc's malloc_trim; a sanitizer's allocator does
// not take it back that way.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kGlibcMalloc = false;
#else
constexpr bool kGlibcMalloc = true;
#endif

// The coordinator under test; FIELDOPS_TEST_COORDINATOR names another build (to check that
// this test fails on one that grows).
std::string coordinatorBin() {
  const char* other = std::getenv("FIELDOPS_TEST_COORDINATOR");
  return other != nullptr ? other : FIELDOPS_COORDINATOR_BIN;
}

// A dashboard: a subscriber that reads and decodes every update, on a thread of its own.
class Dashboard {
 public:
  Dashboard(zmq::context_t& context, const std::string& endpoint)
      : socket_(context, zmq::socket_type::sub) {
    socket_.set(zmq::sockopt::subscribe, "");
    socket_.set(zmq::sockopt::linger, 0);
    socket_.connect(endpoint);
    thread_ = std::thread([this] { read(); });
  }
  ~Dashboard() {
    stop_ = true;
    thread_.join();
  }
  std::uint64_t heartbeats() const { return heartbeats_; }
  std::uint64_t mostUnitsInAHeartbeat() const { return mostUnits_; }

 private:
  void read() {
    zmq::pollitem_t item{socket_.handle(), 0, ZMQ_POLLIN, 0};
    zmq::message_t msg;
    while (!stop_) {
      if (zmq::poll(&item, 1, 100ms) == 0) continue;
      while (socket_.recv(msg, zmq::recv_flags::dontwait)) {
        auto env = decode(msg.to_string_view(), DecodeLimits::forReplies());
        const auto* u = env ? std::get_if<Update>(&env->body) : nullptr;
        if (u == nullptr || !u->events.empty()) continue;
        ++heartbeats_;
        mostUnits_ = std::max<std::uint64_t>(mostUnits_, u->units.size());
      }
    }
  }
  zmq::socket_t socket_;
  std::atomic<bool> stop_{false};
  std::atomic<std::uint64_t> heartbeats_{0};
  std::atomic<std::uint64_t> mostUnits_{0};
  std::thread thread_;
};

// A dashboard that stopped reading (a suspended terminal, a stalled link): ZeroMQ queues for it
// in the coordinator, up to the update stream's high-water mark.
zmq::socket_t stalledDashboard(zmq::context_t& context, const std::string& endpoint) {
  zmq::socket_t s(context, zmq::socket_type::sub);
  s.set(zmq::sockopt::subscribe, "");
  s.set(zmq::sockopt::linger, 0);
  s.set(zmq::sockopt::rcvhwm, 1);
  s.set(zmq::sockopt::rcvbuf, 4096);  // so that the kernel holds little of what queues
  s.connect(endpoint);
  return s;
}

// Waits until `done` or `limit`; false on the limit (the caller fails with what it knows).
template <class Done>
bool waitFor(Done done, std::chrono::seconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(100ms);
  }
  return true;
}

Hello longHello(const std::string& callsign) {
  Hello h = sampleHello(callsign);
  h.post = "Tabanovce border crossing, inbound lanes";
  return h;
}

}  // namespace

BOOST_AUTO_TEST_CASE(heartbeats_do_not_grow_the_coordinator_and_units_that_leave_give_back) {
  TempDir dir;
  // The sanitizers' allocator keeps freed memory in quarantine (256 MiB by default), which
  // would grow with any allocation; this test is about what the coordinator holds.
  ::setenv("ASAN_OPTIONS", "quarantine_size_mb=0:detect_leaks=0", 1);
  Child coordinator(
      coordinatorBin(),
      {"--data-dir", dir / "data", "--operation", kOperation, "--insecure-dev", "--agent-endpoint",
       "tcp://127.0.0.1:*", "--control-endpoint", "tcp://127.0.0.1:*", "--updates-endpoint",
       "tcp://127.0.0.1:*", "--heartbeat-ms", std::to_string(kHeartbeatMs), "--heartbeat-liveness",
       "100", "--log-level", "warn", "--ready-file", dir / "ready"},
      dir.path());
  const auto ready = waitReadyFile(dir / "ready", 30s);
  zmq::context_t context(1);
  Dashboard dashboard(context, ready.at("updates"));
  std::vector<zmq::socket_t> stalled;
  for (int i = 0; i < kStalledDashboards; ++i) {
    stalled.push_back(stalledDashboard(context, ready.at("updates")));
  }
  BOOST_REQUIRE(waitFor([&] { return dashboard.heartbeats() >= 2; }, 30s));
  const Resident idle = residentOf(coordinator.pid());

  UnitFleet fleet({ready.at("agent"), kOperation, true, kUnits});
  BOOST_REQUIRE_MESSAGE(fleet.start(60s), "units not welcomed: " << fleet.firstError());
  std::atomic<bool> stop{false};
  std::thread driver([&] { fleet.run(stop); });
  const auto& counts = fleet.stats();
  const bool warm = waitFor([&] { return counts.heartbeats >= kWarmUpBeats * kUnits; }, 150s);
  const Resident before = residentOf(coordinator.pid());
  const std::uint64_t updatesBefore = dashboard.heartbeats();
  const bool measured =
      warm && waitFor(
                  [&] {
                    return counts.heartbeats >= (kWarmUpBeats + kMeasuredBeats) * kUnits &&
                           dashboard.heartbeats() >= updatesBefore + kMeasuredHeartbeatUpdates;
                  },
                  150s);
  const Resident after = residentOf(coordinator.pid());
  stop = true;
  driver.join();
  BOOST_REQUIRE_MESSAGE(warm && measured, "the units' heartbeats did not arrive in time: "
                                              << counts.heartbeats << " sent");
  BOOST_TEST_MESSAGE("coordinator heap idle "
                     << idle.anonKib << " KiB, after warm-up " << before.anonKib << " KiB, after "
                     << kMeasuredBeats * kUnits << " more heartbeats " << after.anonKib << " KiB");
  BOOST_TEST(counts.errors == 0u, "no unit was refused or lost: " << fleet.firstError());
  BOOST_TEST(after.anonKib <= before.anonKib + kBoundKib,
             "the coordinator grew by " << (after.anonKib - before.anonKib) << " KiB");
  BOOST_TEST(dashboard.mostUnitsInAHeartbeat() < static_cast<std::uint64_t>(kUnits),
             "no heartbeat update carried every unit");

  // The units leave: once the coordinator has found them lost, what their connections held
  // goes back (what stays: their state and their open unitLost alerts, a few KiB each).
  fleet.close();
  ControlClient control(context, {ready.at("control"), kOperation, true});
  const bool allLost = waitFor(
      [&] {
        auto r = control.request(SnapshotQuery{}, 5s);
        const auto* snap = r ? std::get_if<Snapshot>(&*r) : nullptr;
        return snap != nullptr && std::all_of(snap->units.begin(), snap->units.end(),
                                              [](auto& u) { return u.status == UnitStatus::LOST; });
      },
      60s);
  BOOST_REQUIRE_MESSAGE(allLost, "the units that left were not found lost");
  if (!kGlibcMalloc) {
    BOOST_TEST_MESSAGE("built with a sanitizer, whose allocator keeps what it freed: what the "
                       "units left behind is checked in optimised builds");
    return;
  }
  const bool givenBack = waitFor(
      [&] { return residentOf(coordinator.pid()).anonKib <= idle.anonKib + kLeftBehindKib; }, 60s);
  const Resident left = residentOf(coordinator.pid());
  BOOST_TEST_MESSAGE("coordinator heap with the units lost: " << left.anonKib << " KiB");
  BOOST_TEST(givenBack, "after the units left the coordinator holds "
                            << (left.anonKib - idle.anonKib) << " KiB more than before they came");
  BOOST_TEST(coordinator.running());
}

BOOST_AUTO_TEST_CASE(a_heartbeat_is_received_noted_and_answered_without_allocating) {
  // Long names, so that no short-string buffer hides an allocation.
  CoreSettings settings;
  settings.operationId = "LANTERN-2026-WESTERN-BALKANS";
  OperationState state;
  const Millis t0 = 1'800'000'000'000;
  state.startedAt = t0;
  const std::vector<std::string> callsigns = {
      "TABANOVCE-NIGHT-SHIFT-01", "TABANOVCE-NIGHT-SHIFT-02", "SKOPJE-AIRPORT-ARRIVALS-1"};
  std::vector<std::string> peers;
  for (std::size_t i = 0; i < callsigns.size(); ++i) {
    peers.push_back(std::string("\0\x80\0\0", 4) + static_cast<char>('a' + i));
    apply(state, Event{t0, callsigns[i], UnitRegistered{longHello(callsigns[i])}});
    apply(state, PeerBound{peers[i], callsigns[i]});
  }
  const std::string frame =
      encode(Envelope{kProtocolVersion, settings.operationId, true, 1, t0, Heartbeat{}});
  Envelope inbound;
  Decision turn;
  Encoder encoder;
  Update heartbeat;
  const Principal caller = unauthenticatedAgent();
  auto oneSecond = [&](Millis now) {
    for (const auto& peer : peers) {
      BOOST_REQUIRE(!decodeInto(frame, inbound).has_value());
      const std::string* unit = heartbeatFrom(state, settings, peer, inbound, caller);
      BOOST_REQUIRE(unit != nullptr);
      noteHeard(state, *unit, now);
    }
    turn.events.clear();
    turn.links.clear();
    turn.out.clear();
    tick(state, settings, now, turn);
    applyFrom(state, turn, 0, 0);
    for (const auto& out : turn.out) {
      (void)encoder.encode({settings.operationId, true, 7, now}, out.body);
    }
    heartbeatUpdate(state, settings, 3, now, heartbeat);
    (void)encoder.encode({settings.operationId, true, 8, now}, heartbeat);
  };
  oneSecond(t0 + 1000);  // the first time makes the buffers
  const std::uint64_t before = allocations;
  for (int s = 2; s < 100; ++s) oneSecond(t0 + s * 1000);
  const std::uint64_t made = allocations - before;
  BOOST_TEST(made == 0u, made << " allocations for 98 seconds of heartbeats from 3 units");
  BOOST_TEST(turn.out.size() == callsigns.size(), "every unit was sent our heartbeat");
  BOOST_TEST(heartbeat.units.empty(), "nobody is quiet");
}
