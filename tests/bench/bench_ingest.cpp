// Benchmark (not a test): durable, acknowledged sightings per second from 64 concurrent agents
// against a raw ZeroMQ DEALER/ROUTER acknowledgement baseline with the same 300-byte payload and
// no storage, measured in the same run. Prints both rates and their ratio.
// Usage: bench_ingest [messages-per-agent] [agents] [window] [rounds]. See docs/performance.md.
#include "ingest_rig.hpp"

#include <cstdio>
#include <cstdlib>

using namespace fieldops;
using namespace fieldops::bench;

int main(int argc, char** argv) {
  const int perAgent = argc > 1 ? std::atoi(argv[1]) : 500;
  const int agents = argc > 2 ? std::atoi(argv[2]) : 64;
  const int window = argc > 3 ? std::atoi(argv[3]) : 16;
  const int rounds = argc > 4 ? std::atoi(argv[4]) : 5;
  constexpr std::size_t kFrameBytes = 300;
  const std::string frame = padTo(sightingOf(1), kFrameBytes);
  std::printf("agents %d, %d sightings each, window %d, frame %zu bytes, %d rounds\n", agents,
              perAgent, window, frame.size(), rounds);
  // Frames prepared before the clock starts: the client's encoding is not what we measure.
  std::vector<std::vector<std::string>> frames(agents);
  for (int a = 0; a < agents; ++a) {
    for (int n = 0; n < perAgent; ++n) {
      frames[a].push_back(padTo(sightingOf(static_cast<std::uint64_t>(a) * 1000000 + n), kFrameBytes));
    }
  }
  // Baseline and FieldOps alternate, so a slow moment of the disk or the CPU hits both alike;
  // the medians are reported.
  std::vector<double> raws, durables, ratios;
  for (int r = 0; r < rounds; ++r) {
    const Result raw = baseline(agents, perAgent, window, frame);
    double loopCpu = 0;
    IngestSetup setup;
    setup.loopCpuSeconds = &loopCpu;
    const Result durable = durableIngest(frames, window, setup);
    const double wall = static_cast<double>(durable.messages) / durable.perSecond;
    std::printf(
        "round %d: baseline %9.0f msg/s, fieldops %9.0f msg/s, ratio %.2f; loop CPU %.1f us "
        "per sighting, busy %.0f%% of the run\n",
        r + 1, raw.perSecond, durable.perSecond, durable.perSecond / raw.perSecond,
        loopCpu * 1e6 / static_cast<double>(durable.messages), 100 * loopCpu / wall);
    raws.push_back(raw.perSecond);
    durables.push_back(durable.perSecond);
    ratios.push_back(durable.perSecond / raw.perSecond);
  }
  std::printf("median baseline  raw DEALER/ROUTER ack : %10.0f msg/s\n", median(raws));
  std::printf("median fieldops  durable sighting ack  : %10.0f msg/s\n", median(durables));
  std::printf("median ratio                           : %10.2f (target >= 0.30)\n", median(ratios));
  return 0;
}
