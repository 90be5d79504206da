// A coordinator child process killed with SIGKILL at random moments during ingest, restarted
// each time: nothing acknowledged is lost, nothing is stored twice, the hash chain verifies.
#define BOOST_TEST_MODULE crash
#include <boost/test/unit_test.hpp>

#include <coordinator/store.hpp>
#include <protocol/session.hpp>
#include <tests/support/support.hpp>

#include <csignal>
#include <map>
#include <random>
#include <set>

using namespace fieldops;
using namespace fieldops::test;
using namespace std::chrono_literals;

namespace {

constexpr int kRestarts = 24;
constexpr std::size_t kWindow = 200;  // sightings in flight

std::unique_ptr<Child> startCoordinator(const TempDir& dir, int round) {
  const std::string ready = dir / ("ready-" + std::to_string(round));
  auto child = std::make_unique<Child>(
      FIELDOPS_COORDINATOR_BIN,
      std::vector<std::string>{"--data-dir", dir / "data", "--insecure-dev", "--operation", kOperation,
                               "--agent-endpoint", "tcp://127.0.0.1:*", "--updates-endpoint", "tcp://127.0.0.1:*", "--control-endpoint",
                               "tcp://127.0.0.1:*", "--ready-file", ready, "--log-level", "warn",
                               "--map-size-mb", "256"},
      dir.path());
  waitReadyFile(ready, 30s);
  return child;
}

}  // namespace

BOOST_AUTO_TEST_CASE(acknowledged_sightings_survive_sigkill_at_random_moments) {
  TempDir dir;
  std::mt19937 random(20261123);
  std::uniform_int_distribution<int> killAfterMs(20, 400);
  zmq::context_t context(1);

  std::uint64_t nextId = 0;
  std::set<std::string> acknowledged;
  std::map<std::string, int> unacknowledged;  // sent but not yet acknowledged: resent later
  std::size_t totalSends = 0;

  for (int round = 0; round < kRestarts; ++round) {
    auto coordinator = startCoordinator(dir, round);
    const auto endpoints = waitReadyFile(dir / ("ready-" + std::to_string(round)), 1s);
    Session agent(context, {endpoints.at("agent"), kOperation, true});
    agent.send(sampleHello("FOXTROT-6"), wallClockNow());

    // Resend what was never acknowledged (as an outbox would), then keep sending new ones.
    std::vector<std::string> queue;
    for (const auto& [id, n] : unacknowledged) queue.push_back(id);
    const auto killAt = std::chrono::steady_clock::now() + std::chrono::milliseconds(killAfterMs(random));
    std::size_t inFlight = 0;
    bool welcomed = false;
    while (std::chrono::steady_clock::now() < killAt) {
      while (welcomed && inFlight < kWindow) {
        std::string id;
        if (!queue.empty()) {
          id = queue.back();
          queue.pop_back();
        } else {
          id = "F-" + std::to_string(nextId++);
        }
        BOOST_REQUIRE(agent.send(sampleSighting(id), wallClockNow()) != 0);
        ++unacknowledged[id];
        ++inFlight;
        ++totalSends;
      }
      auto env = agent.receive(5ms);
      if (!env) continue;
      if (std::holds_alternative<Welcome>(env->body)) welcomed = true;
      if (auto* ack = std::get_if<SightingAck>(&env->body)) {
        acknowledged.insert(ack->sightingId);
        unacknowledged.erase(ack->sightingId);
        inFlight = inFlight > 0 ? inFlight - 1 : 0;
      }
    }
    coordinator->signal(SIGKILL);
    BOOST_REQUIRE(coordinator->wait(10s).value_or(0) == 128 + SIGKILL);
  }
  BOOST_TEST_MESSAGE("sent " << totalSends << ", acknowledged " << acknowledged.size() << " over "
                             << kRestarts << " kills");
  // Not vacuous: some sightings were acknowledged (how many depends on the machine's speed).
  BOOST_TEST(!acknowledged.empty());

  // Inspect the store the killed coordinators left behind.
  EventStore store(StoreOptions{dir / "data", kOperation, true, 256 << 20, true});
  std::map<std::string, int> recorded;
  store.forEachEvent([&](const StoredEvent& e) {
    if (e.body) {
      if (const auto* s = std::get_if<SightingRecorded>(&*e.body)) ++recorded[s->sighting.sightingId];
    }
  });
  for (const auto& id : acknowledged) {
    BOOST_TEST_CONTEXT(id) { BOOST_TEST(recorded.count(id) == 1u); }
  }
  for (const auto& [id, n] : recorded) {
    BOOST_TEST_CONTEXT(id) { BOOST_TEST(n == 1); }
  }
  const ChainReport chain = store.verifyChain();
  BOOST_TEST(chain.ok, chain.problem);
  BOOST_TEST(chain.events == store.lastSeq());
  BOOST_TEST(store.sightings(0, 1000000).size() == recorded.size());
}
