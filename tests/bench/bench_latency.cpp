// bench_latency [small] [large] [seconds] [coordinator-bin]: acknowledgement latency at scale.
// A coordinator child with `small` (100) and then `large` (10,000) connected units heartbeating
// every second (child processes, tests/bench/swarm_rig.hpp), and a light sighting stream from 10
// of them (50 a second in all, in this process): ack round trip p50/p99 at both sizes and the
// ratio of the p99s (target <= 1.5), without and with CURVE (docs/performance.md, "Restarts and
// scale").
#include <tests/bench/swarm_rig.hpp>

#include <cstdio>

using namespace fieldops;
using namespace fieldops::bench;

namespace {

constexpr std::size_t kReporters = 10;
constexpr auto kReportEvery = 20ms;  // one sighting from one of them: 50 a second

struct Figures {
  double p50 = 0, p99 = 0;
  std::size_t samples = 0;
};

Figures measure(const std::string& self, const std::string& bin, std::size_t units, bool curve,
                std::chrono::seconds duration) {
  TempDir dir;
  std::unique_ptr<SwarmKeys> keys;
  if (curve) keys = std::make_unique<SwarmKeys>(dir, units);
  CoordinatorChild coordinator(bin, dir, keys.get());
  coordinator.start();
  // Units kReporters.. are the load; 0..kReporters-1 report from here.
  // At the lowest priority: the units are other machines (docs/performance.md).
  SwarmChildren load(self, dir, coordinator.agent(), kReporters, units - kReporters, 1000,
                     keys.get(), 19);
  if (!load.waitAll("registered", 1, 300s)) throw std::runtime_error("the load did not register");
  zmq::context_t context(1);
  test::SwarmOptions o;
  o.endpoint = coordinator.agent();
  o.operationId = test::kOperation;
  o.count = kReporters;
  if (keys) o.keys = [&](std::size_t i) { return keys->keysOf(i); };
  test::UnitSwarm reporters(context, o);
  const auto begin = Steady::now();
  reporters.start();
  if (!reporters.runUntil([&] { return reporters.allWelcomedSince(begin).has_value(); }, 60s)) {
    throw std::runtime_error("the reporters did not register");
  }
  reporters.runFor(3s);  // settle
  (void)reporters.takeAckLatencies();
  const auto end = Steady::now() + duration;
  std::size_t next = 0;
  auto due = Steady::now();
  while (Steady::now() < end) {
    if (Steady::now() >= due) {
      reporters.report(next++ % kReporters);
      due += kReportEvery;
    }
    reporters.turn(1ms);
  }
  reporters.runFor(2s);  // the last acknowledgements
  auto latencies = reporters.takeAckLatencies();
  Figures f;
  f.samples = latencies.size();
  f.p50 = test::percentile(latencies, 50);
  f.p99 = test::percentile(latencies, 99);
  coordinator.stop(SIGTERM);
  return f;
}

}  // namespace

namespace {

int run(int argc, char** argv) {
  const std::size_t small = argc > 1 ? std::stoul(argv[1]) : 100;
  const std::size_t large = argc > 2 ? std::stoul(argv[2]) : 10'000;
  const std::chrono::seconds duration(argc > 3 ? std::stol(argv[3]) : 20);
  const std::string bin = argc > 4 ? argv[4] : FIELDOPS_COORDINATOR_BIN;
  for (const bool curve : {false, true}) {
    const Figures a = measure(selfPath(), bin, small, curve, duration);
    const Figures b = measure(selfPath(), bin, large, curve, duration);
    std::printf("%-6s %6zu units: ack p50 %7.2f ms  p99 %7.2f ms  (%zu sightings)\n",
                curve ? "CURVE" : "plain", small, a.p50, a.p99, a.samples);
    std::printf("%-6s %6zu units: ack p50 %7.2f ms  p99 %7.2f ms  (%zu sightings)\n",
                curve ? "CURVE" : "plain", large, b.p50, b.p99, b.samples);
    std::printf("%-6s p99 ratio %zu/%zu: %.2f (target <= 1.5)\n", curve ? "CURVE" : "plain",
                large, small, a.p99 > 0 ? b.p99 / a.p99 : 0.0);
    std::fflush(stdout);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  return swarmBenchMain(argc, argv, "bench_latency", "[small] [large] [seconds] [coordinator-bin]", run);
}
