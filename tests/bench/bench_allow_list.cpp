// Benchmark (not a test): the allow-list at two sizes (default 1,000 and 10,000 enrolled keys;
// issue 18). For each size, the median over `runs` of:
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
// Usage: bench_allow_list [small] [large] [runs]. See docs/performance.md, "Allow-list".
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
double reloadOnce(const AllowList& inForce, const std::string& path) {
  return timed([&] {
    auto next = AllowList::load(path);
    require(next.has_value(), "reload: " + (next ? "" : next.error()));
    const AllowListChange change = compareAllowLists(inForce, *next);
    require(change.withdrawn.empty() && change.enrolled.size() == 1, "reload: not one enrolment");
  });
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

Figures measure(std::size_t count, const std::vector<curve::KeyPair>& keys, int runs) {
  test::TempDir dir;
  const std::string path = dir / "allow-list";
  writeAllowList(path, keys, count);
  std::vector<double> load, enroll, revoke, list, reload, start;
  for (int r = 0; r < runs; ++r) {
    load.push_back(timed([&] { require(AllowList::load(path).has_value(), "load"); }));
    const curve::KeyPair& newcomer = keys[keys.size() - 1 - static_cast<std::size_t>(r)];
    const std::string name = "obs.newcomer-" + std::to_string(r);
    const AllowList before = *AllowList::load(path);
    enroll.push_back(timed([&] {
      auto bad = updateAllowList(path, [&](AllowList& l) {
        return l.enroll({newcomer.publicKey, {name, Role::observer, "", true}});
      });
      require(!bad, "enroll: " + bad.value_or(""));
    }));
    reload.push_back(reloadOnce(before, path));
    revoke.push_back(timed([&] {
      auto bad = updateAllowList(path, [&](AllowList& l) -> std::optional<std::string> {
        if (!l.revoke(name)) return "not enrolled";
        return std::nullopt;
      });
      require(!bad, "revoke: " + bad.value_or(""));
    }));
    list.push_back(timed([&] {
      auto out = test::runProgram(FIELDOPS_COORDINATOR_BIN,
                                  {"list", "--data-dir", dir / "data", "--allow-list", path},
                                  std::chrono::minutes(10));
      require(out.status == 0, "list: " + out.err);
    }));
    Operation op(dir.path(), keys[0], path);
    start.push_back(
        timed([&] { Coordinator c(op.context, *op.store, op.options, op.clock, op.log); }));
  }
  return {median(load), median(enroll), median(revoke),
          median(list), median(reload), median(start)};
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
  const int runs = argc > 3 ? std::stoi(argv[3]) : 5;
  std::vector<curve::KeyPair> keys;
  keys.reserve(large + static_cast<std::size_t>(runs));
  for (std::size_t i = 0; i < large + static_cast<std::size_t>(runs); ++i) {
    keys.push_back(curve::generate());
  }
  std::printf("allow-list: %zu and %zu keys, median of %d runs\n", small, large, runs);
  const Figures empty = measure(0, keys, runs);
  const Figures a = measure(small, keys, runs);
  const Figures b = measure(large, keys, runs);
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
    const Stall s = measureStall(n, keys);
    std::printf(
        "loop at %zu keys: longest snapshot round trip %.4f s quiet, %.4f s while one key is "
        "enrolled and taken in; ratio %.2f\n",
        n, s.quiet, s.reload, s.quiet > 0 ? s.reload / s.quiet : 0.0);
  }
  return 0;
}
