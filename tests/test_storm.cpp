// Restarts with many units connected (issue 18): a real coordinator child stopped (cleanly, then
// with SIGKILL) and started again on the same port while a crowd of units heartbeats. Every unit
// that comes back is not lost, however many reconnect at once; one that stays away still is,
// once the restart grace has passed (docs/coordinator.md, "Restarts").
#define BOOST_TEST_MODULE storm
#include <boost/test/unit_test.hpp>

#include <coordinator/core.hpp>
#include <coordinator/store.hpp>
#include <tests/support/support.hpp>
#include <tests/support/unit_swarm.hpp>

#include <csignal>
#include <filesystem>
#include <map>
#include <thread>

using namespace fieldops;
using namespace fieldops::test;
using namespace std::chrono_literals;

namespace {

constexpr std::size_t kUnits = 500;  // the full 10,000 is tests/bench/bench_storm
constexpr std::size_t kAway = 0;     // the unit that does not come back

class CoordinatorProcess {
 public:
  explicit CoordinatorProcess(const TempDir& dir) : dir_(dir) {}

  // Starts a coordinator on the agent endpoint (an ephemeral port the first time, then the same
  // one, as a restarted coordinator would be) and waits until it is listening.
  void start(UnitSwarm* swarm) {
    const std::string ready = dir_ / ("ready-" + std::to_string(++round_));
    child_ = std::make_unique<Child>(
        FIELDOPS_COORDINATOR_BIN,
        std::vector<std::string>{"--data-dir", dir_ / "data", "--insecure-dev", "--operation",
                                 kOperation, "--agent-endpoint", agent_, "--control-endpoint",
                                 "tcp://127.0.0.1:*", "--updates-endpoint", "tcp://127.0.0.1:*",
                                 "--ready-file", ready, "--log-level", "warn", "--map-size-mb",
                                 "256"},
        dir_.path());
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    while (!std::filesystem::exists(ready) && std::chrono::steady_clock::now() < deadline) {
      if (swarm != nullptr) swarm->runFor(20ms);  // the units go on as they would
      else std::this_thread::sleep_for(20ms);
    }
    agent_ = waitReadyFile(ready, 1s).at("agent");
  }
  // Stops it with `sig`, the units going on meanwhile.
  void stop(int sig, UnitSwarm& swarm) {
    child_->signal(sig);
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    while (child_->running() && std::chrono::steady_clock::now() < deadline) swarm.runFor(20ms);
    BOOST_REQUIRE(!child_->running());
    child_.reset();
  }
  const std::string& agentEndpoint() const { return agent_; }

 private:
  const TempDir& dir_;
  std::string agent_ = "tcp://127.0.0.1:*";
  int round_ = 0;
  std::unique_ptr<Child> child_;
};

// unitLost events in the store, by callsign.
std::map<std::string, int> lostUnits(const TempDir& dir) {
  EventStore store(StoreOptions{dir / "data", kOperation, true, 256 << 20, true});
  std::map<std::string, int> lost;
  store.forEachEvent([&](const StoredEvent& e) {
    if (!e.body) return;
    if (const auto* l = std::get_if<UnitLost>(&*e.body)) ++lost[l->callsign];
  });
  return lost;
}

// Lets the restarted coordinator's grace pass for sure: every unit back, then the grace
// (liveness window + the allowance per known unit) and as much again, from the restart.
void throughTheGrace(UnitSwarm& swarm, UnitSwarm::Clock::time_point restartedAt) {
  BOOST_REQUIRE_MESSAGE(
      swarm.runUntil([&] { return swarm.allWelcomedSince(restartedAt).has_value(); }, 90s),
      swarm.welcomedSince(restartedAt) << " of " << swarm.size() - 1 << " units back");
  const auto grace = std::chrono::milliseconds(restartGrace(CoreSettings{}, kUnits));
  const auto until = restartedAt + 2 * grace;
  while (UnitSwarm::Clock::now() < until) swarm.runFor(50ms);
}

}  // namespace

BOOST_AUTO_TEST_CASE(units_that_reconnect_after_restarts_are_never_lost_and_one_that_stays_away_is) {
  TempDir dir;
  CoordinatorProcess coordinator(dir);
  coordinator.start(nullptr);
  zmq::context_t context(1);
  raiseSocketLimit(context, kUnits);
  SwarmOptions options;
  options.endpoint = coordinator.agentEndpoint();
  options.operationId = kOperation;
  options.count = kUnits;
  UnitSwarm swarm(context, options);
  const auto begin = UnitSwarm::Clock::now();
  swarm.start();
  BOOST_REQUIRE_MESSAGE(
      swarm.runUntil([&] { return swarm.allWelcomedSince(begin).has_value(); }, 90s),
      swarm.welcomedSince(begin) << " of " << kUnits << " units registered");
  swarm.runFor(1500ms);  // heartbeating

  // A clean restart; one unit leaves at the same moment and never returns.
  swarm.leave(kAway);
  coordinator.stop(SIGTERM, swarm);
  swarm.runFor(300ms);
  auto restartedAt = UnitSwarm::Clock::now();
  coordinator.start(&swarm);
  throughTheGrace(swarm, restartedAt);

  // A crash: the store knows the unit that stayed away is lost already, and no grace is owed.
  coordinator.stop(SIGKILL, swarm);
  swarm.runFor(300ms);
  restartedAt = UnitSwarm::Clock::now();
  coordinator.start(&swarm);
  throughTheGrace(swarm, restartedAt);
  coordinator.stop(SIGTERM, swarm);

  const auto lost = lostUnits(dir);
  BOOST_TEST(lost.size() == 1u, lost.size() << " units lost (expected only the one away)");
  BOOST_TEST(lost.count(swarm.callsign(kAway)) == 1u);
  if (lost.count(swarm.callsign(kAway))) BOOST_TEST(lost.at(swarm.callsign(kAway)) == 1);
}
