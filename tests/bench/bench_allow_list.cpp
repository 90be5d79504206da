// Benchmark (not a test): the allow-list at two sizes (default 1,000 and 10,000 enrolled keys;
// issue 18). For each size, the median over the rounds of:
//   load    AllowList::load of the file (what a coordinator does at start);
//   enroll  one more key through updateAllowList (what `enroll` does: lock, read, add, write,
//           fsync, rename);
//   revoke  that key again, the same way;
//   list    `fieldops-coordinator list`, a real child process, its output discarded;
//   reload  the work of a running coordinator's reload off its loop (read, parse, and the
//           change against the list in force);
//   start   constructing a CURVE coordinator in-process (store open, allow-list load, binds);
// each as a cost per key, (t(N) - t(0)) / N, with t(0) the same operation on an empty allow-list
// in the same run, so fixed costs (process start, fsync) drop out. The ratio of the costs per key
// between the two sizes is ~1 for near-linear work and ~10 (the size ratio) for quadratic.
// Then the loop: a running CURVE coordinator with N keys answers back-to-back snapshot requests
// from a commander; the longest round trip while one key is enrolled and taken in, against the
// longest in a quiet window of the same length (ratio ~1: the loop did not stall).
// Rounds alternate the sizes; medians over the rounds. Usage: bench_allow_list [small] [large]
// [rounds] (defaults 1,000, 10,000 and 5). See docs/performance.md, "Allow-list".
#include <spdlog/sinks/null_sink.h>

#include <algorithm>
#include <atomic>
#include <coordinator/allow_list.hpp>
#include <coordinator/coordinator.hpp>
#include <coordinator/store.hpp>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <protocol/curve.hpp>
#include <protocol/session.hpp>
#include <tests/support/support.hpp>
#include <thread>

using namespace fieldops;
using namespace std::chrono_literals;

namespace {

constexpr const char* kOperation = "BENCH";
constexpr auto kStallWindow = 3s;  // the reload looks at the file every second
constexpr int kStallTries = 3;
constexpr std::size_t kRepetitions = 5;  // of each operation in a sample, at every size

using Clock = std::chrono::steady_clock;

double seconds(Clock::duration d) {
  return std::chrono::duration<double>(d).count();
}

double timed(const std::function<void()>& f) {
  const auto t0 = Clock::now();
  f();
  return seconds(Clock::now() - t0);
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

void require(bool ok, const std::string& what) {
  if (!ok) {
    std::fprintf(stderr, "bench_allow_list: %s\n", what.c_str());
    std::exit(1);
  }
}

// One enrolment a line, as `enroll` writes them: agents bound to units, every 20th an observer.
// Written in one go (not timed), since building it with enroll is what is measured.
void writeAllowList(const std::string& path, const std::vector<curve::KeyPair>& keys,
                    std::size_t count) {
  std::ofstream out(path);
  out << "# FieldOps allow-list: PUBLIC-KEY PRINCIPAL ROLE [UNIT]\n";
  for (std::size_t i = 0; i < count; ++i) {
    if (i % 20 == 0) {
      out << keys[i].publicKey << " obs." << i << " observer\n";
    } else {
      out << keys[i].publicKey << " agent." << i << " agent UNIT-" << i << "\n";
    }
  }
  require(out.good(), "cannot write " + path);
}

struct Figures {
  double load = 0, enroll = 0, revoke = 0, list = 0, reload = 0, start = 0;
};

// The coordinator's reload, as it runs off the loop: the file read and parsed, and the change
// against the list in force (who is withdrawn, who is new).
void reload(const AllowList& inForce, const std::string& path) {
  auto next = AllowList::load(path);
  require(next.has_value(), "reload: " + (next ? "" : next.error()));
  const AllowListChange change = compareAllowLists(inForce, *next);
  require(change.withdrawn.empty() && change.enrolled.size() == 1, "reload: not one enrolment");
}

struct Operation {
  Operation(const std::string& dir, const curve::KeyPair& server, const std::string& allowList) {
    options.dataDir = dir + "/data";
    options.agentEndpoint = options.controlEndpoint = options.updatesEndpoint = "tcp://127.0.0.1:*";
    options.core.operationId = kOperation;
    options.mapSizeMb = 64;
    options.security.keyFile = dir + "/coordinator.key";
    options.security.allowListFile = allowList;
    if (!std::ifstream(options.security.keyFile)) {
      require(!curve::writeKeyFiles(options.security.keyFile, server, "coordinator"), "key file");
    }
    store = std::make_unique<EventStore>(
        StoreOptions{options.dataDir, kOperation, true, options.mapSizeMb << 20});
  }
  CoordinatorOptions options;
  zmq::context_t context{1};
  SystemClock clock;
  spdlog::logger log{"bench", std::make_shared<spdlog::sinks::null_sink_mt>()};
  std::unique_ptr<EventStore> store;
};

// One size: its allow-list file, and a data dir and key pair to start a coordinator with.
struct Size {
  Size(std::size_t count, const std::vector<curve::KeyPair>& keys, std::size_t reps)
      : count(count), reps(reps) {
    writeAllowList(path, keys, count);
  }
  std::size_t count;
  std::size_t reps;  // each sample is the mean of this many
  test::TempDir dir;
  std::string path = dir / "allow-list";
  curve::KeyPair server = curve::generate();
};

// One sample of each operation at `size`. The newcomer is enrolled and revoked again each time.
Figures sample(Size& size, const curve::KeyPair& newcomer) {
  Figures f;
  const std::string& path = size.path;
  const Enrolment enrolment{newcomer.publicKey, {"obs.newcomer", Role::observer, "", true}};
  for (std::size_t r = 0; r < size.reps; ++r) {
    f.load += timed([&] { require(AllowList::load(path).has_value(), "load"); });
    const AllowList before = *AllowList::load(path);
    f.enroll += timed([&] {
      auto bad = updateAllowList(path, [&](AllowList& l) { return l.enroll(enrolment); });
      require(!bad, "enroll: " + bad.value_or(""));
    });
    f.reload += timed([&] { reload(before, path); });
    f.revoke += timed([&] {
      auto bad = updateAllowList(path, [&](AllowList& l) -> std::optional<std::string> {
        if (!l.revoke(enrolment.principal.name)) return "not enrolled";
        return std::nullopt;
      });
      require(!bad, "revoke: " + bad.value_or(""));
    });
    f.list += timed([&] {
      auto out = test::runProgram(FIELDOPS_COORDINATOR_BIN,
                                  {"list", "--data-dir", size.dir / "data", "--allow-list", path},
                                  std::chrono::minutes(10));
      require(out.status == 0, "list: " + out.err);
    });
    // A context of its own each time: the ZAP handler's inproc endpoint is released late.
    Operation op(size.dir.path(), size.server, path);
    f.start += timed([&] { Coordinator c(op.context, *op.store, op.options, op.clock, op.log); });
  }
  for (double Figures::*field : {&Figures::load, &Figures::enroll, &Figures::revoke, &Figures::list,
                                 &Figures::reload, &Figures::start}) {
    f.*field /= static_cast<double>(size.reps);
  }
  return f;
}

Figures medians(const std::vector<Figures>& samples) {
  Figures m;
  for (double Figures::*field : {&Figures::load, &Figures::enroll, &Figures::revoke, &Figures::list,
                                 &Figures::reload, &Figures::start}) {
    std::vector<double> v;
    for (const auto& s : samples) v.push_back(s.*field);
    m.*field = median(v);
  }
  return m;
}

// The longest round trip of back-to-back snapshot requests by a commander over `window`; with
// `during`, called once at the start of the window (the enrolment).
double longestRoundTrip(Operation& op, const curve::ClientKeys& commander, Coordinator& c,
                        const std::function<void()>& during) {
  SessionOptions s{c.controlEndpoint(), kOperation, true};
  s.keys = commander;
  ControlClient client(op.context, s);
  require(client.request(SnapshotQuery{}, 30s).has_value(), "no first snapshot");
  std::atomic<bool> done{false};
  double longest = 0;
  std::thread probe([&] {
    while (!done) {
      const double t =
          timed([&] { require(client.request(SnapshotQuery{}, 120s).has_value(), "no snapshot"); });
      longest = std::max(longest, t);
    }
  });
  if (during) during();
  std::this_thread::sleep_for(kStallWindow);
  done = true;
  probe.join();
  return longest;
}

struct Stall {
  double quiet = 0, reload = 0;
};

Stall measureStall(std::size_t count, const std::vector<curve::KeyPair>& keys) {
  test::TempDir dir;
  const std::string path = dir / "allow-list";
  writeAllowList(path, keys, count);
  const curve::KeyPair server = curve::generate();
  const curve::KeyPair commander = curve::generate();
  const curve::KeyPair newcomer = curve::generate();
  require(!updateAllowList(
              path,
              [&](AllowList& l) {
                return l.enroll({commander.publicKey, {"cmdr.bench", Role::commander, "", true}});
              }),
          "enrol the commander");
  Operation op(dir.path(), server, path);
  Coordinator c(op.context, *op.store, op.options, op.clock, op.log);
  std::atomic<bool> stop{false};
  std::thread loop([&] { c.run(stop); });
  const curve::ClientKeys keysOf{commander, server.publicKey};
  Stall s;
  s.quiet = longestRoundTrip(op, keysOf, c, {});
  s.reload = longestRoundTrip(op, keysOf, c, [&] {
    require(!updateAllowList(
                path,
                [&](AllowList& l) {
                  return l.enroll({newcomer.publicKey, {"obs.newcomer", Role::observer, "", true}});
                }),
            "enrol the newcomer");
  });
  stop = true;
  loop.join();
  return s;
}

double perKey(double t, double t0, std::size_t n) {
  return std::max(t - t0, 0.0) / static_cast<double>(n);
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t small = argc > 1 ? std::stoul(argv[1]) : 1000;
  const std::size_t large = argc > 2 ? std::stoul(argv[2]) : 10000;
  const int rounds = argc > 3 ? std::stoi(argv[3]) : 5;
  std::vector<curve::KeyPair> keys;
  keys.reserve(large + 1);
  for (std::size_t i = 0; i < large + 1; ++i) {
    keys.push_back(curve::generate());
  }
  std::printf("allow-list: %zu and %zu keys, median of %d rounds\n", small, large, rounds);
  // Rounds alternate the sizes, so that a slow moment of the disk or the CPU hits all alike.
  const curve::KeyPair& newcomer = keys.back();
  std::vector<std::unique_ptr<Size>> sizes;
  for (std::size_t n : {std::size_t{0}, small, large}) {
    sizes.push_back(std::make_unique<Size>(n, keys, kRepetitions));
  }
  std::vector<std::vector<Figures>> samples(sizes.size());
  for (int r = 0; r < rounds; ++r) {
    for (std::size_t i = 0; i < sizes.size(); ++i) {
      samples[i].push_back(sample(*sizes[i], newcomer));
    }
  }
  const Figures empty = medians(samples[0]);
  const Figures a = medians(samples[1]);
  const Figures b = medians(samples[2]);
  std::printf("%-8s %12s %12s %12s %14s %14s %8s\n", "", "empty s", "small s", "large s",
              "small us/key", "large us/key", "ratio");
  const auto row = [&](const char* name, double Figures::*f) {
    const double ka = perKey(a.*f, empty.*f, small) * 1e6;
    const double kb = perKey(b.*f, empty.*f, large) * 1e6;
    std::printf("%-8s %12.4f %12.4f %12.4f %14.3f %14.3f %8.2f\n", name, empty.*f, a.*f, b.*f, ka,
                kb, ka > 0 ? kb / ka : 0.0);
  };
  row("load", &Figures::load);
  row("enroll", &Figures::enroll);
  row("revoke", &Figures::revoke);
  row("list", &Figures::list);
  row("reload", &Figures::reload);
  row("start", &Figures::start);
  for (std::size_t n : {small, large}) {
    std::vector<double> quiet, reloading;
    for (int t = 0; t < kStallTries; ++t) {
      const Stall s = measureStall(n, keys);
      quiet.push_back(s.quiet);
      reloading.push_back(s.reload);
    }
    const double q = median(quiet), l = median(reloading);
    std::printf(
        "loop at %zu keys: longest snapshot round trip %.4f s quiet, %.4f s while one key is "
        "enrolled and taken in (medians of %d); ratio %.2f\n",
        n, q, l, kStallTries, q > 0 ? l / q : 0.0);
  }
  return 0;
}
