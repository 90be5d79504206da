// bench_storm [units] [reconnect-max-ms] [coordinator-bin]: 10,000 units (child processes of
// 1,000, tests/bench/swarm_rig.hpp) register at once with a coordinator child, heartbeat, and
// the coordinator is restarted cleanly (SIGTERM) on the same port. Prints the time until all
// registered, until all re-registered after the restart, the false unitLost count (must be 0),
// and the kernel's listen queue counters before and after (docs/performance.md, "Restarts and
// scale"). reconnect-max-ms 101 gives every unit ZeroMQ's default reconnect interval (100 ms),
// as the agents had before issue 18.
#include <coordinator/core.hpp>
#include <coordinator/store.hpp>
#include <tests/bench/swarm_rig.hpp>


using namespace fieldops;
using namespace fieldops::bench;

namespace {

int run(int argc, char** argv) {
  const std::size_t units = argc > 1 ? std::stoul(argv[1]) : 10'000;
  const Millis reconnectMax = argc > 2 ? std::stol(argv[2]) : 1000;
  const std::string bin = argc > 3 ? argv[3] : FIELDOPS_COORDINATOR_BIN;
  const auto seconds = [](Steady::duration d) { return std::chrono::duration<double>(d).count(); };

  TempDir dir;
  CoordinatorChild coordinator(bin, dir, nullptr);
  coordinator.start();
  const ListenCounters before = listenCounters();
  const auto launched = Steady::now();
  SwarmChildren swarm(selfPath(), dir, coordinator.agent(), 0, units, reconnectMax, nullptr);
  const auto registered = swarm.waitAll("registered", 1, 300s);
  if (!registered) {
    std::cerr << "not every unit registered within 300 s; the load clients:\n" << swarm.progress();
    return 1;
  }
  std::cout << units << " units registered at once in " << seconds(*registered - launched)
            << " s (from launching the load clients)\n";
  std::this_thread::sleep_for(5s);  // heartbeating

  const ListenCounters beforeRestart = listenCounters();
  const auto wallMillis = [] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  };
  const Millis stoppedAt = wallMillis();
  coordinator.stop(SIGTERM);
  std::this_thread::sleep_for(500ms);
  swarm.mark();
  coordinator.start();
  const auto back = swarm.waitAll("back", 1, 300s);
  if (!back) {
    std::cerr << "not every unit re-registered within 300 s; the load clients:\n"
              << swarm.progress();
  }
  const auto grace = std::chrono::milliseconds(restartGrace(CoreSettings{}, units));
  // Past the grace for sure before looking for lost units.
  std::this_thread::sleep_until(coordinator.readyAt() + grace + 3s);
  const ListenCounters after = listenCounters();
  coordinator.stop(SIGTERM);

  // Lost before the restart (the registration storm) and after it, with the first and last
  // time after the restart.
  std::size_t lostBefore = 0, lostAfter = 0;
  Millis firstAfter = 0, lastAfter = 0;
  {
    EventStore store(StoreOptions{dir / "data", test::kOperation, true, 4096ull << 20, true});
    store.forEachEvent([&](const StoredEvent& e) {
      if (!e.body || !std::holds_alternative<UnitLost>(*e.body)) return;
      if (e.header.at < stoppedAt) {
        ++lostBefore;
        return;
      }
      ++lostAfter;
      if (firstAfter == 0) firstAfter = e.header.at;
      lastAfter = e.header.at;
    });
  }
  const std::size_t lost = lostBefore + lostAfter;
  std::cout << "restart: ready " << seconds(coordinator.readyAt() - coordinator.startedAt())
            << " s after launch; all " << units << " re-registered "
            << (back ? std::to_string(seconds(*back - coordinator.readyAt())) + " s after ready"
                     : std::string("NEVER"))
            << "; grace " << seconds(grace) << " s\n"
            << "false unitLost events: " << lost << (lost == 0 ? " (ok)" : " (FAIL)") << ": "
            << lostBefore << " before the restart, " << lostAfter << " after it"
            << (lostAfter > 0 ? " (" + std::to_string((firstAfter - stoppedAt) / 1000.0) + " to " +
                                    std::to_string((lastAfter - stoppedAt) / 1000.0) +
                                    " s after the stop)"
                              : std::string())
            << "\n"
            << "ListenOverflows: +" << beforeRestart.overflows - before.overflows
            << " while registering, +" << after.overflows - beforeRestart.overflows
            << " over the restart; ListenDrops: +" << beforeRestart.drops - before.drops
            << " / +" << after.drops - beforeRestart.drops << "\n";
  return lost == 0 && back ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  return swarmBenchMain(argc, argv, "bench_storm", "[units] [reconnect-max-ms] [coordinator-bin]", run);
}
