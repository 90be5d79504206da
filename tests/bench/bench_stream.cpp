// Benchmark (not a test): the update stream and the snapshot at a small and a large number of
// connected units, only heartbeating (issue 18: the stream sent every unit every second). For
// each size: a coordinator child, the units (load_units children), one subscriber counting
// the stream's bytes for a while, and snapshots timed from request to decoded reply meanwhile.
// Both sizes run against the same binary in one run, so the ratio large / small is what counts;
// --coordinator runs another build (the one before a change) the same way.
//
//   bench_stream [--coordinator BIN] [--small 100] [--large 10000] [--seconds 20]
//                [--snapshots 7]
// See docs/performance.md, "Update stream".
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <protocol/codec.hpp>
#include <protocol/session.hpp>
#include <thread>

#include "load_rig.hpp"

using namespace fieldops;
using namespace std::chrono_literals;
using Steady = std::chrono::steady_clock;

namespace {

constexpr const char* kOperation = "BENCH-STREAM";

struct Figures {
  int units = 0;
  double bytesPerSecond = 0;  // all updates
  double heartbeatBytes = 0;  // mean size of a heartbeat update
  double heartbeatsPerSecond = 0;
  double snapshotMs = 0;  // median
  double snapshotMaxMs = 0;
  std::size_t snapshotUnits = 0;
};

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

Figures measure(const std::string& coordinatorBin, const std::string& loadBin, int units,
                int seconds, int snapshots) {
  bench::CoordinatorChild coordinator(coordinatorBin, kOperation);
  bench::LoadChildren load(loadBin, coordinator.agent(), kOperation, units);
  zmq::context_t context(1);
  zmq::socket_t sub(context, zmq::socket_type::sub);
  sub.set(zmq::sockopt::subscribe, "");
  sub.set(zmq::sockopt::linger, 0);
  sub.set(zmq::sockopt::maxmsgsize, std::int64_t{1} << 26);
  sub.connect(coordinator.updates());
  std::this_thread::sleep_for(3s);  // joined, and the units past their registration turns
  ControlClient control(context, {coordinator.control(), kOperation, true});
  Figures f;
  f.units = units;
  std::vector<double> snapshotMs;
  std::uint64_t bytes = 0, heartbeatBytes = 0, heartbeats = 0;
  zmq::message_t msg;
  while (sub.recv(msg, zmq::recv_flags::dontwait)) {
  }  // what came before the clock starts
  const auto start = Steady::now();
  const auto end = start + std::chrono::seconds(seconds);
  const auto snapshotEvery = std::chrono::milliseconds(seconds * 1000 / (snapshots + 1));
  auto nextSnapshot = start + snapshotEvery;
  zmq::pollitem_t item{sub.handle(), 0, ZMQ_POLLIN, 0};
  while (Steady::now() < end) {
    zmq::poll(&item, 1, 50ms);
    while (sub.recv(msg, zmq::recv_flags::dontwait)) {
      bytes += msg.size();
      auto env = decode(msg.to_string_view(), DecodeLimits::forReplies());
      const auto* u = env ? std::get_if<Update>(&env->body) : nullptr;
      if (u != nullptr && u->events.empty()) {
        ++heartbeats;
        heartbeatBytes += msg.size();
      }
    }
    if (Steady::now() >= nextSnapshot && static_cast<int>(snapshotMs.size()) < snapshots) {
      nextSnapshot += snapshotEvery;
      const auto asked = Steady::now();
      auto reply = control.request(SnapshotQuery{}, 30s);
      const double ms = std::chrono::duration<double, std::milli>(Steady::now() - asked).count();
      const auto* snap = reply ? std::get_if<Snapshot>(&*reply) : nullptr;
      if (snap == nullptr) {
        std::fprintf(stderr, "bench_stream: no snapshot at %d units\n", units);
        std::exit(1);
      }
      snapshotMs.push_back(ms);
      f.snapshotUnits = snap->units.size();
    }
  }
  const double elapsed = std::chrono::duration<double>(Steady::now() - start).count();
  f.bytesPerSecond = static_cast<double>(bytes) / elapsed;
  f.heartbeatsPerSecond = static_cast<double>(heartbeats) / elapsed;
  f.heartbeatBytes = heartbeats ? static_cast<double>(heartbeatBytes) / heartbeats : 0;
  f.snapshotMs = median(snapshotMs);
  f.snapshotMaxMs = *std::max_element(snapshotMs.begin(), snapshotMs.end());
  std::printf(
      "%6d units: stream %10.0f bytes/s (%.2f heartbeats/s of %.0f bytes), snapshot "
      "median %.1f ms (max %.1f, %zu units)\n%s",
      units, f.bytesPerSecond, f.heartbeatsPerSecond, f.heartbeatBytes, f.snapshotMs,
      f.snapshotMaxMs, f.snapshotUnits, load.stop().c_str());
  std::fflush(stdout);
  return f;
}

}  // namespace

int main(int argc, char** argv) {
  std::string coordinatorBin = FIELDOPS_COORDINATOR_BIN;
  int small = 100, large = 10000, seconds = 20, snapshots = 7;
  CLI::App app{"the update stream and the snapshot at a small and a large number of units"};
  app.add_option("--coordinator", coordinatorBin, "the coordinator to measure")
      ->capture_default_str();
  app.add_option("--small", small, "units")->capture_default_str();
  app.add_option("--large", large, "units")->capture_default_str();
  app.add_option("--seconds", seconds, "stream measured this long at each size")
      ->capture_default_str();
  app.add_option("--snapshots", snapshots, "snapshots timed at each size")->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  bench::raiseOpenFileLimit();
  std::printf("coordinator: %s\n", coordinatorBin.c_str());
  const Figures a = measure(coordinatorBin, FIELDOPS_LOAD_UNITS_BIN, small, seconds, snapshots);
  const Figures b = measure(coordinatorBin, FIELDOPS_LOAD_UNITS_BIN, large, seconds, snapshots);
  std::printf("ratio %d / %d units: stream bytes/s %.2f, snapshot time %.2f\n", large, small,
              a.bytesPerSecond > 0 ? b.bytesPerSecond / a.bytesPerSecond : 0,
              a.snapshotMs > 0 ? b.snapshotMs / a.snapshotMs : 0);
  return 0;
}
