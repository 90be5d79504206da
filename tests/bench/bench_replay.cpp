// Benchmark (not a test): a generated 24-hour exercise of at least 1,000,000 sightings (units
// reporting routinely, plus injects) replayed at full speed by fieldops-replay's runner through
// a real coordinator child (stepped exercise clock, synced LMDB commits), against raw
// coordinator ingest (ingest_rig.hpp, 64 agents, window 16) measured in the same run.
// Usage: bench_replay [units] [step-seconds] [sightings] [coordinator-bin]. See
// docs/performance.md.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <scenarios/replay/runner.hpp>
#include <sstream>

#include "ingest_rig.hpp"

using namespace fieldops;
using namespace fieldops::replay;

namespace {

constexpr Millis kDay = 24 * 3600 * 1000LL;

// Units at three posts, each reporting every `interval`; a minor found alone every 15 min.
Scenario generated(int units, std::uint64_t sightings) {
  Scenario s;
  s.file = "(generated)";
  s.operation = {"BENCH-REPLAY", "Replay benchmark", {}, 1'800'000'000'000, kDay, 60'000};
  s.posts = {{"Tabanovce border crossing", "landBorder", {42.2106, 21.6993}, false, {}},
             {"Kumanovo railway station", "railwayStation", {42.1322, 21.7144}, false, {}},
             {"Skopje airport", "airport", {41.9616, 21.6214}, false, {}}};
  const Millis interval =
      static_cast<Millis>(static_cast<double>(kDay) * units / static_cast<double>(sightings));
  for (int u = 0; u < units; ++u) {
    UnitSpec spec;
    spec.callsign = "U-" + std::to_string(u);
    spec.post = s.posts[u % 3].name;
    spec.position = s.posts[u % 3].position;
    spec.capabilities.childProtectionTrained = u % 4 == 0;
    spec.capabilities.documentCheck = true;
    spec.behaviour.reportInterval = interval;
    spec.behaviour.jitter = 0.2;
    s.units.push_back(spec);
  }
  for (Millis t = 15 * 60'000; t < kDay; t += 15 * 60'000) {
    Inject in;
    in.id = "I-" + std::to_string(t / 60'000);
    in.at = t;
    in.kind = InjectKind::minorAlone;
    in.unit = s.units[static_cast<std::size_t>(t / 60'000) % s.units.size()].callsign;
    in.sighting.sightingId = in.id;
    in.sighting.personCount = 1;
    in.sighting.minorCount = 1;
    in.sighting.indicators = {Indicator::UNACCOMPANIED_MINOR};
    in.sighting.post = s.unit(in.unit)->post;
    in.sighting.position = s.unit(in.unit)->position;
    s.injects.push_back(in);
  }
  return s;
}

// Peak resident memory of this process so far (the runner; the coordinator is a child).
long peakKb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::atol(line.c_str() + 6);
  }
  return 0;
}

double rawIngest() {
  constexpr int kAgents = 64, kPerAgent = 2000, kWindow = 16;
  std::vector<std::vector<std::string>> frames(kAgents);
  for (int a = 0; a < kAgents; ++a) {
    for (int n = 0; n < kPerAgent; ++n) {
      frames[a].push_back(
          bench::padTo(bench::sightingOf(static_cast<std::uint64_t>(a) * 1000000 + n), 300));
    }
  }
  return bench::durableIngest(frames, kWindow).perSecond;
}

}  // namespace

int main(int argc, char** argv) {
  const int units = argc > 1 ? std::atoi(argv[1]) : 100;
  const Millis step = (argc > 2 ? std::atoll(argv[2]) : 30) * 1000;
  const std::uint64_t sightings = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 1'000'000;
  const std::string bin = argc > 4 ? argv[4] : FIELDOPS_COORDINATOR_BIN;
  const Scenario scenario = generated(units, sightings);
  std::printf("24 h exercise: %d units, %zu injects, about %llu sightings, step %lld s\n", units,
              scenario.injects.size(), static_cast<unsigned long long>(sightings),
              static_cast<long long>(step / 1000));
  const auto dir = std::filesystem::temp_directory_path() /
                   ("fieldops-bench-replay-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  RunOptions o;
  o.coordinatorBin = bin;
  o.dataDir = dir.string();
  o.step = step;
  o.quiet = true;
  std::ostringstream console;
  auto run = runExercise(scenario, o, console);
  std::filesystem::remove_all(dir);
  if (!run) {
    std::fprintf(stderr, "bench_replay: %s\n", run.error().c_str());
    return 1;
  }
  for (const auto& w : run->warnings) std::fprintf(stderr, "warning: %s\n", w.c_str());
  const double perSecond = static_cast<double>(run->agentMessages) / run->wallSeconds;
  const double sightingsPerSecond = static_cast<double>(run->sightings) / run->wallSeconds;
  std::printf(
      "replay: %llu agent messages (%llu sightings), %llu events stored, %llu clock steps, %.1f "
      "s\n",
      static_cast<unsigned long long>(run->agentMessages),
      static_cast<unsigned long long>(run->sightings),
      static_cast<unsigned long long>(run->facts.events),
      static_cast<unsigned long long>(run->steps), run->wallSeconds);
  std::printf("runner peak memory: %ld MiB\n", peakKb() / 1024);
  const double raw = rawIngest();
  std::printf("replay           : %10.0f agent messages/s (%.0f sightings/s)\n", perSecond,
              sightingsPerSecond);
  std::printf(
      "raw ingest       : %10.0f sightings/s (64 agents, window 16, in-process coordinator)\n",
      raw);
  std::printf("ratio            : %10.2f (replay sightings/s over raw ingest)\n",
              sightingsPerSecond / raw);
  std::printf("target           : 24 h, >= 1,000,000 events in < 60 s: %s\n",
              run->sightings >= 1'000'000 && run->wallSeconds < 60 ? "met" : "NOT met");
  return 0;
}
