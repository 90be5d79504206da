// load_units: a fleet of simulated field units against a coordinator's agent link (insecure
// links only), for benchmarks and trying things by hand. Each unit is a real DEALER; all are
// driven from one thread (tests/support/unit_fleet.hpp). Registers every unit, prints
// "ready <units>", then heartbeats (and reports sightings at --sightings-per-second for the
// whole fleet) until SIGINT/SIGTERM or --seconds, printing its counts every 10 s and at the end.
//
//   load_units --agent tcp://127.0.0.1:7400 --operation LANTERN --units 1000
//              [--first 0] [--prefix UNIT] [--sightings-per-second 0] [--seconds 0]
#include <poll.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <protocol/shutdown_signal.hpp>
#include <tests/support/unit_fleet.hpp>
#include <thread>

namespace {

void printCounts(const char* what, const fieldops::test::FleetStats& s) {
  std::printf(
      "%s welcomed=%llu heartbeats=%llu sightings=%llu acknowledged=%llu errors=%llu "
      "registered-again=%llu dropped=%llu\n",
      what, static_cast<unsigned long long>(s.welcomed.load()),
      static_cast<unsigned long long>(s.heartbeats.load()),
      static_cast<unsigned long long>(s.sightings.load()),
      static_cast<unsigned long long>(s.acknowledged.load()),
      static_cast<unsigned long long>(s.errors.load()),
      static_cast<unsigned long long>(s.registrations.load()),
      static_cast<unsigned long long>(s.dropped.load()));
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  fieldops::test::FleetOptions o;
  bool live = false;
  int seconds = 0;
  CLI::App app{"a fleet of simulated field units (heartbeats, sightings)"};
  app.add_option("--agent", o.endpoint, "the coordinator's agent link")->required();
  app.add_option("--operation", o.operationId, "operation id")->required();
  app.add_flag("--live", live, "a live operation (default: an exercise)");
  app.add_option("--units", o.units, "units")->capture_default_str();
  app.add_option("--first", o.firstUnit, "number of the first callsign")->capture_default_str();
  app.add_option("--prefix", o.prefix, "callsign prefix")->capture_default_str();
  app.add_option("--sightings-per-second", o.sightingsPerSecond, "for the whole fleet");
  app.add_option("--seconds", seconds, "stop after this long (0: at SIGINT/SIGTERM)");
  CLI11_PARSE(app, argc, argv);
  o.exercise = !live;
  const int sigfd = fieldops::shutdownSignalFd();  // before the fleet's threads start
  fieldops::test::UnitFleet fleet(o);
  if (!fleet.start(std::chrono::seconds(300))) {
    printCounts("not-ready", fleet.stats());
    std::fprintf(stderr, "load_units: not every unit was welcomed within 300 s (%s)\n",
                 fleet.firstError().c_str());
    return 1;
  }
  std::printf("ready %d\n", o.units);
  std::fflush(stdout);
  std::atomic<bool> stop{false};
  std::thread driver([&] { fleet.run(stop); });
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  pollfd signal{sigfd, POLLIN, 0};
  for (;;) {
    int wait = 10'000;
    if (seconds > 0) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          until - std::chrono::steady_clock::now());
      if (left.count() <= 0) break;
      wait = static_cast<int>(std::min<std::int64_t>(wait, left.count()));
    }
    if (::poll(&signal, 1, wait) > 0) break;
    printCounts("counts", fleet.stats());
  }
  stop = true;
  driver.join();
  printCounts("final", fleet.stats());
  ::close(sigfd);
  return 0;
}
