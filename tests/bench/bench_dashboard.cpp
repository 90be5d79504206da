// Benchmark (not a test): fieldops-dashboard against a store of 100,000 sightings and 10,000
// tasks. (1) Snapshot plus first draw: from starting the dashboard to the first frame that shows
// the snapshot, drawn by real ncurses (newterm onto /dev/null, 200x60), against a bare snapshot
// request and decode of the same coordinator. (2) Steady state at 1,000 updates per second for
// 10 s: the CPU time of the dashboard's loop thread (RUSAGE_THREAD) against a bare SUB loop that
// receives and decodes the same stream. Usage: bench_dashboard [sightings] [tasks] [seconds].
// See docs/performance.md, "Dashboard".
#include <spdlog/sinks/null_sink.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <clocale>
#include <coordinator/coordinator.hpp>
#include <coordinator/store.hpp>
#include <cstdio>
#include <cstdlib>
#include <protocol/session.hpp>
#include <tests/support/support.hpp>
#include <thread>
#include <tui/loop.hpp>

using namespace fieldops;
using namespace fieldops::dashboard;
using namespace std::chrono_literals;

namespace {

constexpr const char* kOperation = "BENCH";
constexpr Millis kStart = 1'800'000'000'000;
constexpr int kUnitCount = 50;

double seconds(std::chrono::steady_clock::duration d) {
  return std::chrono::duration<double>(d).count();
}

double threadCpu() {
  rusage u{};
  getrusage(RUSAGE_THREAD, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

std::string callsign(int i) {
  return "UNIT-" + std::to_string(i);
}

Sighting sightingOf(int n) {
  Sighting s = test::sampleSighting("S-" + std::to_string(n), kStart + n);
  s.subject.names = {n % 3 == 0 ? "Ахмед Салех" : n % 3 == 1 ? "أحمد كريمي" : "Ana Petrova"};
  s.minorCount = n % 17 == 0 ? 1 : 0;
  s.personCount = std::max<std::uint32_t>(s.personCount, s.minorCount);
  return s;
}

// Appends the history in batches, applying each event first as the coordinator does.
void buildStore(EventStore& store, int sightings, int tasks) {
  OperationState state;
  std::vector<Event> batch;
  const auto flush = [&] {
    for (const auto& e : batch) apply(state, e);
    store.append(batch, state);
    batch.clear();
  };
  Millis t = kStart;
  for (int u = 0; u < kUnitCount; ++u) {
    Hello h = test::sampleHello(callsign(u));
    h.position = {41.5 + u * 0.02, 21.0 + u * 0.03};
    batch.push_back({t++, callsign(u), UnitRegistered{h}});
  }
  for (int n = 0; n < tasks; ++n) {
    Task task{static_cast<std::uint64_t>(n + 1),
              TaskKind::INSPECT_VEHICLE,
              Priority::P3,
              kStart + 3'600'000,
              std::string("Tabanovce border crossing"),
              "bench task"};
    batch.push_back({t++, "control", TaskCreated{task}});
    batch.push_back({t++, "control", TaskAssigned{task.taskId, callsign(n % kUnitCount)}});
    if (batch.size() >= 10000) flush();
  }
  for (int n = 0; n < sightings; ++n) {
    batch.push_back(
        {t++, callsign(n % kUnitCount), SightingRecorded{callsign(n % kUnitCount), sightingOf(n)}});
    if (batch.size() >= 10000) flush();
  }
  flush();
}

struct InProcessCoordinator {
  explicit InProcessCoordinator(EventStore& store) {
    options.agentEndpoint = "tcp://127.0.0.1:*";
    options.controlEndpoint = "tcp://127.0.0.1:*";
    options.updatesEndpoint = "tcp://127.0.0.1:*";
    options.core.operationId = kOperation;
    options.security.insecureDev = true;  // the dashboard is measured, not CURVE
    coordinator = std::make_unique<Coordinator>(context, store, options, clock, log);
    loop = std::thread([this] { coordinator->run(stop); });
  }
  ~InProcessCoordinator() {
    stop = true;
    loop.join();
  }
  CoordinatorOptions options;
  zmq::context_t context{1};
  SystemClock clock;
  spdlog::logger log{"bench", std::make_shared<spdlog::sinks::null_sink_mt>()};
  std::unique_ptr<Coordinator> coordinator;
  std::atomic<bool> stop{false};
  std::thread loop;
};

// One update as the coordinator would publish it for a stored sighting; every tenth also
// carries a task that changed.
std::string updateFrame(std::uint64_t seq, int n) {
  Update u;
  u.lastSeq = seq;
  u.clock = kStart + static_cast<Millis>(seq);
  const std::string unit = callsign(n % kUnitCount);
  const Sighting s = sightingOf(1'000'000 + n);
  u.events = {{seq,
               u.clock,
               "sightingRecorded",
               unit,
               {"unit:" + unit, "sighting:" + unit + "/" + s.sightingId},
               "a sighting"}};
  u.sightings = {{seq, unit, s, {}}};
  if (n % 10 == 0) {
    TaskView t;
    t.task = {static_cast<std::uint64_t>(n % 1000 + 1),
              TaskKind::INSPECT_VEHICLE,
              Priority::P2,
              kStart + 3'600'000,
              std::string("Tabanovce border crossing"),
              "bench task"};
    t.state = TaskState::EN_ROUTE;
    t.unit = unit;
    t.history = {{TaskState::CREATED, kStart, ""}, {TaskState::EN_ROUTE, u.clock, ""}};
    u.tasks = {t};
  }
  return encode(Envelope{kProtocolVersion, kOperation, true, seq, u.clock, u});
}

// Publishes `rate` updates a second for `secs` seconds, contiguous from firstSeq.
void publish(zmq::socket_t& pub, std::uint64_t firstSeq, int rate, int secs) {
  const auto begin = std::chrono::steady_clock::now();
  for (int n = 0; n < rate * secs; ++n) {
    const auto due = begin + std::chrono::microseconds(static_cast<long>(n) * 1'000'000 / rate);
    std::this_thread::sleep_until(due);
    const std::string frame = updateFrame(firstSeq + static_cast<std::uint64_t>(n), n);
    pub.send(zmq::buffer(frame), zmq::send_flags::none);
  }
}

}  // namespace

int main(int argc, char** argv) {
  const int sightings = argc > 1 ? std::atoi(argv[1]) : 100'000;
  const int tasks = argc > 2 ? std::atoi(argv[2]) : 10'000;
  const int secs = argc > 3 ? std::atoi(argv[3]) : 10;
  constexpr int kRate = 1000;
  std::setlocale(LC_ALL, "C.UTF-8");
  test::TempDir dir;
  EventStore store(StoreOptions{dir / "data", kOperation, true, std::size_t{4} << 30, false});
  auto built = std::chrono::steady_clock::now();
  buildStore(store, sightings, tasks);
  std::printf("store: %d sightings, %d tasks, %d units, %llu events (built in %.1f s)\n", sightings,
              tasks, kUnitCount, static_cast<unsigned long long>(store.lastSeq()),
              seconds(std::chrono::steady_clock::now() - built));
  InProcessCoordinator c(store);
  const std::string control = c.coordinator->controlEndpoint();

  // Baseline: a bare snapshot request and decode, median of 3.
  std::vector<double> bare;
  std::size_t snapshotTasks = 0;
  for (int r = 0; r < 3; ++r) {
    zmq::context_t ctx(1);
    ControlClient client(ctx, {control, kOperation, true});
    const auto t0 = std::chrono::steady_clock::now();
    auto reply = client.request(SnapshotQuery{}, 30s);
    bare.push_back(seconds(std::chrono::steady_clock::now() - t0));
    if (!reply)
      return std::fprintf(stderr, "snapshot failed: %s\n", reply.error().message.c_str()), 1;
    snapshotTasks = std::get<Snapshot>(*reply).tasks.size();
  }
  std::sort(bare.begin(), bare.end());
  // And the feed's fill: the newest 200 sightings, as the dashboard asks after each snapshot.
  double bareFeed = 0;
  {
    zmq::context_t ctx(1);
    ControlClient client(ctx, {control, kOperation, true});
    const auto t0 = std::chrono::steady_clock::now();
    auto reply = client.request(SightingQuery{0, 200, true}, 30s);
    bareFeed = seconds(std::chrono::steady_clock::now() - t0);
    if (!reply)
      return std::fprintf(stderr, "sightings failed: %s\n", reply.error().message.c_str()), 1;
  }

  // The dashboard: its own ZeroMQ context, its terminal on /dev/null, keys from a quiet pipe.
  zmq::context_t ctx(1);
  zmq::socket_t pub(ctx, zmq::socket_type::pub);
  pub.set(zmq::sockopt::sndhwm, 100000);
  pub.bind("tcp://127.0.0.1:*");
  const std::string updates = pub.get(zmq::sockopt::last_endpoint);
  int keys[2];
  if (pipe(keys) != 0) return 1;
  ::setenv("TERM", "xterm-256color", 1);
  ::setenv("LINES", "60", 1);
  ::setenv("COLUMNS", "200", 1);
  std::FILE* out = std::fopen("/dev/null", "w");
  std::FILE* in = fdopen(keys[0], "r");
  DashboardOptions o;
  o.control = control;
  o.updates = updates;
  o.operationId = kOperation;
  o.commander = "bench";
  double firstDraw = 0, feedDraw = 0;
  double dashboardCpu = 0, bareCpu = 0;
  std::size_t applied = 0;
  std::uint64_t steadyFrames = 0;
  {
    Screen screen(false, out, in);
    const auto t0 = std::chrono::steady_clock::now();
    Dashboard d(ctx, o, screen, keys[0]);
    // Drawn: the change is in the picture and no frame is pending.
    while (firstDraw == 0 || feedDraw == 0) {
      d.turn(-1, 10);
      const bool drawn = d.model().hasSnapshot() && !d.drawPending();
      if (drawn && firstDraw == 0) firstDraw = seconds(std::chrono::steady_clock::now() - t0);
      if (drawn && d.model().picture().sightings.size() >= 200) {
        feedDraw = seconds(std::chrono::steady_clock::now() - t0);
      }
      if (seconds(std::chrono::steady_clock::now() - t0) > 60) {
        return std::fprintf(stderr, "no first draw\n"), 1;
      }
    }
    // Steady state: the publisher and the bare SUB loop on their own threads, the dashboard here.
    const std::uint64_t seq = d.model().picture().seq;
    std::atomic<bool> done{false};
    std::thread bareLoop([&] {
      zmq::socket_t sub(ctx, zmq::socket_type::sub);
      sub.set(zmq::sockopt::subscribe, "");
      sub.set(zmq::sockopt::rcvhwm, 100000);
      sub.connect(updates);
      std::this_thread::sleep_for(300ms);  // joined before the first update
      const double cpu0 = threadCpu();
      while (!done) {
        zmq::pollitem_t item{sub.handle(), 0, ZMQ_POLLIN, 0};
        zmq::poll(&item, 1, 250ms);
        zmq::message_t msg;
        while (sub.recv(msg, zmq::recv_flags::dontwait))
          (void)decode(msg.to_string_view(), DecodeLimits::forReplies());
      }
      bareCpu = threadCpu() - cpu0;
    });
    std::this_thread::sleep_for(300ms);
    std::thread publisher([&] {
      publish(pub, seq + 1, kRate, secs);
      std::this_thread::sleep_for(200ms);
      done = true;
    });
    const double cpu0 = threadCpu();
    const std::uint64_t frames0 = d.frames();
    while (!done) d.turn(-1, 250);
    dashboardCpu = threadCpu() - cpu0;
    steadyFrames = d.frames() - frames0;
    applied = d.model().picture().seq - seq;
    publisher.join();
    bareLoop.join();
  }
  std::fclose(out);
  std::fclose(in);
  close(keys[1]);
  std::printf("snapshot of %zu tasks: bare request+decode %.3f s (median of 3)\n", snapshotTasks,
              bare[1]);
  std::printf("dashboard snapshot + first draw: %.3f s (ratio %.1f to the bare request)\n",
              firstDraw, firstDraw / bare[1]);
  std::printf(
      "feed of the newest 200 sightings drawn: %.3f s (the bare sightings query alone: %.3f s)\n",
      feedDraw, bareFeed);
  std::printf(
      "steady state at %d updates/s for %d s: %zu applied, %llu frames; dashboard loop CPU %.2f s "
      "= "
      "%.1f%% of a core; bare SUB+decode %.2f s = %.1f%%; ratio %.1f\n",
      kRate, secs, applied, static_cast<unsigned long long>(steadyFrames), dashboardCpu,
      100 * dashboardCpu / secs, bareCpu, 100 * bareCpu / secs,
      bareCpu > 0 ? dashboardCpu / bareCpu : 0.0);
  return 0;
}
