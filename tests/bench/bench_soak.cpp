// Benchmark (not a test): a soak. A compressed operation of many days' sightings and hours of
// heartbeats: 1,000 units heartbeating ten times faster than live (100 ms) and reporting
// sightings, for a wall time of 30 minutes by default, against a coordinator child. Its
// resident memory is sampled every few seconds and printed as a curve; the run fails (exit 1)
// when the heap after the warm-up grows by more than a small bound. Then the units leave, and
// what the coordinator holds afterwards is printed. See docs/performance.md, "Memory".
//
//   bench_soak [--minutes 30] [--warmup-minutes 5] [--units 1000] [--heartbeat-ms 100]
//              [--sightings-per-second 20] [--sample-seconds 5] [--print-seconds 60]
//              [--bound-mb 8] [--coordinator BIN]
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <protocol/session.hpp>
#include <tests/support/unit_fleet.hpp>
#include <thread>

#include "load_rig.hpp"

using namespace fieldops;
using namespace std::chrono_literals;
using Steady = std::chrono::steady_clock;

namespace {

constexpr const char* kOperation = "BENCH-SOAK";

struct Sample {
  double minutes = 0;
  test::Resident memory;
};

double mib(std::uint64_t kib) {
  return static_cast<double>(kib) / 1024.0;
}

void print(const char* what, const Sample& s) {
  std::printf("%-10s %7.1f min  heap %8.1f MiB  resident %8.1f MiB  (file %6.1f MiB)\n", what,
              s.minutes, mib(s.memory.anonKib), mib(s.memory.totalKib), mib(s.memory.fileKib));
  std::fflush(stdout);
}

// Least-squares slope of the heap over the samples, in KiB a minute.
double slopeKibPerMinute(const std::vector<Sample>& samples) {
  double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (const auto& s : samples) {
    const double y = static_cast<double>(s.memory.anonKib);
    n += 1;
    sx += s.minutes;
    sy += y;
    sxx += s.minutes * s.minutes;
    sxy += s.minutes * y;
  }
  const double d = n * sxx - sx * sx;
  return d == 0 ? 0 : (n * sxy - sx * sy) / d;
}

std::uint64_t countAfter(const std::string& text, const std::string& key) {
  std::uint64_t total = 0;
  for (auto at = text.find(key); at != std::string::npos; at = text.find(key, at + 1)) {
    total += std::stoull(text.substr(at + key.size()));
  }
  return total;
}

}  // namespace

int main(int argc, char** argv) {
  std::string coordinatorBin = FIELDOPS_COORDINATOR_BIN;
  double minutes = 30, warmupMinutes = -1, sightingsPerSecond = 20, boundMb = 8;
  int units = 1000, heartbeatMs = 100, sampleSeconds = 5, printSeconds = 60;
  CLI::App app{"a soak: memory of a coordinator under units heartbeating and reporting"};
  app.add_option("--minutes", minutes, "wall time under load")->capture_default_str();
  app.add_option("--warmup-minutes", warmupMinutes, "not judged (default: a sixth, 1 to 5)");
  app.add_option("--units", units, "units")->capture_default_str();
  app.add_option("--heartbeat-ms", heartbeatMs, "heartbeat interval")->capture_default_str();
  app.add_option("--sightings-per-second", sightingsPerSecond, "for all units")
      ->capture_default_str();
  app.add_option("--sample-seconds", sampleSeconds, "memory sampled this often")
      ->capture_default_str();
  app.add_option("--print-seconds", printSeconds, "a line of the curve this often")
      ->capture_default_str();
  app.add_option("--bound-mb", boundMb, "most the heap may grow after the warm-up")
      ->capture_default_str();
  app.add_option("--coordinator", coordinatorBin, "the coordinator to soak")->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  if (warmupMinutes < 0) warmupMinutes = std::clamp(minutes / 6, 1.0, 5.0);
  bench::raiseOpenFileLimit();
  // Lost after about 3 s of silence, as with the live defaults (1 s, 3 intervals).
  const int liveness = std::clamp(3000 / heartbeatMs, 3, 100);
  std::printf(
      "soak: %d units, heartbeat every %d ms (lost after %d), %.0f sightings/s, %.1f min "
      "(warm-up %.1f), bound %.1f MiB, coordinator %s\n",
      units, heartbeatMs, liveness, sightingsPerSecond, minutes, warmupMinutes, boundMb,
      coordinatorBin.c_str());
  bench::CoordinatorChild coordinator(coordinatorBin, kOperation,
                                      {"--heartbeat-ms", std::to_string(heartbeatMs),
                                       "--heartbeat-liveness", std::to_string(liveness)});
  std::this_thread::sleep_for(2s);
  const auto started = Steady::now();
  auto sample = [&] {
    return Sample{std::chrono::duration<double>(Steady::now() - started).count() / 60,
                  test::residentOf(coordinator.pid())};
  };
  const Sample idle = sample();
  print("idle", idle);

  auto load = std::make_unique<bench::LoadChildren>(FIELDOPS_LOAD_UNITS_BIN, coordinator.agent(),
                                                    kOperation, units, sightingsPerSecond);
  const auto loaded = Steady::now();
  print("registered", sample());
  std::vector<Sample> judged;  // after the warm-up
  std::optional<Sample> warm;
  const auto end = loaded + std::chrono::duration<double>(minutes * 60);
  const auto warmEnd = loaded + std::chrono::duration<double>(warmupMinutes * 60);
  auto nextPrint = loaded;
  while (Steady::now() < end) {
    std::this_thread::sleep_for(std::chrono::seconds(sampleSeconds));
    const Sample s = sample();
    if (Steady::now() >= warmEnd) {
      if (!warm) {
        warm = s;
        print("warm", s);
      }
      judged.push_back(s);
    }
    if (Steady::now() >= nextPrint) {
      print("", s);
      nextPrint += std::chrono::seconds(printSeconds);
    }
  }
  const Sample last = sample();
  print("end", last);
  const std::string counts = load->stop();
  load.reset();
  std::printf("%s", counts.c_str());

  // The units left: the coordinator finds them lost and gives their buffers back.
  std::this_thread::sleep_for(std::chrono::milliseconds(heartbeatMs * liveness) + 20s);
  const Sample left = sample();
  print("left", left);
  zmq::context_t context(1);
  ControlClient control(context, {coordinator.control(), kOperation, true});
  if (auto reply = control.request(SnapshotQuery{}, 30s); reply) {
    if (const auto* snap = std::get_if<Snapshot>(&*reply)) {
      const auto lost =
          std::count_if(snap->units.begin(), snap->units.end(),
                        [](const UnitView& u) { return u.status == UnitStatus::LOST; });
      const auto open = std::count_if(snap->alerts.begin(), snap->alerts.end(), [](const auto& a) {
        return a.state != AlertState::RESOLVED;
      });
      std::printf(
          "the coordinator holds %zu units (%ld lost), %zu tasks, %ld open alerts, %llu "
          "events\n",
          snap->units.size(), static_cast<long>(lost), snap->tasks.size(), static_cast<long>(open),
          static_cast<unsigned long long>(snap->seq));
    }
  }

  const std::uint64_t sightings = countAfter(counts, "acknowledged=");
  if (!warm) {
    std::printf("FAIL: the run ended before the warm-up did\n");
    return 1;
  }
  const double soaked = last.minutes - warm->minutes;
  const double growthKib =
      static_cast<double>(last.memory.anonKib) - static_cast<double>(warm->memory.anonKib);
  const double slope = slopeKibPerMinute(judged);
  const double sightingsAfterWarm =
      static_cast<double>(sightings) * soaked / (last.minutes - idle.minutes);
  std::printf(
      "heap after the warm-up: %+.1f MiB over %.1f min (slope %+.1f KiB/min); "
      "%llu sightings stored in all, about %.0f after the warm-up: %.1f bytes a sighting\n",
      growthKib / 1024, soaked, slope, static_cast<unsigned long long>(sightings),
      sightingsAfterWarm, sightingsAfterWarm > 0 ? growthKib * 1024 / sightingsAfterWarm : 0);
  std::printf(
      "heap for %d connected units: %.1f MiB over idle (%.1f KiB a unit, with the "
      "sightings of the warm-up)\n",
      units, (mib(warm->memory.anonKib) - mib(idle.memory.anonKib)),
      (static_cast<double>(warm->memory.anonKib) - static_cast<double>(idle.memory.anonKib)) /
          units);
  std::printf("heap after the units left: %+.1f MiB over idle\n",
              mib(left.memory.anonKib) - mib(idle.memory.anonKib));
  const bool flat = growthKib <= boundMb * 1024;
  std::printf("%s: the heap grew %.1f MiB after the warm-up (bound %.1f MiB)\n",
              flat ? "PASS" : "FAIL", growthKib / 1024, boundMb);
  return flat ? 0 : 1;
}
